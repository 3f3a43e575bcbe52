package push_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magento"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// signIn signs in to the simulated store as a customer (POST
// /V1/integration/customer/token, Magento's customer sign-in) and returns
// the HTTP status: 200 when Magento's hash check accepts the password.
func (e *env) signIn(email, password string) int {
	e.t.Helper()
	body, _ := json.Marshal(map[string]string{"username": email, "password": password})
	resp, err := http.Post(e.ch.BaseURL+"/rest/V1/integration/customer/token", "application/json", strings.NewReader(string(body)))
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// setPassword saves a person's new password for customer id, nothing else.
func (e *env) setPassword(id int64, password string) {
	e.t.Helper()
	ctx := context.Background()
	old := e.load(id)
	addrs, err := e.st.CustomerAddresses(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	next := *old
	if _, err := e.st.UpdateCustomer(ctx, old, addrs, store.CustomerChange{Customer: &next, Addresses: addrs, Password: password,
		ActorID: e.owner, At: time.Now()}); err != nil {
		e.t.Fatal(err)
	}
}

// sealedPassword is what the database holds of customer id's waiting password.
func (e *env) sealedPassword(id int64) string {
	e.t.Helper()
	var sealed string
	if err := e.d.QueryRowContext(context.Background(), "SELECT password_sealed FROM magento_customers WHERE id = $1", id).Scan(&sealed); err != nil {
		e.t.Fatal(err)
	}
	return sealed
}

// TestPasswordOfACustomerMagentoHasIsSent: a password set in magecrm on a
// customer Magento already has reaches Magento as Magento's hash of it
// (the customer signs in with it, the old one stops working), with no
// other change to send; magecrm's copy is erased once Magento took it, and
// the password is in no history entry.
func TestPasswordOfACustomerMagentoHasIsSent(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{}, model.RemoteWins)
		c := e.create("ada@example.com", "Ada", "Lovelace", 0, "First-pass-1")
		e.sendAll()
		if s := e.signIn("ada@example.com", "First-pass-1"); s != 200 {
			t.Fatalf("sign-in with the create's password: %d", s)
		}
		e.setPassword(c.ID, "Second-Pass-2")
		if got := e.load(c.ID); !got.PasswordSet || !got.Pending() {
			t.Fatalf("after setting a password: waiting %v, password kept %v", got.Pending(), got.PasswordSet)
		}
		e.sendAll()
		got := e.load(c.ID)
		if got.Pending() || got.SyncState != 0 || got.PasswordSet || e.sealedPassword(c.ID) != "" {
			t.Errorf("after the send: state %q, error %q, password kept %v; want in sync, erased", got.SyncLabel(), got.SyncError, got.PasswordSet)
		}
		if s := e.signIn("ada@example.com", "Second-Pass-2"); s != 200 {
			t.Errorf("sign-in with the new password: %d, want 200", s)
		}
		if s := e.signIn("ada@example.com", "First-pass-1"); s != 401 {
			t.Errorf("sign-in with the old password: %d, want 401", s)
		}
		for _, h := range e.history(c.ID) {
			for f, ch := range h.Changes {
				if strings.Contains(ch[0]+ch[1], "Pass-2") || strings.Contains(ch[0]+ch[1], "pass-1") {
					t.Errorf("history %s %q holds the password: %v", h.Action, f, ch)
				}
			}
		}
	})
}

