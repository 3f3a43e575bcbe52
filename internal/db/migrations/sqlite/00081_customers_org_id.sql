-- +goose Up
-- The API's customer list walks an organization's customers by id (keyset
-- paging): with this index each page is a range read in order, where the
-- planner otherwise took another organization_id index and sorted every
-- customer of the organization for each page.
CREATE INDEX magento_customers_org_id ON magento_customers(organization_id, id);

-- +goose Down
DROP INDEX magento_customers_org_id;
