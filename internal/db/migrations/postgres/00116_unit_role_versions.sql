-- +goose Up
-- The time of a business unit's or role's last change (Unix milliseconds),
-- made to grow with every save: its version, compared in the UPDATE that
-- saves a change, so of two changes made on one version one is saved.
ALTER TABLE business_units ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE business_units SET updated_at = created_at;
ALTER TABLE roles ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE roles DROP COLUMN updated_at;
ALTER TABLE business_units DROP COLUMN updated_at;
