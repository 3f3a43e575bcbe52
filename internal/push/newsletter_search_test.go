package push_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestAnOptOutReachesMagentoWhateverItsSearchSays: Magento 2.4's customer
// search finds a customer's newsletter state by email alone (the
// newsletter plugin's afterGetList), so it may answer another website's
// subscription or a guest's. Here it says "not subscribed" of a customer
// Magento holds as subscribed, whom magecrm unsubscribed: the opt-out must
// still reach Magento (the customer is read alone), and magecrm must not
// take "subscribed" back from the send's answer. When even the single
// read says so, the newsletter is still sent, as magecrm changed it
// (nothing else of the customer changed).
func TestAnOptOutReachesMagentoWhateverItsSearchSays(t *testing.T) {
	for _, lieIn := range []string{"search", "search and read"} {
		t.Run(lieIn, func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) { testOptOutBehindAWrongSearch(t, d, lieIn) })
		})
	}
}

func testOptOutBehindAWrongSearch(t *testing.T, d *db.DB, lieIn string) {
	ctx := context.Background()
	var armed atomic.Bool // after the import
	var victim atomic.Int64
	wrong := func(sim *magesim.Sim, h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			search := strings.HasSuffix(r.URL.Path, "/V1/customers/search")
			read := strings.HasSuffix(r.URL.Path, "/V1/customers/"+strconv.FormatInt(victim.Load(), 10))
			if !armed.Load() || r.Method != http.MethodGet || !(search || read && lieIn == "search and read") {
				h.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			body := notSubscribedIn(t, rec.Body.Bytes(), victim.Load(), search)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
	}
	e := newEnvBehind(t, d, model.Magento2, magesim.Options{Customers: 8, Version: "2.4"}, model.RemoteWins, wrong)
	e.w.Concurrency = 4
	for id := 1; id <= 8; id++ {
		if c, _ := e.sim.Customer(id); c.Subscribed {
			victim.Store(int64(id))
			break
		}
	}
	if victim.Load() == 0 {
		t.Fatal("the generated store has no subscribed customer; the test needs one")
	}
	local := e.load(e.byOrigin(int(victim.Load())))
	if err := e.st.SetCustomerNewsletter(ctx, local, false, e.owner, local.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	for id := 1; id <= 8; id++ {
		if int64(id) != victim.Load() {
			e.edit(e.byOrigin(id), func(c *model.Customer) { c.LastName = "Batch" })
		}
	}
	armed.Store(true)
	e.sendAll()
	r, _ := e.sim.Customer(int(victim.Load()))
	c := e.load(e.byOrigin(int(victim.Load())))
	if here := c.Subscribed != nil && *c.Subscribed; r.Subscribed || here || c.Subscribed == nil || c.Pending() || c.Conflicted() {
		t.Errorf("unsubscribed in magecrm: subscribed in Magento %v, in magecrm %v, %s; want neither, in sync",
			r.Subscribed, here, c.SyncLabel())
	}
}

// notSubscribedIn rewrites Magento's answer (a search page, or one
// customer) so that customer id says it is not subscribed.
func notSubscribedIn(t *testing.T, body []byte, id int64, page bool) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return body // an error answer: as it is
	}
	items := []any{doc}
	if page {
		items, _ = doc["items"].([]any)
	}
	for _, it := range items {
		c, _ := it.(map[string]any)
		if n, _ := c["id"].(float64); int64(n) != id {
			continue
		}
		ext, _ := c["extension_attributes"].(map[string]any)
		if ext == nil {
			ext = map[string]any{}
			c["extension_attributes"] = ext
		}
		ext["is_subscribed"] = false
	}
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
