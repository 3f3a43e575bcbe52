-- +goose Up
-- The conflicts a person has not settled yet: a field both magecrm and
-- Magento changed, the value the channel's priority kept and the one that
-- lost (for an address, lost_address holds the whole address as JSON, or
-- 'null' when that side removed it). One per customer and field: a newer
-- conflict on the field replaces the older. A customer is in conflict
-- (sync_state bit 4) while it has rows here. Conflicts recorded before
-- this table kept their losing value only in the history, where it stays:
-- their flag is cleared, as nothing could be offered to take.
CREATE TABLE customer_conflicts (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES magento_customers(id) ON DELETE CASCADE,
    channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    field        TEXT    NOT NULL,
    kept         TEXT    NOT NULL,
    lost         TEXT    NOT NULL,
    lost_address TEXT    NOT NULL DEFAULT '',
    kept_local   BOOLEAN NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX customer_conflicts_field ON customer_conflicts(customer_id, field);
CREATE INDEX customer_conflicts_channel ON customer_conflicts(channel_id, created_at);
UPDATE magento_customers SET sync_state = sync_state - 4 WHERE (sync_state & 4) <> 0;

-- +goose Down
DROP TABLE customer_conflicts;
