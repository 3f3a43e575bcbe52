-- +goose Up
-- Four of the first indexes of magento_customers serve nothing the grid's
-- organization-first indexes (migrations 00100 and 00125) do not: every
-- customer list is scoped to an organization, and the query plans of every
-- grid case (bench/grid -explain, 200,000 customers) are the same without
-- them. The email check of a save reads magento_customers_org_email. A first
-- import builds every index at its end, so each one dropped here is a sort
-- of the whole table less (at 1,000,000 customers about 2 s of one core for
-- each text index). An index still deferred by an unfinished first import
-- is forgotten too. (PostgreSQL keeps magento_customers_email: its email
-- sort needs the database's collation, which magento_customers_org_email's
-- text_pattern_ops does not give.)
DELETE FROM deferred_indexes WHERE name IN ('magento_customers_email', 'magento_customers_name', 'magento_customers_owner', 'magento_customers_updated');
DROP INDEX IF EXISTS magento_customers_email;
DROP INDEX IF EXISTS magento_customers_name;
DROP INDEX IF EXISTS magento_customers_owner;
DROP INDEX IF EXISTS magento_customers_updated;

-- +goose Down
CREATE INDEX magento_customers_email ON magento_customers(lower(email), website_id);
CREATE INDEX magento_customers_name ON magento_customers(last_name, first_name, id);
CREATE INDEX magento_customers_owner ON magento_customers(owner_user_id, last_name, first_name, id);
CREATE INDEX magento_customers_updated ON magento_customers(updated_at, id);
