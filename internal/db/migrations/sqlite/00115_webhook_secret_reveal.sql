-- +goose Up
-- A webhook's secret is shown to a person once, on the page the browser is
-- sent to after it was made or replaced: secret_reveal_to is the hash of
-- that person's session token ('' when nobody may see it) and
-- secret_reveal_until when the offer ends (Unix milliseconds). Reading it
-- clears both, so a reload shows it no more.
ALTER TABLE webhooks ADD COLUMN secret_reveal_to TEXT NOT NULL DEFAULT '';
ALTER TABLE webhooks ADD COLUMN secret_reveal_until INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE webhooks DROP COLUMN secret_reveal_until;
ALTER TABLE webhooks DROP COLUMN secret_reveal_to;
