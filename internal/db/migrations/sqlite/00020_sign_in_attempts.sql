-- +goose Up
-- Every sign-in attempt is written down before its password is checked and
-- stays as a failure unless it succeeds (auth's throttling rules);
-- login_failures, written only after a check, let racing attempts through.
DROP TABLE login_failures;
CREATE TABLE sign_in_attempts (
    id           INTEGER PRIMARY KEY,
    username     TEXT    NOT NULL,
    client       TEXT    NOT NULL,
    attempted_at INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_user ON sign_in_attempts(username, client, attempted_at);
CREATE INDEX sign_in_attempts_client ON sign_in_attempts(client, attempted_at);
CREATE INDEX sign_in_attempts_time ON sign_in_attempts(attempted_at);

-- +goose Down
DROP TABLE sign_in_attempts;
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    username  TEXT    NOT NULL,
    failed_at INTEGER NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, failed_at);
