// Package e2e holds magecrm's whole-system tests: browser tests that drive
// Debian's Chromium through chromedp against the real web server, and the
// helpers they share (StartServer, NewBrowser). Browser tests skip when
// MAGECRM_CHROMIUM does not name a browser, except with CI=true, where
// they fail instead.
package e2e
