-- +goose Up
-- Activities: notes, calls, emails, tasks, calendar events and attachments,
-- in one table with the fields of each kind. owner_user_id is who the
-- activity belongs to for access rules (a task's assignee; otherwise its
-- author); created_by_user_id is who wrote it. occurred_at orders the
-- timeline: a call's or event's time, otherwise when it was written.
CREATE TABLE activities (
    id                 INTEGER PRIMARY KEY,
    organization_id    INTEGER NOT NULL REFERENCES organizations(id),
    owner_user_id      INTEGER NOT NULL REFERENCES users(id),
    created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    kind               TEXT    NOT NULL,
    subject            TEXT    NOT NULL DEFAULT '',
    body               TEXT    NOT NULL DEFAULT '',
    occurred_at        INTEGER NOT NULL,
    phone              TEXT    NOT NULL DEFAULT '',
    direction          TEXT    NOT NULL DEFAULT '',
    duration_seconds   INTEGER NOT NULL DEFAULT 0,
    due_at             INTEGER NOT NULL DEFAULT 0,
    priority           TEXT    NOT NULL DEFAULT '',
    status             TEXT    NOT NULL DEFAULT '',
    remind_at          INTEGER NOT NULL DEFAULT 0,
    ends_at            INTEGER NOT NULL DEFAULT 0,
    all_day            BOOLEAN NOT NULL DEFAULT FALSE,
    place              TEXT    NOT NULL DEFAULT '',
    email_from         TEXT    NOT NULL DEFAULT '',
    email_to           TEXT    NOT NULL DEFAULT '',
    -- email_state: queued (waiting to be sent or retried), sent, failed
    -- (given up after the last attempt; a person may retry).
    email_state        TEXT    NOT NULL DEFAULT '',
    email_error        TEXT    NOT NULL DEFAULT '',
    email_attempts     INTEGER NOT NULL DEFAULT 0,
    email_next_at      INTEGER NOT NULL DEFAULT 0,
    email_sent_at      INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX activities_owner_tasks ON activities(owner_user_id, kind, status, due_at);
CREATE INDEX activities_events ON activities(kind, occurred_at);
CREATE INDEX activities_email_queue ON activities(email_state, email_next_at);

-- The records an activity is about: one activity may concern several (a
-- call with a contact about a customer). entity is "magento_customer",
-- "contact" or "account"; position 0 is the record it was added from.
CREATE TABLE activity_targets (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, entity, entity_id)
);
CREATE INDEX activity_targets_record ON activity_targets(entity, entity_id, activity_id);

-- A calendar event's attendees: users of magecrm, or the customer or
-- contact it concerns (entity, entity_id), each with a name and email.
CREATE TABLE activity_attendees (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users(id) ON DELETE CASCADE,
    entity      TEXT    NOT NULL DEFAULT '',
    entity_id   INTEGER NOT NULL DEFAULT 0,
    name        TEXT    NOT NULL DEFAULT '',
    email       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX activity_attendees_activity ON activity_attendees(activity_id);
CREATE INDEX activity_attendees_user ON activity_attendees(user_id);

CREATE TABLE activity_comments (
    id             INTEGER PRIMARY KEY,
    activity_id    INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    author_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body           TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX activity_comments_activity ON activity_comments(activity_id, id);

-- A file uploaded as an attachment activity; the bytes are in the data
-- folder under storage_name, never in the database.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    storage_name TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_activity ON attachments(activity_id);

-- Per record: when its newest activity was written and how many of its
-- tasks are open, kept by the store with every activity change so the
-- customer grid reads them for a page of rows without counting.
CREATE TABLE activity_summaries (
    entity           TEXT    NOT NULL,
    entity_id        INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL DEFAULT 0,
    open_tasks       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, entity_id)
);

-- Which activity kinds each entity offers (System → Entities). No row:
-- every kind is on.
CREATE TABLE entity_settings (
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    entity          TEXT    NOT NULL,
    kinds           TEXT    NOT NULL,
    PRIMARY KEY (organization_id, entity)
);

-- +goose Down
DROP TABLE entity_settings;
DROP TABLE activity_summaries;
DROP TABLE attachments;
DROP TABLE activity_comments;
DROP TABLE activity_attendees;
DROP TABLE activity_targets;
DROP TABLE activities;
