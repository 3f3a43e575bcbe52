-- +goose Up
-- What each step of a sync run read and did (JSON list of store.RunStep),
-- so the channel page shows per step what was read, created, updated,
-- unchanged, removed and failed instead of the last step's count alone.
ALTER TABLE sync_runs ADD COLUMN steps TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sync_runs DROP COLUMN steps;
