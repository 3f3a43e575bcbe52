-- +goose Up
-- Durable background work (package jobs): one row per piece of work still to
-- do, written in the same transaction as the change that calls for it. A
-- queue has at most one open row per key: a change to something whose work
-- is already waiting updates that row, and one made while it runs sets
-- "again", so the work runs once more with the newest state. Finished work
-- is deleted; work refused for good stays as "failed" with the reason.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    queue       TEXT    NOT NULL,
    job_key     TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    payload     TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'failed')),
    again       BOOLEAN NOT NULL DEFAULT FALSE,
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_at      INTEGER NOT NULL,
    last_error  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX jobs_key ON jobs(queue, job_key);
CREATE INDEX jobs_due ON jobs(queue, state, run_at, id);

-- Who works a queue: one process at a time, until expires_at (ms) unless
-- renewed, so that several processes may share one database.
CREATE TABLE job_leases (
    queue       TEXT    PRIMARY KEY,
    holder      TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- +goose Down
DROP TABLE job_leases;
DROP INDEX jobs_due;
DROP INDEX jobs_key;
DROP TABLE jobs;
