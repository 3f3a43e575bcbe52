-- +goose Up
-- Webhooks: an administrator subscribes a URL to events. The secret signs
-- every delivery; it is sealed with the instance secret (it must be read
-- back to sign) and shown to a person only when it is made. events is a
-- comma-separated list of event names. A webhook that keeps failing is
-- paused (paused_at > 0) with the reason; its deliveries wait until it is
-- resumed. Times are Unix milliseconds, 0 for never.
CREATE TABLE webhooks (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    events          TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    secret_sealed   TEXT    NOT NULL,
    created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    paused_at       INTEGER NOT NULL DEFAULT 0,
    paused_reason   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX webhooks_organization ON webhooks(organization_id);

-- One event for one webhook. state: pending (to be sent, or sent again
-- after a failure), delivered, failed (gave up after its attempts), held
-- (its webhook is paused).
CREATE TABLE webhook_deliveries (
    id            INTEGER PRIMARY KEY,
    webhook_id    INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event         TEXT    NOT NULL,
    payload       TEXT    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'pending',
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, id);

-- The delivery log: one row per attempt, with the receiver's status code
-- (0 when there was no answer) and what went wrong.
CREATE TABLE webhook_attempts (
    id            INTEGER PRIMARY KEY,
    delivery_id   INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt       INTEGER NOT NULL,
    status_code   INTEGER NOT NULL,
    error         TEXT    NOT NULL DEFAULT '',
    duration_ms   INTEGER NOT NULL,
    attempted_at  INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
