-- +goose Up
-- Nothing on SQLite: migration 00155 drops magento_customers_email here as
-- it always did. On PostgreSQL this version builds the index again where
-- 00155's first form had dropped it. The file keeps the two trees'
-- versions in step.

-- +goose Down