// TestPasswordSetDuringItsSendIsSentToo: while a send of a new password is
// in Magento, a person sets another. Recording the first send must not
// erase the second: it is sent next, and the customer signs in with it.
func TestPasswordSetDuringItsSendIsSentToo(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		var armed atomic.Bool
		var once sync.Once
		var e *env
		var id int64
		setAnotherDuringPut := func(sim *magesim.Sim, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if armed.Load() && r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/V1/customers/") {
					once.Do(func() { e.setPassword(id, "Third-Pass-3") })
				}
				h.ServeHTTP(w, r)
			})
		}
		e = newEnvBehind(t, d, model.Magento2, magesim.Options{Customers: 2}, model.RemoteWins, setAnotherDuringPut)
		id = e.byOrigin(1)
		email := e.load(id).Email
		e.setPassword(id, "Second-Pass-2")
		armed.Store(true)
		e.sendAll()
		got := e.load(id)
		if got.Pending() || got.PasswordSet {
			t.Errorf("after both sends: waiting %v, password kept %v", got.Pending(), got.PasswordSet)
		}
		if s := e.signIn(email, "Third-Pass-3"); s != 200 {
			t.Errorf("sign-in with the password set during the send: %d, want 200", s)
		}
		if s := e.signIn(email, "Second-Pass-2"); s != 401 {
			t.Errorf("sign-in with the earlier password: %d, want 401", s)
		}
	})
}

// TestPasswordWaitsThroughARefusal: Magento refuses a customer sent with a
// new password for another field (its email is taken). The message says
// the password is not set yet; once the email is fixed, the next send
// carries the password and the customer signs in with it.
func TestPasswordWaitsThroughARefusal(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 1}, model.RemoteWins)
		id := e.byOrigin(1)
		r := e.remote(e.load(id).Email)[0]
		taken := "taken@example.com" // made in Magento meanwhile, on the customer's website
		if _, err := e.client.CreateCustomer(context.Background(), magento.Customer{WebsiteID: r.WebsiteID, StoreID: r.StoreID,
			GroupID: 1, Email: taken, Firstname: "Other", Lastname: "Person"}, ""); err != nil {
			t.Fatal(err)
		}
		e.setPassword(id, "Second-Pass-2")
		e.edit(id, func(c *model.Customer) { c.Email = taken })
		e.sendAll()
		got := e.load(id)
		if !got.SendFailed() || !got.PasswordSet || !strings.Contains(got.SyncError, "password is not set yet") {
			t.Fatalf("refused: state %q, error %q, password kept %v; want refused, kept, told", got.SyncLabel(), got.SyncError, got.PasswordSet)
		}
		e.edit(id, func(c *model.Customer) { c.Email = "fixed@example.com" })
		e.sendAll()
		got = e.load(id)
		if got.SyncState != 0 || got.PasswordSet {
			t.Errorf("after the fix: state %q, error %q, password kept %v", got.SyncLabel(), got.SyncError, got.PasswordSet)
		}
		if s := e.signIn("fixed@example.com", "Second-Pass-2"); s != 200 {
			t.Errorf("sign-in with the password set before the refusal: %d, want 200", s)
		}
	})
}

// TestPasswordOfACustomerDeletedInMagentoIsErased: a customer with a new
// password waiting is found deleted in Magento, by its send or by an
// import. The password is erased (the message of the send says so), not
// kept for a Create again that may come much later.
func TestPasswordOfACustomerDeletedInMagentoIsErased(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 2}, model.RemoteWins)
		bySend, byImport := e.byOrigin(1), e.byOrigin(2)
		e.setPassword(bySend, "Second-Pass-2")
		e.setPassword(byImport, "Second-Pass-2")
		if _, err := e.st.MarkRemovedInMagento(context.Background(), e.ch.ID, []int64{2}, time.Now()); err != nil {
			t.Fatal(err)
		}
		if got := e.load(byImport); !got.Removed() || got.PasswordSet || e.sealedPassword(byImport) != "" {
			t.Errorf("found deleted by an import: state %q, password kept %v", got.SyncLabel(), got.PasswordSet)
		}
		if err := e.sim.DeleteCustomer(1); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		got := e.load(bySend)
		if !got.Removed() || got.PasswordSet || e.sealedPassword(bySend) != "" ||
			!strings.Contains(got.SyncError, "password set here was not sent and is erased") {
			t.Errorf("found deleted by its send: state %q, error %q, password kept %v", got.SyncLabel(), got.SyncError, got.PasswordSet)
		}
	})
}
