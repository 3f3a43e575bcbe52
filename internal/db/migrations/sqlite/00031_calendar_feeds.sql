-- +goose Up
-- A user's calendar feed: an address with a secret token that calendar
-- apps read without signing in. Only the token's hash is stored; a new
-- token replaces the old one, deleting the row turns the feed off.
CREATE TABLE calendar_feeds (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
