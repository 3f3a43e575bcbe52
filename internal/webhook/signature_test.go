package webhook_test

import (
	"errors"
	"testing"
	"time"

	"magecrm/internal/webhook"
)

func TestVerifyTakesTheSignedBodyAndRefusesTamperingAndReplays(t *testing.T) {
	secret := webhook.NewSecret()
	sent := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":1,"event":"customer.created"}`)
	header := webhook.Sign(secret, sent, body)
	cases := []struct {
		name   string
		secret string
		header string
		body   string
		now    time.Time
		want   error
	}{
		{"as sent", secret, header, string(body), sent.Add(time.Minute), nil},
		{"another body", secret, header, `{"id":2,"event":"customer.created"}`, sent, webhook.ErrSignature},
		{"another secret", webhook.NewSecret(), header, string(body), sent, webhook.ErrSignature},
		{"replayed later", secret, header, string(body), sent.Add(6 * time.Minute), webhook.ErrOldMessage},
		{"no timestamp", secret, "v1=abc", string(body), sent, webhook.ErrBadHeader},
		{"empty", secret, "", string(body), sent, webhook.ErrBadHeader},
	}
	for _, c := range cases {
		if err := webhook.Verify(c.secret, c.header, []byte(c.body), c.now, 5*time.Minute); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}
