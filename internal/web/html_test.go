package web_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// dom parses the page so tests assert on elements by CSS selector rather
// than on the text of the markup.
func (p page) dom(t *testing.T) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(p.body))
	if err != nil {
		t.Fatalf("parse page: %v", err)
	}
	return d
}

// text is the trimmed text of the elements sel selects in the page.
func (p page) text(t *testing.T, sel string) string {
	t.Helper()
	return strings.TrimSpace(p.dom(t).Find(sel).Text())
}
