-- +goose Up
-- Channels: connections to Magento installations. Credentials are sealed
-- with the instance secret (package secret); nothing here is plain text.
CREATE TABLE channels (
    id                INTEGER PRIMARY KEY,
    organization_id   INTEGER NOT NULL REFERENCES organizations(id),
    owner_user_id     INTEGER NOT NULL REFERENCES users(id),
    name              TEXT    NOT NULL,
    type              TEXT    NOT NULL DEFAULT 'magento2',
    base_url          TEXT    NOT NULL,
    admin_url         TEXT    NOT NULL DEFAULT '',
    auth_kind         TEXT    NOT NULL,
    credentials       TEXT    NOT NULL DEFAULT '',
    ca_file           TEXT    NOT NULL DEFAULT '',
    skip_tls_verify   BOOLEAN NOT NULL DEFAULT FALSE,
    wsi_compliance    BOOLEAN NOT NULL DEFAULT FALSE,
    website_id        INTEGER NOT NULL DEFAULT -1,
    sync_start_date   INTEGER NOT NULL DEFAULT 0,
    two_way           BOOLEAN NOT NULL DEFAULT FALSE,
    priority          TEXT    NOT NULL DEFAULT 'remote',
    default_owner_id  INTEGER NOT NULL REFERENCES users(id),
    sync_interval_min INTEGER NOT NULL DEFAULT 15,
    enabled           BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX channels_name ON channels(organization_id, lower(name));

-- Where each connector of a channel stands: its high-water mark and, for an
-- initial import, the window it is in.
CREATE TABLE sync_cursors (
    channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    connector    TEXT    NOT NULL,
    mark_time    TEXT    NOT NULL DEFAULT '',
    mark_id      INTEGER NOT NULL DEFAULT 0,
    state        TEXT    NOT NULL DEFAULT '{}',
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (channel_id, connector)
);

-- One run per channel and connector at a time, across every process that
-- shares the database: the holder renews its lease while it works.
CREATE TABLE sync_leases (
    channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    connector   TEXT    NOT NULL,
    holder      TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (channel_id, connector)
);

CREATE TABLE sync_runs (
    id           INTEGER PRIMARY KEY,
    channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    connector    TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    step         TEXT    NOT NULL DEFAULT '',
    total        INTEGER NOT NULL DEFAULT 0,
    fetched      INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    removed      INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    error        TEXT    NOT NULL DEFAULT '',
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_runs_channel ON sync_runs(channel_id, id);

CREATE TABLE sync_errors (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    entity      TEXT    NOT NULL,
    remote_id   TEXT    NOT NULL DEFAULT '',
    message     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX sync_errors_channel ON sync_errors(channel_id, id);

CREATE TABLE magento_websites (
    id          INTEGER PRIMARY KEY,
    channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    origin_id   INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    UNIQUE (channel_id, origin_id)
);

CREATE TABLE magento_store_groups (
    id                INTEGER PRIMARY KEY,
    channel_id        INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    origin_id         INTEGER NOT NULL,
    website_origin_id INTEGER NOT NULL,
    code              TEXT    NOT NULL DEFAULT '',
    name              TEXT    NOT NULL,
    UNIQUE (channel_id, origin_id)
);

CREATE TABLE magento_stores (
    id                INTEGER PRIMARY KEY,
    channel_id        INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    origin_id         INTEGER NOT NULL,
    website_id        INTEGER REFERENCES magento_websites(id),
    group_origin_id   INTEGER NOT NULL DEFAULT 0,
    code              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    is_active         BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (channel_id, origin_id)
);

CREATE TABLE magento_customer_groups (
    id          INTEGER PRIMARY KEY,
    channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    origin_id   INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    UNIQUE (channel_id, origin_id)
);

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    owner_user_id   INTEGER NOT NULL REFERENCES users(id),
    account_id      INTEGER,
    first_name      TEXT    NOT NULL DEFAULT '',
    last_name       TEXT    NOT NULL DEFAULT '',
    email           TEXT    NOT NULL DEFAULT '',
    phone           TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    owner_user_id   INTEGER NOT NULL REFERENCES users(id),
    name            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- sync_state is a set of bits: 1 waiting to be sent to Magento, 2 removed
-- in Magento, 4 conflict. 0 means in sync.
CREATE TABLE magento_customers (
    id                INTEGER PRIMARY KEY,
    organization_id   INTEGER NOT NULL REFERENCES organizations(id),
    channel_id        INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    origin_id         INTEGER,
    website_id        INTEGER REFERENCES magento_websites(id),
    store_id          INTEGER REFERENCES magento_stores(id),
    group_id          INTEGER REFERENCES magento_customer_groups(id),
    prefix            TEXT    NOT NULL DEFAULT '',
    first_name        TEXT    NOT NULL DEFAULT '',
    middle_name       TEXT    NOT NULL DEFAULT '',
    last_name         TEXT    NOT NULL DEFAULT '',
    suffix            TEXT    NOT NULL DEFAULT '',
    email             TEXT    NOT NULL,
    dob               TEXT    NOT NULL DEFAULT '',
    gender            INTEGER NOT NULL DEFAULT 0,
    taxvat            TEXT    NOT NULL DEFAULT '',
    created_in        TEXT    NOT NULL DEFAULT '',
    confirmed         BOOLEAN NOT NULL DEFAULT TRUE,
    -- NULL: Magento did not say (2.3 search results leave it out).
    is_subscribed     BOOLEAN,
    billing_country   TEXT    NOT NULL DEFAULT '',
    billing_region    TEXT    NOT NULL DEFAULT '',
    lifetime_value    NUMERIC NOT NULL DEFAULT 0,
    currency          TEXT    NOT NULL DEFAULT '',
    remote_created_at TEXT    NOT NULL DEFAULT '',
    remote_updated_at TEXT    NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    imported_at       INTEGER NOT NULL DEFAULT 0,
    synced_at         INTEGER NOT NULL DEFAULT 0,
    owner_user_id     INTEGER NOT NULL REFERENCES users(id),
    contact_id        INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    account_id        INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    sync_state        INTEGER NOT NULL DEFAULT 0,
    sync_error        TEXT    NOT NULL DEFAULT '',
    snapshot          TEXT    NOT NULL DEFAULT '',
    remote_hash       TEXT    NOT NULL DEFAULT '',
    password_sealed   TEXT    NOT NULL DEFAULT '',
    row_version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX magento_customers_origin ON magento_customers(channel_id, origin_id);
CREATE INDEX magento_customers_email ON magento_customers(lower(email), website_id);
CREATE INDEX magento_customers_name ON magento_customers(last_name, first_name, id);
CREATE INDEX magento_customers_owner ON magento_customers(owner_user_id, last_name, first_name, id);
CREATE INDEX magento_customers_country ON magento_customers(billing_country, updated_at);
CREATE INDEX magento_customers_updated ON magento_customers(updated_at, id);

CREATE TABLE magento_addresses (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES magento_customers(id) ON DELETE CASCADE,
    origin_id         INTEGER,
    prefix            TEXT    NOT NULL DEFAULT '',
    first_name        TEXT    NOT NULL DEFAULT '',
    middle_name       TEXT    NOT NULL DEFAULT '',
    last_name         TEXT    NOT NULL DEFAULT '',
    suffix            TEXT    NOT NULL DEFAULT '',
    company           TEXT    NOT NULL DEFAULT '',
    street            TEXT    NOT NULL DEFAULT '',
    city              TEXT    NOT NULL DEFAULT '',
    region_code       TEXT    NOT NULL DEFAULT '',
    region            TEXT    NOT NULL DEFAULT '',
    region_id         INTEGER NOT NULL DEFAULT 0,
    postcode          TEXT    NOT NULL DEFAULT '',
    country_id        TEXT    NOT NULL DEFAULT '',
    telephone         TEXT    NOT NULL DEFAULT '',
    vat_id            TEXT    NOT NULL DEFAULT '',
    is_default_billing  BOOLEAN NOT NULL DEFAULT FALSE,
    is_default_shipping BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX magento_addresses_customer ON magento_addresses(customer_id);

CREATE TABLE magento_orders (
    id            INTEGER PRIMARY KEY,
    channel_id    INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    origin_id     INTEGER NOT NULL,
    customer_id   INTEGER REFERENCES magento_customers(id) ON DELETE SET NULL,
    customer_origin_id INTEGER,
    increment_id  TEXT    NOT NULL,
    store_origin_id INTEGER NOT NULL DEFAULT 0,
    status        TEXT    NOT NULL DEFAULT '',
    state         TEXT    NOT NULL DEFAULT '',
    grand_total   NUMERIC NOT NULL DEFAULT 0,
    currency      TEXT    NOT NULL DEFAULT '',
    remote_created_at TEXT NOT NULL DEFAULT '',
    remote_updated_at TEXT NOT NULL DEFAULT '',
    UNIQUE (channel_id, origin_id)
);
CREATE INDEX magento_orders_customer ON magento_orders(customer_id, remote_created_at);

-- +goose Down
DROP TABLE magento_orders;
DROP TABLE magento_addresses;
DROP TABLE magento_customers;
DROP TABLE accounts;
DROP TABLE contacts;
DROP TABLE magento_customer_groups;
DROP TABLE magento_stores;
DROP TABLE magento_store_groups;
DROP TABLE magento_websites;
DROP TABLE sync_errors;
DROP TABLE sync_runs;
DROP TABLE sync_leases;
DROP TABLE sync_cursors;
DROP TABLE channels;
