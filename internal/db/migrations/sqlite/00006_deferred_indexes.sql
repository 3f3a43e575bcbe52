-- +goose Up
-- Secondary indexes of magento_customers dropped for the first import into
-- an empty table, to be built once at its end (store.DeferCustomerIndexes).
-- A row here after a crash means the index is still to be rebuilt.
CREATE TABLE deferred_indexes (
    name       TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);

-- +goose Down
DROP TABLE deferred_indexes;
