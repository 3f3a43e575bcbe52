-- +goose Up
-- Every business unit and role gets a version (migration 00116): the top
-- unit and the built-in roles made when the organization was set up had
-- none (0), so their edit forms could not tell a change saved meanwhile.
-- A unit's version is its creation time, a role's the time of this
-- migration (roles keep no creation time).
UPDATE business_units SET updated_at = CASE WHEN created_at > 0 THEN created_at
    ELSE CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) END WHERE updated_at = 0;
UPDATE roles SET updated_at = CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) WHERE updated_at = 0;

-- +goose Down
-- Nothing: a version is never taken back.
