-- +goose Up
-- Named views of a grid: its filters, sort and page size (query, as URL
-- parameters) and its columns. A view is its owner's, or shared with the
-- owner's business unit.
CREATE TABLE saved_views (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    owner_user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    grid            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    query           TEXT    NOT NULL DEFAULT '',
    columns         TEXT    NOT NULL DEFAULT '',
    shared          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX saved_views_name ON saved_views(owner_user_id, grid, lower(name));

-- +goose Down
DROP TABLE saved_views;
