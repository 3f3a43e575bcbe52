-- +goose Up
-- How many customerAddressList calls a Magento 1 import may make at once
-- (it makes fewer while the store's answers slow down).
ALTER TABLE channels ADD COLUMN address_calls INTEGER NOT NULL DEFAULT 4;

-- +goose Down
ALTER TABLE channels DROP COLUMN address_calls;
