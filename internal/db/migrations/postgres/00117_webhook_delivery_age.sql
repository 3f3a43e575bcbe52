-- +goose Up
-- Finds the delivered and failed deliveries old enough to be pruned from
-- the delivery log.
CREATE INDEX webhook_deliveries_state_age ON webhook_deliveries(state, updated_at);

-- +goose Down
DROP INDEX webhook_deliveries_state_age;
