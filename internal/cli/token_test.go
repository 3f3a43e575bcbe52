package cli

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

func TestTokenCreateListRevokeForScripts(t *testing.T) {
	dbtest.DialectURLs(t, func(t *testing.T, dsn string) {
		data := t.TempDir()
		t.Setenv("MAGECRM_SECRET", "")
		at := []string{"--data", data, "--db", dsn}
		for _, name := range []string{"nina", "otto"} {
			if code, _, errOut := run(t, name+"-password-1\n", append([]string{"user", "add", "--username", name, "--password-stdin"}, at...)...); code != 0 {
				t.Fatalf("user add: %s", errOut)
			}
		}

		code, out, errOut := run(t, "", append([]string{"token", "create", "--user", "NINA", "--name", "ERP export", "--read-write",
			"--expires-in-days", "30"}, at...)...)
		token := strings.TrimSpace(out)
		if code != 0 || !strings.HasPrefix(token, "mcrm_") || strings.Contains(token, "\n") {
			t.Fatalf("token create: exit %d, out %q, err %q", code, out, errOut)
		}
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		box, _ := secret.Load("", data)
		svc := crm.New(store.New(d, box), box, slog.New(slog.DiscardHandler))
		sess, tok, err := svc.AuthenticateAPIToken(context.Background(), token)
		if err != nil || sess.User.Username != "nina" || tok.ReadOnly || tok.ExpiresAt.IsZero() {
			t.Fatalf("the printed token signs in as %+v %+v: %v", sess, tok, err)
		}

		code, out, _ = run(t, "", append([]string{"token", "list"}, at...)...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 2 || !strings.Contains(lines[1], "ERP export") || !strings.Contains(lines[1], token[:11]+"…") ||
			!strings.Contains(lines[1], "read and write") || strings.Contains(out, token) {
			t.Fatalf("token list: exit %d\n%s", code, out)
		}
		if code, out, _ = run(t, "", append([]string{"token", "list", "--user", "otto"}, at...)...); code != 0 || strings.Contains(out, "ERP export") {
			t.Fatalf("token list --user otto: exit %d\n%s", code, out)
		}

		id := strings.Fields(lines[1])[0]
		if code, out, errOut = run(t, "", append(append([]string{"token", "revoke"}, at...), id)...); code != 0 || out != "Revoked token "+id+".\n" {
			t.Fatalf("token revoke: exit %d, out %q, err %q", code, out, errOut)
		}
		// The id may also come first; revoking again changes nothing.
		if code, out, errOut = run(t, "", append([]string{"token", "revoke", id}, at...)...); code != 0 || out != "Revoked token "+id+".\n" {
			t.Fatalf("token revoke, id first: exit %d, out %q, err %q", code, out, errOut)
		}
		if _, _, err := svc.AuthenticateAPIToken(context.Background(), token); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("a revoked token signs in: %v", err)
		}

		for _, c := range []struct {
			args []string
			code int
			err  string
		}{
			{[]string{"token", "create", "--user", "nobody", "--name", "x"}, 1, `no enabled user is named "nobody"`},
			{[]string{"token", "create", "--user", "nina", "--name", "x", "--expires-in-days", "12"}, 1, "--expires-in-days: Choose an expiry"},
			{[]string{"token", "create", "--name", "x"}, 2, ""},
			{[]string{"token", "revoke", "999"}, 1, "there is no token 999"},
			{[]string{"token", "revoke"}, 2, ""},
		} {
			code, _, errOut := run(t, "", append(c.args, at...)...)
			if code != c.code || !strings.Contains(errOut, c.err) {
				t.Errorf("%v: exit %d, err %q; want %d and %q", c.args, code, errOut, c.code, c.err)
			}
		}
	})
}
