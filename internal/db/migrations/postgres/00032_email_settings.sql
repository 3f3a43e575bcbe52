-- +goose Up
-- The SMTP server an organization's email is sent through (System → Email
-- settings). The password is sealed with the instance secret, like channel
-- credentials. security: starttls, tls or none.
CREATE TABLE email_settings (
    organization_id BIGINT  PRIMARY KEY REFERENCES organizations(id),
    host            TEXT    NOT NULL,
    port            BIGINT  NOT NULL,
    security        TEXT    NOT NULL,
    username        TEXT    NOT NULL DEFAULT '',
    password_sealed TEXT    NOT NULL DEFAULT '',
    from_address    TEXT    NOT NULL,
    from_name       TEXT    NOT NULL DEFAULT '',
    updated_at      BIGINT  NOT NULL
);

-- Emails are sent through the jobs queue "email", not picked from here.
DROP INDEX activities_email_queue;

-- +goose Down
CREATE INDEX activities_email_queue ON activities(email_state, email_next_at);
DROP TABLE email_settings;
