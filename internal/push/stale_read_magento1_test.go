package push_test

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// throttleFirstCall answers the first SOAP call of op (once armed) with a
// 429 and Retry-After: 3, as a proxy in front of the store would, and
// makes the admin's edit in Magento during the wait. It records when each
// call of op came.
type throttleFirstCall struct {
	op    string
	edit  func(sim *magesim.Sim) error
	armed atomic.Bool
	mu    sync.Mutex
	calls []time.Time
}

func (th *throttleFirstCall) wrap(t *testing.T) func(sim *magesim.Sim, h http.Handler) http.Handler {
	return func(sim *magesim.Sim, h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if !th.armed.Load() || !bytes.Contains(body, []byte(th.op)) {
				h.ServeHTTP(w, r)
				return
			}
			th.mu.Lock()
			th.calls = append(th.calls, time.Now())
			first := len(th.calls) == 1
			th.mu.Unlock()
			if !first {
				h.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Retry-After", "3")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, "<html><body><h1>429 Too Many Requests</h1></body></html>")
			if err := th.edit(sim); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestAThrottledMagento1WriteReadsAgainBeforeItIsRepeated: magecrm and an
// admin change the same field of customer 1 (its last name, or its
// billing address's city). magecrm's customerCustomerUpdate or
// customerAddressUpdate is answered 429 with Retry-After: 3, and the admin
// saves meanwhile. The write is not sent again with its old body (which
// would overwrite the admin's save): the send is tried again after the
// wait, reads the customer again, and finds a change on both sides, which
// the channel's priority (Magento's) settles.
func TestAThrottledMagento1WriteReadsAgainBeforeItIsRepeated(t *testing.T) {
	for _, c := range []struct {
		op    string
		local func(c *model.Customer, addrs []model.Address) []model.Address
		admin func(sim *magesim.Sim) error
		got   func(c magesim.Customer) string
	}{
		{"customerCustomerUpdate",
			func(c *model.Customer, addrs []model.Address) []model.Address { c.LastName = "Local"; return addrs },
			func(sim *magesim.Sim) error { return sim.EditCustomer(1, magesim.CustomerEdit{Lastname: "AdminEdit"}) },
			func(c magesim.Customer) string { return c.Lastname }},
		{"customerAddressUpdate",
			func(c *model.Customer, addrs []model.Address) []model.Address {
				for i := range addrs {
					if addrs[i].DefaultBilling {
						addrs[i].City = "Local"
					}
				}
				return addrs
			},
			func(sim *magesim.Sim) error { return sim.EditAddressOnly(1, magesim.AddressEdit{City: "AdminEdit"}) },
			func(c magesim.Customer) string {
				for _, a := range c.Addresses {
					if a.ID == c.DefaultBilling {
						return a.City
					}
				}
				return "no billing address"
			}},
	} {
		t.Run(c.op, func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				th := &throttleFirstCall{op: c.op, edit: c.admin}
				e := newEnvBehind(t, d, model.Magento1, magesim.Options{Customers: 1}, model.RemoteWins, th.wrap(t))
				if r, _ := e.sim.Customer(1); r.DefaultBilling == 0 {
					t.Fatal("customer 1 has no billing address")
				}
				e.editAll(e.byOrigin(1), c.local)
				th.armed.Store(true)
				e.sendAll()
				r, _ := e.sim.Customer(1)
				if got := c.got(r); got != "AdminEdit" {
					t.Errorf("Magento has %q; want the admin's AdminEdit, kept by the channel's priority", got)
				}
				if local := e.load(e.byOrigin(1)); local.Pending() {
					t.Errorf("magecrm's customer 1 is %s; want it settled", local.SyncLabel())
				}
				th.mu.Lock()
				defer th.mu.Unlock()
				if len(th.calls) != 1 {
					t.Errorf("%d calls of %s; want the throttled one only (read again, nothing left to send)", len(th.calls), c.op)
				}
			})
		})
	}
}
