-- +goose Up
-- What a CRM keeps of a person and a company. A contact has several emails,
-- phones and addresses, one of each primary; contacts.email and
-- contacts.phone hold the primary ones for lists, sorting and the places
-- that need one address; a phone's digits let a search ignore how it was
-- written. An account has one address and may sit below a
-- parent account.
ALTER TABLE contacts ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN birthday TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN source TEXT NOT NULL DEFAULT '';

CREATE TABLE contact_emails (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    email      TEXT    NOT NULL,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX contact_emails_contact ON contact_emails(contact_id, position);
CREATE INDEX contact_emails_email ON contact_emails(lower(email));

CREATE TABLE contact_phones (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    phone      TEXT    NOT NULL,
    digits     TEXT    NOT NULL DEFAULT '',
    is_primary BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX contact_phones_contact ON contact_phones(contact_id, position);
CREATE INDEX contact_phones_digits ON contact_phones(digits);

CREATE TABLE contact_addresses (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    street     TEXT    NOT NULL DEFAULT '',
    city       TEXT    NOT NULL DEFAULT '',
    region     TEXT    NOT NULL DEFAULT '',
    postcode   TEXT    NOT NULL DEFAULT '',
    country    TEXT    NOT NULL DEFAULT '',
    is_primary BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX contact_addresses_contact ON contact_addresses(contact_id, position);

INSERT INTO contact_emails (contact_id, position, email, is_primary) SELECT id, 0, email, TRUE FROM contacts WHERE email <> '';
INSERT INTO contact_phones (contact_id, position, phone, digits, is_primary)
    SELECT id, 0, phone, replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), '/', ''), TRUE
    FROM contacts WHERE phone <> '';

ALTER TABLE accounts ADD COLUMN industry TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN parent_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL;
CREATE INDEX accounts_parent ON accounts(parent_id);

-- +goose Down
DROP INDEX accounts_parent;
ALTER TABLE accounts DROP COLUMN parent_id;
ALTER TABLE accounts DROP COLUMN country;
ALTER TABLE accounts DROP COLUMN postcode;
ALTER TABLE accounts DROP COLUMN region;
ALTER TABLE accounts DROP COLUMN city;
ALTER TABLE accounts DROP COLUMN street;
ALTER TABLE accounts DROP COLUMN phone;
ALTER TABLE accounts DROP COLUMN website;
ALTER TABLE accounts DROP COLUMN industry;
DROP TABLE contact_addresses;
DROP TABLE contact_phones;
DROP TABLE contact_emails;
ALTER TABLE contacts DROP COLUMN source;
ALTER TABLE contacts DROP COLUMN birthday;
ALTER TABLE contacts DROP COLUMN job_title;
