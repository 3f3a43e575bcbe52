package e2e

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ChromiumEnv names the variable holding the path of the Chromium binary
// (scripts/test sets it when Chromium is installed).
const ChromiumEnv = "MAGECRM_CHROMIUM"

// Browser is one headless Chromium tab with its own profile. It accepts
// every confirmation dialog (data-confirm) and remembers its message.
type Browser struct {
	t   *testing.T
	ctx context.Context

	mu      sync.Mutex
	dialogs []string
}

// NewBrowser starts Chromium for t and closes it when t ends. Without
// MAGECRM_CHROMIUM the test is skipped, or fails when CI=true.
func NewBrowser(t *testing.T) *Browser {
	t.Helper()
	path := os.Getenv(ChromiumEnv)
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is not set: browser tests must run in CI (run them through scripts/test)", ChromiumEnv)
		}
		t.Skipf("%s not set: run scripts/test to run the browser tests", ChromiumEnv)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// Starting the browser outside any timeout keeps it alive for the
	// whole test; each step then gets its own deadline.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	b := &Browser{t: t, ctx: ctx}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return b
}

// stepTimeout bounds each step, so a test that waits for something that
// never comes fails with a message instead of hanging.
const stepTimeout = 20 * time.Second

// Do runs steps in order and fails the test at the first error.
func (b *Browser) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// Open loads a page and returns its HTTP status.
func (b *Browser) Open(url string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		b.t.Fatalf("open %s: %v", url, err)
	}
	return int(resp.Status)
}

// Submit clicks a submit button (by CSS selector), waits for the page the
// form leads to and returns its HTTP status.
func (b *Browser) Submit(button string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		b.t.Fatalf("submit %s: %v", button, err)
	}
	return int(resp.Status)
}

// Text returns the visible text of the first element matching a CSS
// selector, or "" when there is none.
func (b *Browser) Text(css string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+jsString(css)+`) || {innerText: ""}).innerText`))
	if err != nil {
		b.t.Fatalf("read %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

// Eval runs a JavaScript expression in the page, waits for it when it is a
// promise, and returns its value as a string.
func (b *Browser) Eval(what, expr string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return s
}

// Location returns the URL of the page shown.
func (b *Browser) Location() string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// Dialogs returns the messages of the dialogs accepted so far.
func (b *Browser) Dialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// SignIn signs in on the server at base and fails unless the home page
// follows.
func (b *Browser) SignIn(base, username, password string) {
	b.t.Helper()
	b.Open(base + "/login")
	b.Do("fill the sign-in form",
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), password))
	if status := b.Submit(`form[action="/login"] button[type=submit]`); status != 200 || b.Text("h1") != "Dashboard" {
		b.t.Fatalf("sign in as %s: status %d, page %q, message %q", username, status, b.Text("h1"), b.Text(".error-summary"))
	}
}

// SignOut presses "Sign out" and fails unless the sign-in page follows.
func (b *Browser) SignOut() {
	b.t.Helper()
	b.Submit("form.logout button")
	if msg := b.Text(".flash"); msg != "You are signed out." {
		b.t.Fatalf("after signing out the page says %q", msg)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}
