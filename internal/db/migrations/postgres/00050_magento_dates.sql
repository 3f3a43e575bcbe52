-- +goose Up
-- The grid shows, filters and sorts by Magento's own created and updated
-- times (remote_created_at, remote_updated_at: Magento's UTC
-- "YYYY-MM-DD HH:MM:SS", which sorts as text in time order); magecrm's own
-- times are shown as Imported and Synced. Each index starts with the
-- organization every grid query is scoped to. The indexes on magecrm's
-- times they replace served nothing else. An index still deferred by an
-- import that died is replaced here too.
DROP INDEX IF EXISTS magento_customers_created;
DROP INDEX IF EXISTS magento_customers_country;
DROP INDEX IF EXISTS magento_customers_org_country;
DELETE FROM deferred_indexes WHERE name IN ('magento_customers_created', 'magento_customers_country', 'magento_customers_org_country');
-- The created index also carries what the dashboard's charts add up (new
-- customers per week, their lifetime value per month) and the owner the
-- scope compares, so the charts read the index alone.
CREATE INDEX magento_customers_org_mcreated ON magento_customers(organization_id, remote_created_at, id, owner_user_id, currency, lifetime_value);
CREATE INDEX magento_customers_org_mupdated ON magento_customers(organization_id, remote_updated_at, id);
CREATE INDEX magento_customers_org_country ON magento_customers(organization_id, billing_country, remote_updated_at, id);
-- Lifetime value sorts within each currency, never mixing amounts of
-- different currencies.
CREATE INDEX magento_customers_org_lifetime ON magento_customers(organization_id, currency, lifetime_value, id);

-- +goose Down
DROP INDEX magento_customers_org_lifetime;
DROP INDEX magento_customers_org_country;
DROP INDEX magento_customers_org_mupdated;
DROP INDEX magento_customers_org_mcreated;
CREATE INDEX magento_customers_org_country ON magento_customers(organization_id, billing_country, updated_at, id);
CREATE INDEX magento_customers_country ON magento_customers(billing_country, updated_at);
CREATE INDEX magento_customers_created ON magento_customers(created_at, id);
