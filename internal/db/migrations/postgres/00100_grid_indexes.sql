-- +goose Up
-- Every grid filter and sort has an index that starts with the
-- organization every grid query is scoped to, and ends with the id that
-- ends every order: a sort walks its index and stops when the page is
-- full; a filter's matches are counted and found on its index. A sort by
-- a related name (channel, website, store, group, owner) walks the index
-- on the customer's reference once per record, in name order.
-- First names sort and match at their start ignoring case (the match on
-- PostgreSQL by a text_pattern_ops index of its own).
CREATE INDEX magento_customers_org_first ON magento_customers(organization_id, lower(first_name), lower(last_name), id);
CREATE INDEX magento_customers_org_first_prefix ON magento_customers(organization_id, lower(first_name) text_pattern_ops);
-- Last names sort by magento_customers_org_name; this one matches their
-- start (LIKE 'x%' needs text_pattern_ops on PostgreSQL) and holds the
-- name sort's terms, so the matches are sorted from it.
CREATE INDEX magento_customers_org_last ON magento_customers(organization_id, lower(last_name) text_pattern_ops, last_name, first_name, id);
-- The id order, the one edits cannot change, within the organization.
CREATE INDEX magento_customers_org_id ON magento_customers(organization_id, id);
-- Lifetime value sorts by magento_customers_org_lifetime (within each
-- currency); this one answers a lifetime range over all currencies.
CREATE INDEX magento_customers_org_lifetime_value ON magento_customers(organization_id, lifetime_value, id);
-- Regions sort by name, then country (the same name in two countries);
-- a region filter with a country reads this index alone.
CREATE INDEX magento_customers_org_region ON magento_customers(organization_id, lower(billing_region), billing_country, id);
CREATE INDEX magento_customers_org_newsletter ON magento_customers(organization_id, is_subscribed, id);
CREATE INDEX magento_customers_org_sync ON magento_customers(organization_id, sync_state, id);
CREATE INDEX magento_customers_org_channel ON magento_customers(organization_id, channel_id, id);
CREATE INDEX magento_customers_org_website ON magento_customers(organization_id, website_id, id);
CREATE INDEX magento_customers_org_store ON magento_customers(organization_id, store_id, id);
CREATE INDEX magento_customers_org_group ON magento_customers(organization_id, group_id, id);
DROP INDEX IF EXISTS magento_customers_org_owner;
DELETE FROM deferred_indexes WHERE name = 'magento_customers_org_owner';
CREATE INDEX magento_customers_org_owner ON magento_customers(organization_id, owner_user_id, id);

-- +goose Down
DROP INDEX magento_customers_org_owner;
CREATE INDEX magento_customers_org_owner ON magento_customers(organization_id, owner_user_id);
DROP INDEX magento_customers_org_group;
DROP INDEX magento_customers_org_store;
DROP INDEX magento_customers_org_website;
DROP INDEX magento_customers_org_channel;
DROP INDEX magento_customers_org_sync;
DROP INDEX magento_customers_org_newsletter;
DROP INDEX magento_customers_org_region;
DROP INDEX magento_customers_org_lifetime_value;
DROP INDEX magento_customers_org_id;
DROP INDEX magento_customers_org_last;
DROP INDEX magento_customers_org_first_prefix;
DROP INDEX magento_customers_org_first;
