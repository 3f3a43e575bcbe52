// Package crm holds magecrm's application services: each validates its
// input, checks the actor's access, saves in one transaction and records
// the change. The web pages, the JSON API and the command line all call
// these services, so they cannot disagree about a rule.
//
// Of magecrm, it imports only: acl, auth, connector, files, jobs (the email
// and webhook outboxes), magento (for the connection check's steps),
// mailer, model, richtext (an email's HTML part), secret, store and webhook
// (signed deliveries). The store's query and record types the services take
// and return are named in crm too (store_types.go), so that its callers need
// not import store.
package crm
