-- +goose Up
-- Grid indexes. Every grid query is scoped to one organization, so each
-- index starts with it: the filter, the sort and a count of the matches
-- are all answered from the index, without reading the table.
CREATE INDEX magento_customers_org_name ON magento_customers(organization_id, last_name, first_name, id);
CREATE INDEX magento_customers_org_country ON magento_customers(organization_id, billing_country, updated_at, id);
-- An email "starts with" filter is a LIKE 'abc%' on lower(email): with
-- text_pattern_ops PostgreSQL answers it from the index whatever the
-- database collation. The included email lets it count the matches from
-- the index alone (an index-only scan needs every column the query names).
CREATE INDEX magento_customers_org_email ON magento_customers(organization_id, lower(email) text_pattern_ops) INCLUDE (email);
CREATE INDEX magento_customers_org_owner ON magento_customers(organization_id, owner_user_id);
CREATE INDEX magento_customers_created ON magento_customers(created_at, id);
CREATE INDEX magento_customers_contact ON magento_customers(contact_id);
CREATE INDEX magento_customers_account ON magento_customers(account_id);

-- How many customers each user owns, for the grid's unfiltered total
-- (a sum of a few rows instead of a count of a million index entries).
-- Statement-level triggers keep it: an import batch of thousands of rows
-- touches each counter row once.
CREATE TABLE magento_customer_counts (
    organization_id BIGINT NOT NULL,
    owner_user_id   BIGINT NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (organization_id, owner_user_id)
);
INSERT INTO magento_customer_counts (organization_id, owner_user_id, n)
    SELECT organization_id, owner_user_id, COUNT(*) FROM magento_customers GROUP BY organization_id, owner_user_id;

-- +goose StatementBegin
CREATE FUNCTION magento_customer_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Counter rows are touched in key order, so two writers never wait
    -- for each other in a circle.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO magento_customer_counts (organization_id, owner_user_id, n)
        SELECT organization_id, owner_user_id, COUNT(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (organization_id, owner_user_id) DO UPDATE SET n = magento_customer_counts.n + excluded.n;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE magento_customer_counts k SET n = k.n - o.n
        FROM (SELECT organization_id, owner_user_id, COUNT(*) AS n FROM old_rows GROUP BY 1, 2) o
        WHERE k.organization_id = o.organization_id AND k.owner_user_id = o.owner_user_id;
    ELSE
        -- Only a change of owner moves a customer between counters; most
        -- updates (imports, edits) leave the counters alone.
        INSERT INTO magento_customer_counts (organization_id, owner_user_id, n)
        SELECT org, owner, SUM(d) FROM (
            SELECT o.organization_id AS org, o.owner_user_id AS owner, -1 AS d FROM old_rows o JOIN new_rows w ON w.id = o.id
                WHERE o.owner_user_id <> w.owner_user_id OR o.organization_id <> w.organization_id
            UNION ALL
            SELECT w.organization_id, w.owner_user_id, 1 FROM old_rows o JOIN new_rows w ON w.id = o.id
                WHERE o.owner_user_id <> w.owner_user_id OR o.organization_id <> w.organization_id
        ) moved GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (organization_id, owner_user_id) DO UPDATE SET n = magento_customer_counts.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER magento_customer_counts_insert AFTER INSERT ON magento_customers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION magento_customer_counts_apply();
CREATE TRIGGER magento_customer_counts_delete AFTER DELETE ON magento_customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION magento_customer_counts_apply();
CREATE TRIGGER magento_customer_counts_update AFTER UPDATE ON magento_customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION magento_customer_counts_apply();

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
DROP TRIGGER magento_customer_counts_update ON magento_customers;
DROP TRIGGER magento_customer_counts_delete ON magento_customers;
DROP TRIGGER magento_customer_counts_insert ON magento_customers;
DROP FUNCTION magento_customer_counts_apply();
DROP TABLE magento_customer_counts;
DROP INDEX magento_customers_account;
DROP INDEX magento_customers_contact;
DROP INDEX magento_customers_created;
DROP INDEX magento_customers_org_owner;
DROP INDEX magento_customers_org_email;
DROP INDEX magento_customers_org_country;
DROP INDEX magento_customers_org_name;
