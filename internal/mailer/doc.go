// Package mailer sends email through an SMTP server with go-mail: STARTTLS,
// implicit TLS or (for a relay on the same host) none, with or without a
// sign-in. It tells a failure worth retrying (the server is down or busy)
// from one a person must fix (bad sign-in, a refused address). Of magecrm,
// it imports nothing.
package mailer
