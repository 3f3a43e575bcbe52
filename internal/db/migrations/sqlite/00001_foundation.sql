-- +goose Up
-- Times are Unix milliseconds (UTC) in both dialects: they sort and compare
-- the same everywhere and need no time-zone handling in queries.
CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE business_units (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    parent_id       INTEGER REFERENCES business_units(id),
    name            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX business_units_parent ON business_units(parent_id);

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    organization_id  INTEGER NOT NULL REFERENCES organizations(id),
    business_unit_id INTEGER NOT NULL REFERENCES business_units(id),
    username         TEXT    NOT NULL,
    email            TEXT    NOT NULL DEFAULT '',
    first_name       TEXT    NOT NULL DEFAULT '',
    last_name        TEXT    NOT NULL DEFAULT '',
    password_hash    TEXT    NOT NULL,
    enabled          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_username ON users(lower(username));
CREATE INDEX users_business_unit ON users(business_unit_id);

CREATE TABLE roles (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    name            TEXT    NOT NULL,
    builtin         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX roles_name ON roles(organization_id, lower(name));

CREATE TABLE role_permissions (
    role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    entity  TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    level   INTEGER NOT NULL,
    PRIMARY KEY (role_id, entity, action)
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles(id),
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles(role_id);

-- Only a hash of the session token is stored: a copy of the database does
-- not let anyone sign in.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    username  TEXT    NOT NULL,
    failed_at INTEGER NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, failed_at);

CREATE TABLE user_preferences (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name    TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    PRIMARY KEY (user_id, name)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER NOT NULL,
    actor_user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    actor_channel_id INTEGER,
    action      TEXT    NOT NULL,
    changes     TEXT    NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE user_preferences;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE role_permissions;
DROP TABLE roles;
DROP TABLE users;
DROP TABLE business_units;
DROP TABLE organizations;
