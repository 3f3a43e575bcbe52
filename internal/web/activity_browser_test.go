package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"magecrm/e2e"
	"magecrm/internal/dbtest"
)

// TestQuickAddFromTheCustomerPageInBrowser clicks through the customer
// page's quick-add buttons in Chromium: log a call, add a note, plan a task
// (and find it under My tasks), attach a file and download it.
func TestQuickAddFromTheCustomerPageInBrowser(t *testing.T) {
	b := e2e.NewBrowser(t)
	shop := newCustomerShop(t, dbtest.SQLiteOnly(t, "the click path is what this test checks; the page tests run the same requests on both databases"))
	base := shop.app.srv.URL
	page := base + "/customers/" + idString(shop.repCustomer)
	b.SignIn(base, "rita", repPassword)

	b.Open(page)
	b.Do("open Log call and fill it in",
		chromedp.Click(chromedp.CSS("#quick-call summary")),
		chromedp.SendKeys(chromedp.ID("quick-call-subject"), "Pricing call"),
		chromedp.SendKeys(chromedp.ID("quick-call-minutes"), "7"),
		chromedp.Click(chromedp.CSS(`#quick-call input[value="in"]`)))
	if status := b.Submit("#quick-call button[type=submit]"); status != 200 {
		t.Fatalf("log call: status %d", status)
	}
	if got := b.Text("#timeline-list"); !strings.Contains(got, "Pricing call") || !strings.Contains(got, "Incoming call") {
		t.Fatalf("timeline after the call: %q (flash %q)", got, b.Text(".flash"))
	}

	b.Do("open Add note and write it",
		chromedp.Click(chromedp.CSS("#quick-note summary")),
		chromedp.SendKeys(chromedp.ID("quick-note-body"), "Prefers **email** to calls"))
	b.Submit("#quick-note button[type=submit]")
	if got := b.Text("#timeline-list .kind-note .rich strong"); got != "email" {
		t.Fatalf("the note's bold text reads %q; timeline %q", got, b.Text("#timeline-list"))
	}

	b.Do("open Add task and fill it in",
		chromedp.Click(chromedp.CSS("#quick-task summary")),
		chromedp.SendKeys(chromedp.ID("quick-task-subject"), "Send the quote"))
	b.Submit("#quick-task button[type=submit]")
	if got := b.Text("#open-task-count"); got != "1" {
		t.Fatalf("open task count in the header: %q", got)
	}
	b.Do("follow My tasks", chromedp.Click(chromedp.ID("my-tasks-link")))
	b.Do("wait for My tasks", chromedp.WaitVisible(chromedp.ID("my-tasks")))
	if got := b.Text("#my-tasks tbody"); !strings.Contains(got, "Send the quote") || !strings.Contains(got, "Rhea Adler") {
		t.Fatalf("My tasks: %q", got)
	}

	file := filepath.Join(t.TempDir(), "quote.txt")
	if err := os.WriteFile(file, []byte("Quote: 3 chairs, 120 EUR"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.Open(page)
	b.Do("open Attach file and choose the file",
		chromedp.Click(chromedp.CSS("#quick-attachment summary")),
		chromedp.SendKeys(chromedp.ID("quick-attachment-body"), "the quote we sent"),
		chromedp.SetUploadFiles(chromedp.ID("quick-attachment-file"), []string{file}))
	b.Submit("#quick-attachment button[type=submit]")
	if got := b.Text("#timeline-list .kind-attachment a.download"); got != "quote.txt" {
		t.Fatalf("attachment link reads %q; timeline %q", got, b.Text("#timeline-list"))
	}
	body := b.Eval("download the attachment", `fetch(document.querySelector("#timeline-list .kind-attachment a.download").href).then(r => r.text())`)
	if body != "Quote: 3 chairs, 120 EUR" {
		t.Fatalf("downloaded %q", body)
	}
}
