package cli

import (
	"net/http/httptest"
	"strings"
	"testing"

	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

func TestChannelAddListCheckAgainstSimulator(t *testing.T) {
	sim, err := magesim.New(magesim.Options{Customers: 3})
	if err != nil {
		t.Fatal(err)
	}
	store := httptest.NewServer(sim.Handler())
	t.Cleanup(store.Close)
	dbtest.DialectURLs(t, func(t *testing.T, dsn string) {
		data := t.TempDir()
		t.Setenv("MAGECRM_SECRET", "")
		at := []string{"--data", data, "--db", dsn}
		if code, _, errOut := run(t, "ops-password-1\n", append([]string{"user", "add", "--username", "ops", "--role", "Administrator", "--password-stdin"}, at...)...); code != 0 {
			t.Fatalf("user add: %s", errOut)
		}
		add := func(input string, args ...string) (int, string, string) {
			t.Helper()
			return run(t, input, append(append([]string{"channel", "add", "--default-owner", "ops", "--secrets-stdin"}, args...), at...)...)
		}

		code, out, errOut := add("magento123\n", "--name", "Main", "--url", store.URL+"/", "--admin-url", store.URL+"/admin",
			"--username", "admin", "--two-way", "--priority", "local", "--interval", "30", "--start-date", "2010-05-01")
		if code != 0 || !strings.HasPrefix(out, "Added channel Main (id ") {
			t.Fatalf("channel add: exit %d, out %q, err %q", code, out, errOut)
		}
		if code, _, errOut := add("wrong-password\n", "--name", "Wrong", "--url", store.URL+"/", "--username", "admin"); code != 0 {
			t.Fatalf("channel add with a wrong password: %s", errOut)
		}
		code, _, errOut = add("t\n", "--name", "Bearer", "--url", store.URL, "--auth", "oauth")
		if code != 1 || !strings.Contains(errOut, "--secrets-stdin: expected 4 lines") {
			t.Fatalf("oauth with one secret: exit %d, err %q", code, errOut)
		}
		code, _, errOut = add("x\n", "--name", "main", "--url", "shop.example.com", "--username", "admin", "--interval", "0")
		for _, want := range []string{"the channel was not added:", "--interval: Enter a whole number", "--name: Another channel has this name",
			"--url: Enter the store's full address"} {
			if code != 1 || !strings.Contains(errOut, want) {
				t.Errorf("bad channel add: exit %d, err %q lacks %q", code, errOut, want)
			}
		}

		code, out, errOut = run(t, "", append([]string{"channel", "list"}, at...)...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") {
			t.Fatalf("channel list: exit %d, out %q, err %q", code, out, errOut)
		}
		for _, want := range []string{"Main", store.URL + "/", "admin_token", "true", " 30 ", "never"} {
			if !strings.Contains(lines[1], want) {
				t.Errorf("channel list row %q lacks %q", lines[1], want)
			}
		}

		code, out, errOut = run(t, "", append([]string{"channel", "check", "--channel", "MAIN"}, at...)...)
		if code != 0 || !strings.Contains(out, "✓ connect: ") || !strings.Contains(out, "✓ customers: 3 customers") ||
			!strings.HasSuffix(out, "The connection works.\n") {
			t.Fatalf("check: exit %d, out %q, err %q", code, out, errOut)
		}
		code, out, errOut = run(t, "", append([]string{"channel", "check", "--channel", "Wrong"}, at...)...)
		if code != 1 || !strings.Contains(out, "✗ credentials: Magento refused the admin user name or password") ||
			!strings.Contains(errOut, "the connection check failed") || strings.Contains(out+errOut, "wrong-password") {
			t.Fatalf("check with a wrong password: exit %d, out %q, err %q", code, out, errOut)
		}
		if code, _, errOut := run(t, "", append([]string{"channel", "check", "--channel", "Nope"}, at...)...); code != 1 || !strings.Contains(errOut, `no channel is named "Nope"`) {
			t.Fatalf("check of an unknown channel: exit %d, err %q", code, errOut)
		}
		if code, _, _ := run(t, "", append([]string{"channel", "check"}, at...)...); code != 2 {
			t.Fatalf("check without --channel: exit %d, want 2", code)
		}
	})
}

func TestChannelAddAndCheckMagento1AgainstSimulator(t *testing.T) {
	const key = "cli-api-key-of-the-store"
	sim, err := magesim.New(magesim.Options{Customers: 4, SOAPKey: key, WSI: true})
	if err != nil {
		t.Fatal(err)
	}
	store := httptest.NewServer(sim.Handler())
	t.Cleanup(store.Close)
	dbtest.DialectURLs(t, func(t *testing.T, dsn string) {
		data := t.TempDir()
		t.Setenv("MAGECRM_SECRET", "")
		at := []string{"--data", data, "--db", dsn}
		if code, _, errOut := run(t, "ops-password-1\n", append([]string{"user", "add", "--username", "ops", "--role", "Administrator", "--password-stdin"}, at...)...); code != 0 {
			t.Fatalf("user add: %s", errOut)
		}
		add := func(input string, args ...string) (int, string, string) {
			t.Helper()
			return run(t, input, append(append([]string{"channel", "add", "--default-owner", "ops", "--secrets-stdin", "--type", "magento1"}, args...), at...)...)
		}
		check := func(name string) (int, string, string) {
			t.Helper()
			return run(t, "", append([]string{"channel", "check", "--channel", name}, at...)...)
		}

		code, out, errOut := add(magesim.DefaultSOAPUser+"\n"+key+"\n", "--name", "Old", "--url", store.URL+"/index.php/", "--wsi")
		if code != 0 || !strings.HasPrefix(out, "Added channel Old (id ") {
			t.Fatalf("channel add: exit %d, out %q, err %q", code, out, errOut)
		}
		code, out, errOut = check("Old")
		if code != 0 || !strings.Contains(out, "✓ WSDL: namespace urn:OpenMage, WS-I on") || !strings.Contains(out, "✓ login: as magecrm") ||
			!strings.Contains(out, "✓ customers: customer list readable") || !strings.HasSuffix(out, "The connection works.\n") {
			t.Fatalf("check: exit %d, out %q, err %q", code, out, errOut)
		}

		if code, _, errOut := add(magesim.DefaultSOAPUser+"\nwrong-key\n", "--name", "Wrong key", "--url", store.URL+"/", "--wsi"); code != 0 {
			t.Fatalf("channel add with a wrong key: %s", errOut)
		}
		code, out, errOut = check("Wrong key")
		if code != 1 || !strings.Contains(out, `✗ login: Magento refused the API user or key (fault 2 "Access denied.")`) || strings.Contains(out+errOut, "wrong-key") {
			t.Fatalf("check with a wrong key: exit %d, out %q, err %q", code, out, errOut)
		}
		if code, _, errOut := add(magesim.DefaultSOAPUser+"\n"+key+"\n", "--name", "No WS-I", "--url", store.URL+"/"); code != 0 {
			t.Fatalf("channel add without --wsi: %s", errOut)
		}
		if code, out, _ := check("No WS-I"); code != 1 || !strings.Contains(out, "✗ WSDL: The store answers with WS-I compliance on, but the channel has it off") {
			t.Fatalf("check with WS-I off: exit %d, out %q", code, out)
		}

		code, _, errOut = add(magesim.DefaultSOAPUser+"\n", "--name", "Short", "--url", store.URL+"/")
		if code != 1 || !strings.Contains(errOut, "--secrets-stdin: expected 2 lines (API user, API key), got 1") {
			t.Fatalf("one line for two: exit %d, err %q", code, errOut)
		}
		code, _, errOut = add(" \n"+key+"\n", "--name", "Bad", "--url", store.URL+"/api/v2_soap/", "--skip-tls-verify")
		for _, want := range []string{"the channel was not added:", "API user: Enter the API user", "--url: Enter the store's address without /api/v2_soap",
			"--ca-file / --skip-tls-verify: Magento 1 channels use the system's certificate authorities"} {
			if code != 1 || !strings.Contains(errOut, want) {
				t.Errorf("bad channel add: exit %d, err %q lacks %q", code, errOut, want)
			}
		}
		if code, _, errOut := add("", "--name", "Odd", "--url", store.URL+"/", "--type", "magento3"); code != 1 || !strings.Contains(errOut, "--type: Choose the kind of store") {
			t.Errorf("unknown type: exit %d, err %q", code, errOut)
		}

		code, out, _ = run(t, "", append([]string{"channel", "list"}, at...)...)
		if code != 0 || !strings.Contains(out, "magento1") || !strings.Contains(out, " soap ") || strings.Contains(out, key) {
			t.Fatalf("channel list: exit %d, out %q", code, out)
		}
	})
}
