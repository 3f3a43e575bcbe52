package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/magento"
)

// syncBuffer is an output written by one goroutine and read by another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestDemoServesASyncedStore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- Main(ctx, []string{"demo", "--customers", "300", "--listen", "127.0.0.1:0", "--data", t.TempDir()}, &out, &errOut)
	}()

	ready := regexp.MustCompile(`open (http://\S+)/channels/(\d+) and sign in as admin`)
	var m []string
	for deadline := time.Now().Add(60 * time.Second); m == nil; m = ready.FindStringSubmatch(out.String()) {
		select {
		case code := <-exit:
			t.Fatalf("demo stopped with %d before it was ready:\n%s\n%s", code, out.String(), errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo not ready after a minute:\n%s", out.String())
		}
	}
	password := regexp.MustCompile(`password:\s+(\S+)`).FindStringSubmatch(out.String())
	if password == nil {
		t.Fatalf("no admin password printed:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Imported 300 customers") {
		t.Errorf("the summary does not say 300 customers were imported:\n%s", out.String())
	}
	// Each step's line says what it did when it ends, never "0" at its start.
	if !strings.Contains(out.String(), "  all customers: 300 read, 300 created\n") || strings.Contains(out.String(), ": 0\n") {
		t.Errorf("the progress lines do not say what each step did:\n%s", out.String())
	}

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := client.PostForm(m[1]+"/login", url.Values{"username": {"admin"}, "password": {password[1]}, "next": {"/channels/" + m[2]}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "<h1>Demo store") {
		t.Fatalf("after signing in: status %d\n%s", resp.StatusCode, page)
	}
	if !strings.Contains(page, `<span class="badge good">finished</span>`) || !strings.Contains(page, `<td class="step">all customers</td><td class="num">300</td><td class="num">300</td>`) {
		t.Fatalf("the channel page does not show a finished run that fetched 300 customers:\n%s", page)
	}

	checkEditReachesStore(t, client, m[1], out.String())

	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("demo exited with %d after Ctrl-C:\n%s", code, errOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop after its context ended")
	}
}

// checkEditReachesStore flips a customer's newsletter state in the demo's
// pages and waits for the simulated store to hold it: two-way sync is on.
func checkEditReachesStore(t *testing.T, client *http.Client, base, out string) {
	t.Helper()
	get := func(path string) string {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	page := get("/customers/1")
	origin := regexp.MustCompile(`id="magento-id">(\d+)<`).FindStringSubmatch(page)
	sim := regexp.MustCompile(`Simulated Magento store with \d+ customers at (\S+) `).FindStringSubmatch(out)
	if origin == nil || sim == nil {
		t.Fatalf("no Magento id on the customer page or no store address printed:\n%s", out)
	}
	subscribe := !strings.Contains(page, "Newsletter: Subscribed")
	form := url.Values{"subscribe": {"0"}}
	if subscribe {
		form.Set("subscribe", "1")
	}
	resp, err := client.PostForm(base+"/customers/1/newsletter", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	c, err := magento.New(magento.Config{BaseURL: sim[1], Auth: magento.Auth{Kind: magento.AdminToken, Username: "admin", Password: "magento123"}})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := strconv.Atoi(origin[1])
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r, err := c.Customer(context.Background(), id)
		if err == nil && r.IsSubscribed != nil && *r.IsSubscribed == subscribe {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store's customer %d is not subscribed=%v 15 s after the change (%v)", id, subscribe, err)
		}
	}
}
