-- +goose Up
-- Personal access tokens for the JSON API. Only a hash of the token is
-- stored; prefix is its first characters, shown so a person can tell
-- their tokens apart. expires_at, last_used_at and revoked_at are Unix
-- milliseconds, 0 for never.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    read_only    BOOLEAN NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL DEFAULT 0,
    last_used_at INTEGER NOT NULL DEFAULT 0,
    revoked_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- A POST's Idempotency-Key: the first request's hash and, once it has
-- finished, its answer, replayed to a retry of the same request.
-- status 0 means the first request is still running.
CREATE TABLE api_idempotency (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    idem_key     TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    headers      TEXT    NOT NULL DEFAULT '{}',
    body         TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency(created_at);

-- +goose Down
DROP TABLE api_idempotency;
DROP TABLE api_tokens;
