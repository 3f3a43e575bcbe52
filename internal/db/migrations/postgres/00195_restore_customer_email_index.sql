-- +goose Up
-- Migration 00155 first dropped magento_customers_email on PostgreSQL too,
-- and was changed within minutes to keep it (its email sort needs the
-- database's collation, which magento_customers_org_email does not give).
-- A database migrated in between lacks it; this builds it again, with the
-- definition of migration 00002. While a first import has the customer
-- indexes deferred (store.DeferCustomerIndexes), it joins them in
-- deferred_indexes and the import's end builds it with the others. A
-- database that has it, or has it deferred (its build would then fail on
-- an index made here), is left as it is.
-- +goose StatementBegin
DO $$
BEGIN
    IF to_regclass('magento_customers_email') IS NOT NULL
        OR EXISTS (SELECT 1 FROM deferred_indexes WHERE name = 'magento_customers_email') THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM deferred_indexes) THEN
        INSERT INTO deferred_indexes (name, definition)
        VALUES ('magento_customers_email', 'CREATE INDEX magento_customers_email ON magento_customers(lower(email), website_id)');
    ELSE
        CREATE INDEX IF NOT EXISTS magento_customers_email ON magento_customers(lower(email), website_id);
    END IF;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- Nothing: the index is migration 00002's.
