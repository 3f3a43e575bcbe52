// Package crm holds magecrm's application services: each validates its
// input, checks the actor's access, saves in one transaction and records
// the change. The web pages, the JSON API and the command line all call
// these services, so they cannot disagree about a rule.
package crm
