-- +goose Up
-- The records each person opened last, for the dashboard: one row per
-- person and record, moved to the top when opened again.
CREATE TABLE recent_views (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    entity     TEXT    NOT NULL,
    entity_id  INTEGER NOT NULL,
    viewed_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, entity, entity_id)
);
CREATE INDEX recent_views_user ON recent_views(user_id, viewed_at);
-- Customers waiting to be sent, in conflict or removed in Magento: few,
-- counted per channel on the dashboard from this small index.
CREATE INDEX magento_customers_flagged ON magento_customers(organization_id, channel_id, owner_user_id, sync_state) WHERE (sync_state <> 0);

-- +goose Down
DROP INDEX magento_customers_flagged;
DROP TABLE recent_views;
