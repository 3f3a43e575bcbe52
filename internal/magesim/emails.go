package magesim

import (
	"sync"
	"time"
)

// SentEmail is an email the store would have sent a customer: the welcome
// mail of a new account, a password reset link.
type SentEmail struct {
	To         string    `json:"to"`
	Template   string    `json:"template"` // registered, registered_no_password, email_reset, email_reminder, newsletter_subscription_confirm
	WebsiteID  int       `json:"website_id"`
	CustomerID int       `json:"customer_id"`
	At         time.Time `json:"at"`
}

// outbox keeps the emails the store sent, for tests to read.
type outbox struct {
	mu   sync.Mutex
	sent []SentEmail
}

func (o *outbox) add(e SentEmail) {
	o.mu.Lock()
	o.sent = append(o.sent, e)
	o.mu.Unlock()
}

func (o *outbox) list() []SentEmail {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]SentEmail(nil), o.sent...)
}

func (o *outbox) reset() {
	o.mu.Lock()
	o.sent = nil
	o.mu.Unlock()
}

// mail records an email to a customer.
func (s *Sim) mail(c Customer, template string) {
	s.emails.add(SentEmail{To: c.Email, Template: template, WebsiteID: c.WebsiteID, CustomerID: c.ID, At: s.opts.Now()})
}

// confirmSubscription mails the newsletter confirmation request when a
// subscription sent through the API waits for it (NewsletterConfirm).
func (s *Sim) confirmSubscription(want *bool, wasSubscribed bool, c Customer) {
	if want != nil && *want && !wasSubscribed && s.opts.NewsletterConfirm {
		s.mail(c, templateNewsletterConfirm)
	}
}

// SentEmails lists the emails the store sent, oldest first.
func (s *Sim) SentEmails() []SentEmail { return s.emails.list() }

// Magento's email templates for accounts (AccountManagement's constants).
const (
	templateRegistered         = "registered"
	templateRegisteredNoPasswd = "registered_no_password"
	templateEmailReset         = "email_reset"
	templateEmailReminder      = "email_reminder"
	templateNewsletterConfirm  = "newsletter_subscription_confirm"
)
