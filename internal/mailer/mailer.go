package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"syscall"
	"time"

	mail "github.com/wneessen/go-mail"
)

// The ways to secure the connection to the server.
const (
	StartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	TLS      = "tls"      // TLS from the first byte (port 465)
	NoTLS    = "none"     // no encryption: only for a relay on the same host or network
)

// Server is an SMTP server and how to sign in to it.
type Server struct {
	Host     string
	Port     int
	Security string // StartTLS, TLS or NoTLS
	Username string // empty: no sign-in
	Password string
}

// Message is one email.
type Message struct {
	From     string // address
	FromName string
	To       string // address
	ToName   string
	Subject  string
	Text     string
	HTML     string // optional alternative body
}

// Sender sends messages.
type Sender struct {
	// TLSConfig, when set, replaces the system's TLS settings (e.g. to
	// trust a private certificate authority); its ServerName is filled in.
	TLSConfig *tls.Config
	// Timeout bounds connecting and each command (default 30s).
	Timeout time.Duration
}

// Error is a failed send: Temporary says whether trying again later may
// work (the server was unreachable or answered "try again").
type Error struct {
	Temporary bool
	Err       error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Send delivers m through srv.
func (s *Sender) Send(ctx context.Context, srv Server, m Message) error {
	msg := mail.NewMsg()
	if err := msg.FromFormat(m.FromName, m.From); err != nil {
		return &Error{Err: fmt.Errorf("the sender address %q is not valid: %w", m.From, err)}
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return &Error{Err: fmt.Errorf("the address %q is not valid: %w", m.To, err)}
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	c, err := s.client(srv)
	if err != nil {
		return &Error{Err: err}
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return classify(err)
	}
	return nil
}

func (s *Sender) client(srv Server) (*mail.Client, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		tlsConfig = s.TLSConfig.Clone()
	}
	tlsConfig.ServerName = srv.Host
	opts := []mail.Option{mail.WithPort(srv.Port), mail.WithTimeout(timeout), mail.WithTLSConfig(tlsConfig)}
	switch srv.Security {
	case TLS:
		opts = append(opts, mail.WithSSL())
	case NoTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if srv.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(srv.Username), mail.WithPassword(srv.Password))
	}
	return mail.NewClient(srv.Host, opts...)
}

// classify wraps a send failure, telling temporary ones apart: a server
// that cannot be reached or answers 4xx may work later; a refused sign-in
// or a 5xx answer will not until a person changes something.
func classify(err error) error {
	code := 0
	var sendErr *mail.SendError
	var protoErr *textproto.Error
	switch {
	case errors.As(err, &protoErr):
		code = protoErr.Code
	case errors.As(err, &sendErr):
		code = sendErr.ErrorCode()
	}
	switch {
	case code == 535 || code == 534 || code == 530:
		return &Error{Err: fmt.Errorf("the mail server refused the sign-in (check the user name and password): %w", err)}
	case code >= 500:
		return &Error{Err: fmt.Errorf("the mail server refused the message: %w", err)}
	case code >= 400:
		return &Error{Temporary: true, Err: fmt.Errorf("the mail server asked to try again later: %w", err)}
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, syscall.ECONNREFUSED) {
		return &Error{Temporary: true, Err: fmt.Errorf("the mail server could not be reached: %w", err)}
	}
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return &Error{Err: fmt.Errorf("the mail server's certificate is not trusted by this machine: %w", err)}
	}
	return &Error{Temporary: sendErr != nil && sendErr.IsTemp(), Err: err}
}
