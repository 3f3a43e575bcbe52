package push_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestCreateAgainWhileASendFindsTheCustomerGone: customer 2 was deleted
// in Magento; while a send of it reads it there (and gets 404), a person
// uses Create again in Magento. The failed send is older than that save:
// it must not mark the customer removed again, and the customer is
// created anew in Magento.
func TestCreateAgainWhileASendFindsTheCustomerGone(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		var armed atomic.Bool // after the import
		var once sync.Once
		var e *env
		createAgainDuringRead := func(sim *magesim.Sim, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if armed.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/V1/customers/2") {
					once.Do(func() {
						id := e.byOrigin(2)
						if err := e.st.CreateAgain(context.Background(), e.load(id), e.owner, time.Now()); err != nil {
							t.Error(err)
						}
					})
				}
				h.ServeHTTP(w, r)
			})
		}
		e = newEnvBehind(t, d, model.Magento2, magesim.Options{Customers: 3}, model.RemoteWins, createAgainDuringRead)
		id := e.byOrigin(2)
		email := e.load(id).Email
		if err := e.sim.DeleteCustomer(2); err != nil {
			t.Fatal(err)
		}
		e.edit(id, func(c *model.Customer) { c.LastName = "Again" })
		armed.Store(true)
		e.sendAll()
		c := e.load(id)
		r := e.remote(email)
		if c.Removed() || c.Pending() || c.SyncState != 0 {
			t.Errorf("after Create again during the send: state %q, error %q; want in sync", c.SyncLabel(), c.SyncError)
		}
		if len(r) != 1 || r[0].Lastname != "Again" || c.OriginID != int64(r[0].ID) {
			t.Errorf("in Magento: %d customers with the email %+v; want it created anew, linked", len(r), r)
		}
	})
}
