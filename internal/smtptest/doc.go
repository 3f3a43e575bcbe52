// Package smtptest runs a real SMTP server in the test's process (go-smtp)
// for tests of sending email: STARTTLS or implicit TLS with a throwaway
// certificate, PLAIN sign-in, messages kept for inspection, and a switch
// that makes it answer "try again later". Of magecrm, it imports nothing.
package smtptest
