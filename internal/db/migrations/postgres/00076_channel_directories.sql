-- +goose Up
-- The countries a channel's store takes addresses in, with their regions
-- (GET /V1/directory/countries), as JSON: read again by Check connection
-- and by every sync, so customer forms offer what the store takes.
CREATE TABLE channel_directories (
    channel_id BIGINT  PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
    countries  TEXT    NOT NULL,
    fetched_at BIGINT  NOT NULL
);

-- +goose Down
DROP TABLE channel_directories;
