-- +goose Up
-- When magecrm last asked the channel's Magento for changed customers: a
-- poll that finds nothing leaves only this time, no run row.
ALTER TABLE channels ADD COLUMN polled_at BIGINT NOT NULL DEFAULT 0;
-- A run that found nothing new; only the newest such run of a channel is kept.
ALTER TABLE sync_runs ADD COLUMN quiet BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE sync_runs DROP COLUMN quiet;
ALTER TABLE channels DROP COLUMN polled_at;
