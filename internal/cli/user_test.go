package cli

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// run calls the command line as a shell would, with input on standard input.
func run(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	stdin = strings.NewReader(input)
	var out, errOut bytes.Buffer
	code = Main(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUserAddFromStdinThenList(t *testing.T) {
	dbtest.DialectURLs(t, func(t *testing.T, dsn string) {
		data := t.TempDir()
		t.Setenv("MAGECRM_SECRET", "")
		at := []string{"--data", data, "--db", dsn}

		code, out, errOut := run(t, "nina-password-1\n", append([]string{"user", "add", "--username", "nina", "--first-name", "Nina", "--last-name", "Simone",
			"--email", "nina@example.com", "--role", "Sales Manager", "--password-stdin"}, at...)...)
		if code != 0 || !strings.HasPrefix(out, "Added user nina (id ") {
			t.Fatalf("user add: exit %d, out %q, err %q", code, out, errOut)
		}

		code, out, errOut = run(t, "", append([]string{"user", "list"}, at...)...)
		if code != 0 {
			t.Fatalf("user list: exit %d, err %q", code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "ID") {
			t.Fatalf("user list printed %q, want a header and one user", out)
		}
		for _, want := range []string{"nina", "Nina Simone", "nina@example.com", "Sales Manager", "true"} {
			if !strings.Contains(lines[1], want) {
				t.Errorf("user list row %q lacks %q", lines[1], want)
			}
		}

		// The password read from standard input, without its newline, signs in.
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		box, _ := secret.Load("", data)
		svc := crm.New(store.New(d, box), box, slog.New(slog.DiscardHandler))
		if _, err := svc.Login(context.Background(), crm.SignIn{Username: "nina", Password: "nina-password-1"}); err != nil {
			t.Fatalf("sign in with the password from standard input: %v", err)
		}

		code, _, errOut = run(t, "short\n", append([]string{"user", "add", "--username", "otto", "--password-stdin"}, at...)...)
		if code != 1 || !strings.Contains(errOut, "the user was not added:\n  password: Use at least 10 characters.") {
			t.Fatalf("a weak password: exit %d, err %q", code, errOut)
		}
		code, _, errOut = run(t, "another-password\n", append([]string{"user", "add", "--username", "NINA", "--password-stdin"}, at...)...)
		if code != 1 || !strings.Contains(errOut, "username: This user name is taken") {
			t.Fatalf("a taken user name: exit %d, err %q", code, errOut)
		}
		if code, _, _ := run(t, "", append([]string{"user", "add", "--password-stdin"}, at...)...); code != 2 {
			t.Fatalf("no user name: exit %d, want 2", code)
		}
	})
}
