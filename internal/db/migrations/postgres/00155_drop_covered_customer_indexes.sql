-- +goose Up
-- Three of the first indexes of magento_customers serve nothing the grid's
-- organization-first indexes (migrations 00100 and 00125) do not: every
-- customer list is scoped to an organization, and no query plan of a grid
-- case (bench/grid -explain, 200,000 customers) reads them. A first import
-- builds every index at its end, so each one dropped here is a sort of the
-- whole table less. An index still deferred by an unfinished first import
-- is forgotten too.
-- magento_customers_email stays on PostgreSQL (SQLite drops it): the email
-- sort reads it, as magento_customers_org_email's text_pattern_ops orders
-- bytes, not the database's collation.
DELETE FROM deferred_indexes WHERE name IN ('magento_customers_name', 'magento_customers_owner', 'magento_customers_updated');
DROP INDEX IF EXISTS magento_customers_name;
DROP INDEX IF EXISTS magento_customers_owner;
DROP INDEX IF EXISTS magento_customers_updated;

-- +goose Down
CREATE INDEX magento_customers_name ON magento_customers(last_name, first_name, id);
CREATE INDEX magento_customers_owner ON magento_customers(owner_user_id, last_name, first_name, id);
CREATE INDEX magento_customers_updated ON magento_customers(updated_at, id);
