-- +goose Up
-- Grid indexes. Every grid query is scoped to one organization, so each
-- index starts with it: the filter, the sort and a count of the matches
-- are all answered from the index, without reading the table.
CREATE INDEX magento_customers_org_name ON magento_customers(organization_id, last_name, first_name, id);
CREATE INDEX magento_customers_org_country ON magento_customers(organization_id, billing_country, updated_at, id);
-- An email "starts with" filter is a range on lower(email).
CREATE INDEX magento_customers_org_email ON magento_customers(organization_id, lower(email));
CREATE INDEX magento_customers_org_owner ON magento_customers(organization_id, owner_user_id);
CREATE INDEX magento_customers_created ON magento_customers(created_at, id);
CREATE INDEX magento_customers_contact ON magento_customers(contact_id);
CREATE INDEX magento_customers_account ON magento_customers(account_id);

-- How many customers each user owns, kept by triggers, so the grid's
-- unfiltered total is a sum of a few rows instead of a count of a million
-- index entries. SQLite has one writer at a time, so the counter rows never
-- make writers wait for each other.
CREATE TABLE magento_customer_counts (
    organization_id INTEGER NOT NULL,
    owner_user_id   INTEGER NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (organization_id, owner_user_id)
);
INSERT INTO magento_customer_counts (organization_id, owner_user_id, n)
    SELECT organization_id, owner_user_id, COUNT(*) FROM magento_customers GROUP BY organization_id, owner_user_id;

-- +goose StatementBegin
CREATE TRIGGER magento_customer_counts_insert AFTER INSERT ON magento_customers BEGIN
    INSERT INTO magento_customer_counts (organization_id, owner_user_id, n) VALUES (NEW.organization_id, NEW.owner_user_id, 1)
        ON CONFLICT (organization_id, owner_user_id) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER magento_customer_counts_delete AFTER DELETE ON magento_customers BEGIN
    UPDATE magento_customer_counts SET n = n - 1 WHERE organization_id = OLD.organization_id AND owner_user_id = OLD.owner_user_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER magento_customer_counts_owner AFTER UPDATE OF owner_user_id, organization_id ON magento_customers
WHEN OLD.owner_user_id <> NEW.owner_user_id OR OLD.organization_id <> NEW.organization_id BEGIN
    UPDATE magento_customer_counts SET n = n - 1 WHERE organization_id = OLD.organization_id AND owner_user_id = OLD.owner_user_id;
    INSERT INTO magento_customer_counts (organization_id, owner_user_id, n) VALUES (NEW.organization_id, NEW.owner_user_id, 1)
        ON CONFLICT (organization_id, owner_user_id) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

CREATE INDEX contacts_name ON contacts(organization_id, last_name, first_name, id);
CREATE INDEX contacts_account ON contacts(account_id);
CREATE INDEX contacts_owner ON contacts(owner_user_id);
CREATE INDEX accounts_name ON accounts(organization_id, name, id);
CREATE INDEX accounts_owner ON accounts(owner_user_id);

-- +goose Down
DROP INDEX accounts_owner;
DROP INDEX accounts_name;
DROP INDEX contacts_owner;
DROP INDEX contacts_account;
DROP INDEX contacts_name;
DROP TRIGGER magento_customer_counts_owner;
DROP TRIGGER magento_customer_counts_delete;
DROP TRIGGER magento_customer_counts_insert;
DROP TABLE magento_customer_counts;
DROP INDEX magento_customers_account;
DROP INDEX magento_customers_contact;
DROP INDEX magento_customers_created;
DROP INDEX magento_customers_org_owner;
DROP INDEX magento_customers_org_email;
DROP INDEX magento_customers_org_country;
DROP INDEX magento_customers_org_name;
