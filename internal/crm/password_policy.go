package crm

import (
	"strings"
	"unicode"
)

// Magento's default customer password policy (Stores → Configuration →
// Customers → Customer Configuration → Password Options): at least 8
// characters from at least 3 classes. Magento refuses the others when the
// push sends them, long after the person left the form; checking here
// tells them at once.
const (
	customerPasswordMinLength = 8
	customerPasswordMaxLength = 256
	customerPasswordClasses   = 3
)

// CustomerPasswordError checks a Magento customer password against
// Magento's policy and returns what is wrong with it in words, or "".
func CustomerPasswordError(password, email string) string {
	switch {
	case password == "":
		return "Enter a password: Magento needs one to create the customer."
	case strings.TrimSpace(password) != password:
		return "The password can't begin or end with a space."
	case len([]rune(password)) < customerPasswordMinLength:
		return "Use at least 8 characters."
	case len(password) > customerPasswordMaxLength:
		return "Use at most 256 characters."
	case email != "" && strings.EqualFold(password, strings.TrimSpace(email)):
		return "The password can't be the same as the email address."
	case passwordClasses(password) < customerPasswordClasses:
		return "Use at least 3 of these 4 kinds of characters: lowercase letters, uppercase letters, digits, special characters."
	}
	return ""
}

// passwordClasses counts the kinds of characters used, as Magento does:
// lowercase, uppercase, digits and anything else.
func passwordClasses(p string) int {
	var lower, upper, digit, other int
	for _, r := range p {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}
