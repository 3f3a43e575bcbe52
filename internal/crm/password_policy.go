package crm

import (
	"strings"
	"unicode/utf8"
)

// Magento's default customer password policy (Stores → Configuration →
// Customers → Customer Configuration → Password Options), as
// AccountManagement::checkPasswordStrength and CredentialsValidator apply
// it: at least 8 and at most 256 characters, no space at either end, at
// least 3 classes of characters, not the email address. A create sends the
// password and Magento refuses a bad one long after the person left the
// form; a new password of a customer Magento has is sent as a hash, which
// Magento stores without checking. Checking here tells them at once, and
// is the only check a hash gets.
const (
	customerPasswordMinLength = 8
	customerPasswordMaxLength = 256
	customerPasswordClasses   = 3
)

// phpTrimmed is what PHP's trim() strips, which Magento's space check uses.
const phpTrimmed = " \t\n\r\x00\x0B"

// CustomerPasswordError checks a Magento customer password against
// Magento's policy and returns what is wrong with it in words, or "".
// Lengths count characters, as Magento's StringUtils::strlen does.
func CustomerPasswordError(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		return "Enter a password: Magento needs one to create the customer."
	case n < customerPasswordMinLength:
		return "Use at least 8 characters."
	case n > customerPasswordMaxLength:
		return "Use at most 256 characters."
	case strings.Trim(password, phpTrimmed) != password:
		return "The password can't begin or end with a space."
	case passwordClasses(password) < customerPasswordClasses:
		return "Use at least 3 of these 4 kinds of characters: lowercase letters a-z, uppercase letters A-Z, digits, other characters (letters with accents count as other characters)."
	case email != "" && strings.EqualFold(password, strings.TrimSpace(email)):
		return "The password can't be the same as the email address."
	}
	return ""
}

// passwordClasses counts the kinds of characters used as Magento's
// makeRequiredCharactersCheck does, with ASCII classes: [0-9], [A-Z],
// [a-z], and anything else ([^a-zA-Z0-9], so "é" counts as other).
func passwordClasses(p string) int {
	var lower, upper, digit, other int
	for _, r := range p {
		switch {
		case 'a' <= r && r <= 'z':
			lower = 1
		case 'A' <= r && r <= 'Z':
			upper = 1
		case '0' <= r && r <= '9':
			digit = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}
