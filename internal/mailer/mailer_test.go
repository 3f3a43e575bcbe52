package mailer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"magecrm/internal/smtptest"
)

func TestSendThroughARealServer(t *testing.T) {
	for _, implicit := range []bool{false, true} {
		name, security := "starttls", StartTLS
		if implicit {
			name, security = "tls", TLS
		}
		t.Run(name, func(t *testing.T) {
			srv := smtptest.Start(t, implicit)
			s := &Sender{TLSConfig: srv.ClientTLS}
			server := Server{Host: srv.Host, Port: srv.Port, Security: security, Username: srv.Username, Password: srv.Password}
			m := Message{From: "crm@shop.test", FromName: "Shop CRM", To: "jane@example.com", ToName: "Jane Doe",
				Subject: "Your quote", Text: "Hello Jane,\n\nhere it is.", HTML: "<p>Hello Jane,</p>"}
			if err := s.Send(context.Background(), server, m); err != nil {
				t.Fatal(err)
			}
			got := srv.Messages()
			if len(got) != 1 || got[0].From != "crm@shop.test" || got[0].To[0] != "jane@example.com" ||
				!strings.Contains(got[0].Data, "Subject: Your quote") || !strings.Contains(got[0].Data, "here it is.") {
				t.Fatalf("server took %+v", got)
			}

			server.Password = "wrong"
			var e *Error
			err := s.Send(context.Background(), server, m)
			if !errors.As(err, &e) || e.Temporary || !strings.Contains(err.Error(), "refused the sign-in") {
				t.Fatalf("bad password: %v", err)
			}
			server.Password = srv.Password
			srv.SetBusy(true)
			if err := s.Send(context.Background(), server, m); !errors.As(err, &e) || !e.Temporary {
				t.Fatalf("busy server: %v", err)
			}
		})
	}
}

func TestServerDownIsTemporaryAndUntrustedCertificateIsNot(t *testing.T) {
	s := &Sender{}
	m := Message{From: "crm@shop.test", To: "jane@example.com", Subject: "x", Text: "x"}
	var e *Error
	err := s.Send(context.Background(), Server{Host: "127.0.0.1", Port: smtptest.ClosedPort(t), Security: StartTLS}, m)
	if !errors.As(err, &e) || !e.Temporary {
		t.Fatalf("server down: %v", err)
	}
	srv := smtptest.Start(t, false)
	err = s.Send(context.Background(), Server{Host: srv.Host, Port: srv.Port, Security: StartTLS, Username: srv.Username, Password: srv.Password}, m)
	if !errors.As(err, &e) || e.Temporary || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("untrusted certificate: %v", err)
	}
}
