-- +goose Up
-- Every grid query is scoped to one organization; counting its customers
-- walks this small index instead of the table.
CREATE INDEX magento_customers_org ON magento_customers(organization_id);
CREATE INDEX magento_customers_created ON magento_customers(created_at, id);
CREATE INDEX magento_customers_contact ON magento_customers(contact_id);
CREATE INDEX magento_customers_account ON magento_customers(account_id);
-- An email "starts with" filter is a LIKE 'abc%' on lower(email): with
-- text_pattern_ops PostgreSQL answers it from the index whatever the
-- database collation.
CREATE INDEX magento_customers_email_prefix ON magento_customers (lower(email) text_pattern_ops);

CREATE INDEX contacts_name ON contacts(organization_id, last_name, first_name, id);
CREATE INDEX contacts_account ON contacts(account_id);
CREATE INDEX contacts_owner ON contacts(owner_user_id);
CREATE INDEX accounts_name ON accounts(organization_id, name, id);
CREATE INDEX accounts_owner ON accounts(owner_user_id);

-- +goose Down
DROP INDEX magento_customers_email_prefix;
DROP INDEX accounts_owner;
DROP INDEX accounts_name;
DROP INDEX contacts_owner;
DROP INDEX contacts_account;
DROP INDEX contacts_name;
DROP INDEX magento_customers_account;
DROP INDEX magento_customers_contact;
DROP INDEX magento_customers_created;
DROP INDEX magento_customers_org;
