package magesim

import (
	"sync"
	"time"
)

// SentEmail is an email the store would have sent a customer: the welcome
// mail of a new account, a password reset link.
type SentEmail struct {
	To         string    `json:"to"`
	Template   string    `json:"template"` // Magento's template: registered, registered_no_password, email_reset, email_reminder
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

// SentEmails lists the emails the store sent, oldest first.
func (s *Sim) SentEmails() []SentEmail { return s.emails.list() }

// Magento's email templates for accounts (AccountManagement's constants).
const (
	templateRegistered         = "registered"
	templateRegisteredNoPasswd = "registered_no_password"
	templateEmailReset         = "email_reset"
	templateEmailReminder      = "email_reminder"
)
