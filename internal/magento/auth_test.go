package magento

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Secrets used by every test that checks they never leak.
const (
	secretPassword       = "s3cret-Passw0rd"
	secretAccessToken    = "tok-0123456789abcdef0123456789ab"
	secretConsumerSecret = "csec-0123456789abcdef0123456789a"
	secretTokenSecret    = "tsec-0123456789abcdef0123456789a"
	secretConsumerKey    = "ckey-0123456789abcdef0123456789a"
)

var secrets = []string{secretPassword, secretAccessToken, secretConsumerSecret, secretTokenSecret, secretConsumerKey}

// assertNoSecret fails if text holds any of the test secrets.
func assertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s reveals a secret %q:\n%s", what, s, text)
		}
	}
}

func TestAuthNeverPrintsSecrets(t *testing.T) {
	auths := []Auth{
		{Kind: AdminToken, Username: "admin", Password: secretPassword},
		{Kind: Bearer, AccessToken: secretAccessToken},
		{Kind: OAuth, ConsumerKey: secretConsumerKey, ConsumerSecret: secretConsumerSecret,
			AccessToken: secretAccessToken, AccessTokenSecret: secretTokenSecret},
	}
	for _, a := range auths {
		cfg := Config{BaseURL: "https://shop.example.com", Auth: a}
		var logs bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&logs, nil))
		log.Info("channel", "auth", a, "config", cfg)
		slog.New(slog.NewTextHandler(&logs, nil)).Info("channel", "auth", a, "config", cfg)
		text := fmt.Sprintf("%v %+v %#v %s %v %+v", a, a, a, a, cfg, cfg) + logs.String()
		assertNoSecret(t, a.Kind.String(), text)
		if !strings.Contains(text, a.Kind.String()) {
			t.Errorf("%s: the kind is not shown: %s", a.Kind, text)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	ok := Auth{Kind: Bearer, AccessToken: secretAccessToken}
	for name, cfg := range map[string]Config{
		"no URL":           {Auth: ok},
		"ftp URL":          {BaseURL: "ftp://shop.example.com", Auth: ok},
		"credentials":      {BaseURL: "https://admin:" + secretPassword + "@shop.example.com", Auth: ok},
		"no auth":          {BaseURL: "https://shop.example.com"},
		"no password":      {BaseURL: "https://shop.example.com", Auth: Auth{Kind: AdminToken, Username: "admin"}},
		"OAuth incomplete": {BaseURL: "https://shop.example.com", Auth: Auth{Kind: OAuth, AccessToken: secretAccessToken}},
		"missing CA file":  {BaseURL: "https://shop.example.com", Auth: ok, CAFile: "/nonexistent/ca.pem"},
	} {
		_, err := New(cfg)
		if err == nil {
			t.Errorf("%s: New accepted %v", name, cfg)
			continue
		}
		assertNoSecret(t, name, err.Error())
	}
	c, err := New(Config{BaseURL: "https://shop.example.com/shop/rest/V1/", Auth: ok, StoreCode: "default"})
	if err != nil || c.root != "https://shop.example.com/shop/rest/default" {
		t.Errorf("root = %q, %v", c.root, err)
	}
}

func TestClientNeverPrintsSecrets(t *testing.T) {
	c, err := New(Config{BaseURL: "https://shop.example.com", Auth: Auth{Kind: AdminToken, Username: "admin", Password: secretPassword}})
	if err != nil {
		t.Fatal(err)
	}
	c.token.token = secretAccessToken
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("client", "c", c)
	assertNoSecret(t, "client", fmt.Sprintf("%v %+v %#v %s", c, c, c, c)+logs.String())
}
