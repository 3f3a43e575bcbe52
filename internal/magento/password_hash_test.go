package magento

import (
	"regexp"
	"strings"
	"testing"
)

// TestCustomerPasswordHashForm pins Magento's version-2 form: 64 hex
// digits of Argon2id, a 16-character salt of Magento's random characters,
// version 2; a new salt each time. That the hash verifies as Magento checks
// it is tested against magesim (package push) and was checked by hand in
// PHP (README, Passwords).
func TestCustomerPasswordHashForm(t *testing.T) {
	form := regexp.MustCompile(`^[0-9a-f]{64}:[A-Za-z0-9]{16}:2$`)
	a, b := CustomerPasswordHash("Analytical-Engine-1843"), CustomerPasswordHash("Analytical-Engine-1843")
	for _, h := range []string{a, b} {
		if !form.MatchString(h) || strings.Contains(h, "Analytical") {
			t.Errorf("hash %q is not Magento's hash:salt:2", h)
		}
	}
	if a == b {
		t.Error("two hashes of one password share their salt")
	}
}
