package web_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// The helpers here read pages the way a browser does: they parse the HTML
// and find elements by CSS selector, never by matching the markup's text.

// dom parses the page.
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

// parse parses a page's body; a body that is not HTML parses as an empty
// document, so lookups in it find nothing.
func parse(body string) *goquery.Document {
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		d, _ = goquery.NewDocumentFromReader(strings.NewReader(""))
	}
	return d
}

// byID selects the element with this id.
func byID(body, id string) *goquery.Selection {
	return parse(body).Find(`[id="` + id + `"]`)
}

// hasID reports whether the page has an element with this id.
func hasID(body, id string) bool { return byID(body, id).Length() > 0 }

// attrOf returns an attribute of the element with this id, and whether
// the element has it.
func attrOf(body, id, name string) (string, bool) {
	return byID(body, id).Attr(name)
}

// value returns the value attribute of the element with this id.
func value(body, id string) string {
	v, _ := attrOf(body, id, "value")
	return v
}

// summary returns the page's error message (the form-wide alert or the
// error page's text).
func summary(body string) string {
	return strings.TrimSpace(parse(body).Find("p.error-summary, p.error-message").First().Text())
}

// fieldError returns the message shown next to a field, or "".
func fieldError(body, field string) string {
	return strings.TrimSpace(parse(body).Find(`span.error[id="` + field + `-error"]`).Text())
}

// selected returns the value of the chosen option of a select, or "".
func selected(body, id string) string {
	v, _ := parse(body).Find(`select[id="` + id + `"] option[selected]`).First().Attr("value")
	return v
}

// expectFieldError checks that a field shows msg next to it, is marked
// invalid and points at its message, and is labelled (a group by its legend).
func expectFieldError(t *testing.T, body, field, msg string) {
	t.Helper()
	got := fieldError(body, field)
	if !strings.Contains(got, msg) {
		t.Fatalf("field %s: message %q, want it to contain %q (page message %q)", field, got, msg, summary(body))
	}
	doc := parse(body)
	el := doc.Find(`[id="` + field + `"]`)
	if el.Length() == 0 {
		t.Fatalf("no element with id %q", field)
	}
	if desc, _ := el.Attr("aria-describedby"); !strings.Contains(desc, field+"-error") {
		t.Errorf("field %s: aria-describedby %q does not name its message", field, desc)
	}
	switch goquery.NodeName(el) {
	case "fieldset":
		if el.ChildrenFiltered("legend").Length() == 0 {
			t.Errorf("field group %s has no legend", field)
		}
	case "div":
	default:
		if v, _ := el.Attr("aria-invalid"); v != "true" {
			t.Errorf("field %s is not marked aria-invalid", field)
		}
		if doc.Find(`label[for="`+field+`"]`).Length() == 0 {
			t.Errorf("field %s has no label", field)
		}
	}
}
