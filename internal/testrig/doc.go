// Package testrig builds the organizations tests work in, for the tests of
// every package: a migrated database set up as magecrm is on first start
// (the organization, its top business unit, the built-in roles and the
// administrator), then business units, users, sessions, Magento shops
// (a channel with its website, store views and customer groups) and
// customers, each in one call that fails the test if it cannot be made.
// It is the one fixture set; tests keep only what is particular to them.
//
// Only tests import it. Of magecrm, it imports only: acl, auth, crm, db,
// model, secret and store.
package testrig
