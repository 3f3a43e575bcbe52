-- +goose Up
-- What the import sync needs beyond 00002: the live figures of a run for
-- the channel page, a stable address key for upserts, and the lookups the
-- importer makes per batch.
ALTER TABLE sync_runs ADD COLUMN rate REAL NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN eta_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN heartbeat_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sync_errors_run ON sync_errors(run_id, id);
-- The address key also serves every lookup by customer, so the importer
-- does not pay for a second index on each of a big store's addresses.
CREATE UNIQUE INDEX magento_addresses_origin ON magento_addresses(customer_id, origin_id);
DROP INDEX magento_addresses_customer;
CREATE INDEX magento_orders_customer_origin ON magento_orders(channel_id, customer_origin_id);

-- +goose Down
DROP INDEX magento_orders_customer_origin;
CREATE INDEX magento_addresses_customer ON magento_addresses(customer_id);
DROP INDEX magento_addresses_origin;
DROP INDEX sync_errors_run;
ALTER TABLE sync_runs DROP COLUMN heartbeat_at;
ALTER TABLE sync_runs DROP COLUMN eta_ms;
ALTER TABLE sync_runs DROP COLUMN rate;
