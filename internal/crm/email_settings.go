package crm

import (
	"context"
	"errors"
	"net/mail"
	"strconv"
	"strings"

	"magecrm/internal/mailer"
	"magecrm/internal/store"
)

// EmailSettings is the SMTP server email is sent through.
type EmailSettings = store.EmailSettings

// EmailSettingsInput is what an administrator fills in under System →
// Email settings. An empty Password keeps the saved one.
type EmailSettingsInput struct {
	Host, Port, Security, Username, Password, FromAddress, FromName string
	// ClearPassword removes a saved password (for a server without sign-in).
	ClearPassword bool
}

// EmailSettings returns the organization's email settings for their page;
// the password is left out (PasswordSet says whether one is saved).
func (s *Service) EmailSettings(ctx context.Context, sess *Session) (e *EmailSettings, passwordSet bool, err error) {
	if !mayConfigure(sess) {
		return nil, false, ErrForbidden
	}
	e, err = s.Store.EmailSettings(ctx, sess.Actor.OrganizationID)
	if errors.Is(err, ErrNotFound) {
		return &EmailSettings{Port: 587, Security: mailer.StartTLS}, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	passwordSet = e.Password != ""
	e.Password = ""
	return e, passwordSet, nil
}

// SaveEmailSettings checks and saves the email settings.
func (s *Service) SaveEmailSettings(ctx context.Context, sess *Session, in EmailSettingsInput) error {
	if !mayConfigure(sess) {
		return ErrForbidden
	}
	e, fe := parseEmailSettings(in)
	if err := fe.orNil(); err != nil {
		return err
	}
	old, err := s.Store.EmailSettings(ctx, sess.Actor.OrganizationID)
	switch {
	case err == nil && e.Password == "" && !in.ClearPassword:
		e.Password = old.Password
	case err != nil && !errors.Is(err, ErrNotFound):
		return err
	}
	e.UpdatedAt = s.Now()
	return s.Store.SaveEmailSettings(ctx, sess.Actor.OrganizationID, e)
}

func parseEmailSettings(in EmailSettingsInput) (*EmailSettings, FieldErrors) {
	fe := FieldErrors{}
	e := &EmailSettings{Host: strings.TrimSpace(in.Host), Security: in.Security, Username: strings.TrimSpace(in.Username),
		Password: in.Password, FromAddress: strings.TrimSpace(in.FromAddress), FromName: strings.TrimSpace(in.FromName)}
	if e.Host == "" || strings.ContainsAny(e.Host, " /:") || len(e.Host) > maxFieldLength {
		fe["host"] = "Enter the mail server's host name, like smtp.example.com (without https:// or a port)."
	}
	port, err := strconv.Atoi(strings.TrimSpace(in.Port))
	if err != nil || port < 1 || port > 65535 {
		fe["port"] = "Enter the port: 587 for STARTTLS, 465 for TLS, 25 for a relay."
	}
	e.Port = port
	switch e.Security {
	case mailer.StartTLS, mailer.TLS, mailer.NoTLS:
	default:
		fe["security"] = "Choose STARTTLS, TLS or none."
	}
	if a, err := mail.ParseAddress(e.FromAddress); err != nil || a.Address != e.FromAddress {
		fe["from_address"] = "Enter the address email is sent from, like crm@example.com."
	}
	if len(e.Username) > maxFieldLength || len(e.FromName) > maxFieldLength || len(e.Password) > 1024 {
		fe["username"] = "Use at most 255 characters."
	}
	return e, fe
}

// TestEmailSettings sends a test message with the saved settings to the
// address given (the actor's own by default) and reports what went wrong
// in words.
func (s *Service) TestEmailSettings(ctx context.Context, sess *Session, to string) error {
	if !mayConfigure(sess) {
		return ErrForbidden
	}
	to = strings.TrimSpace(to)
	if to == "" {
		to = sess.User.Email
	}
	if a, err := mail.ParseAddress(to); err != nil || a.Address != to {
		return FieldErrors{"test_to": "Enter the address to send the test message to, like you@example.com."}
	}
	e, err := s.Store.EmailSettings(ctx, sess.Actor.OrganizationID)
	if errors.Is(err, ErrNotFound) {
		return Refusal("Save the email settings first, then send a test message.")
	}
	if err != nil {
		return err
	}
	err = s.mailSender().Send(ctx, mailServer(e), mailer.Message{From: e.FromAddress, FromName: e.FromName, To: to,
		Subject: "magecrm test message", Text: "This message shows that magecrm can send email through " + e.Host + "."})
	if err != nil {
		return Refusal("The test message was not sent: " + err.Error())
	}
	return nil
}

func mailServer(e *EmailSettings) mailer.Server {
	return mailer.Server{Host: e.Host, Port: e.Port, Security: e.Security, Username: e.Username, Password: e.Password}
}

// mailSender is the service's sender, or a default one.
func (s *Service) mailSender() *mailer.Sender {
	if s.Mail == nil {
		return &mailer.Sender{}
	}
	return s.Mail
}
