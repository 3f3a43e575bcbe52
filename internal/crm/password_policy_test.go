package crm

import (
	"strings"
	"testing"
)

func TestCustomerPasswordError(t *testing.T) {
	cases := []struct {
		password, email, want string
	}{
		{"", "a@b.c", "Enter a password"},
		{"Ab1!xyz", "a@b.c", "at least 8 characters"},
		{" Abcdef1!", "a@b.c", "begin or end with a space"},
		{"Abcdef1! ", "a@b.c", "begin or end with a space"},
		{"abcdefgh1", "a@b.c", "at least 3 of these 4"},
		{"ABCDEFGH!", "a@b.c", "at least 3 of these 4"},
		{"Nina@Example.com", "nina@example.com", "same as the email"},
		{strings.Repeat("Aa1", 90), "a@b.c", "at most 256"},
		{"abcdefg1!", "a@b.c", ""},
		{"Abcdefgh1", "a@b.c", ""},
		{"Abcdef1!\t", "a@b.c", "begin or end with a space"},
		// Magento's classes are ASCII ([a-z], [A-Z], [0-9]); other letters
		// count as "other characters" ([^a-zA-Z0-9]).
		{"ÄÖÜäöü12", "a@b.c", "at least 3 of these 4"},
		{"Ééééé123", "a@b.c", "at least 3 of these 4"},
		{"ÄÖÜäöü1a", "a@b.c", ""},
		{"äöüäöüäö", "a@b.c", "at least 3 of these 4"},
		{"Abcdefg", "a@b.c", "at least 8 characters"},
		{"Äbcdef1", "a@b.c", "at least 8 characters"}, // 7 characters, 8 bytes
	}
	for _, tc := range cases {
		got := CustomerPasswordError(tc.password, tc.email)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("CustomerPasswordError(%q, %q) = %q, want %q", tc.password, tc.email, got, tc.want)
		}
	}
}
