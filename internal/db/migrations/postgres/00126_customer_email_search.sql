-- +goose Up
-- "Email contains" finds its matches in a trigram index of the emails
-- instead of reading every email: pg_trgm's GIN index answers
-- lower(email) LIKE '%text%' for a text of three characters or more. The
-- extension ships with PostgreSQL (contrib) and may be created by the
-- database's owner; where it is missing or not allowed, the index is
-- left out and "email contains" reads every email, as before.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX magento_customers_email_trigram ON magento_customers USING gin (lower(email) gin_trgm_ops);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm could not be created: "email contains" reads every email';
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX IF EXISTS magento_customers_email_trigram;
