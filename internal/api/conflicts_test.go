package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/testrig"
)

// conflictShop is a two-way shop with a unit East holding a manager and
// two representatives, and customers owned by each representative and by
// the administrator.
type conflictShop struct {
	shop                 *testrig.Shop
	rita, ray, adminOwns int64 // customers by owner
}

func (a *testAPI) conflictShop() conflictShop {
	a.t.Helper()
	s := a.rig.Shop(testrig.ShopSpec{Name: "Shop", TwoWay: true, Website: "Main Website", Stores: []string{"Default Store View"}, Groups: []string{"General"}})
	a.rig.Unit("East", a.rig.RootUnit)
	owners := map[string]int64{"admin": a.rig.Admin.ID}
	for _, u := range []struct{ name, role string }{{"mia", "Sales Manager"}, {"rita", "Sales Representative"}, {"ray", "Sales Representative"}} {
		owners[u.name] = a.rig.User(u.name, u.name+"-password-1", u.role, "East").ID
	}
	c := conflictShop{shop: s}
	for i, p := range []struct {
		to    *int64
		owner string
	}{{&c.rita, "rita"}, {&c.ray, "ray"}, {&c.adminOwns, "admin"}} {
		*p.to = a.rig.Customer(s, testrig.CustomerSpec{Store: s.Stores[0], Group: s.Groups[0], Owner: owners[p.owner],
			OriginID: int64(10 + i), First: "Kept" + p.owner, Last: "Test", Email: p.owner + "@example.com"})
	}
	return c
}

// conflictOn lists a conflict on a customer's first name, as the send or
// the import records it; kept is the name the customer has now.
func (a *testAPI) conflictOn(c conflictShop, customer int64, kept, lost string, at int64) int64 {
	a.t.Helper()
	id := a.exec(`INSERT INTO customer_conflicts (customer_id, channel_id, field, kept, lost, kept_local, created_at)
		VALUES ($1, $2, 'firstname', $3, $4, false, $5)`, customer, c.shop.Channel, kept, lost, at)
	if _, err := a.db.Exec("UPDATE magento_customers SET sync_state = sync_state | $1 WHERE id = $2", model.SyncConflict, customer); err != nil {
		a.t.Fatal(err)
	}
	return id
}

type apiConflict struct {
	ID         int64  `json:"id"`
	CustomerID int64  `json:"customer_id"`
	Kept       string `json:"kept"`
	Lost       string `json:"lost"`
	KeptFrom   string `json:"kept_from"`
	CanSettle  bool   `json:"can_settle"`
	Take       string `json:"take"`
	Keep       string `json:"keep"`
}

type conflictList struct {
	Items []apiConflict `json:"items"`
	Next  string        `json:"next"`
}

func TestChannelConflictsListInPagesWithThePagesScope(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		c := a.conflictShop()
		ritas := a.conflictOn(c, c.rita, "Keptrita", "Rhiannon", 1700000003000)
		rays := a.conflictOn(c, c.ray, "Keptray", "Raymond", 1700000002000)
		admins := a.conflictOn(c, c.adminOwns, "Keptadmin", "Adam", 1700000001000)
		path := fmt.Sprintf("/api/v1/channels/%d/conflicts", c.shop.Channel)
		admin := a.token("admin", true)

		var p conflictList
		a.call(admin, "GET", path+"?limit=2", nil).json(t, &p)
		if len(p.Items) != 2 || p.Items[0].ID != ritas || p.Items[1].ID != rays || p.Next == "" {
			t.Fatalf("first page: %+v", p)
		}
		if k := p.Items[0]; k.Kept != "Keptrita" || k.Lost != "Rhiannon" || k.KeptFrom != "magento" || !k.CanSettle ||
			k.Take != fmt.Sprintf("/api/v1/customers/%d/conflicts/%d/take", c.rita, ritas) {
			t.Errorf("a conflict reads %+v", k)
		}
		next := p.Next
		p = conflictList{}
		a.call(admin, "GET", next, nil).json(t, &p)
		if len(p.Items) != 1 || p.Items[0].ID != admins || p.Next != "" {
			t.Errorf("second page: %+v", p)
		}
		if got := a.call(admin, "GET", path+"?cursor=nonsense", nil).problem(t); got.Status != http.StatusUnprocessableEntity || got.fieldMessage("query.cursor") == "" {
			t.Errorf("a damaged cursor: %+v", got)
		}

		p = conflictList{}
		a.call(a.token("mia", true), "GET", path, nil).json(t, &p)
		if len(p.Items) != 2 || p.Items[0].ID != ritas || p.Items[1].ID != rays || !p.Items[0].CanSettle {
			t.Errorf("the manager of East sees %+v, want the conflicts of East's customers only", p)
		}
		if got := a.call(a.token("rita", true), "GET", path, nil); got.status != http.StatusNotFound {
			t.Errorf("a representative (no channel access) listed conflicts: %d %s", got.status, got.body)
		}
		if got := a.call(admin, "GET", "/api/v1/channels/999999/conflicts", nil); got.status != http.StatusNotFound {
			t.Errorf("conflicts of a missing channel: %d", got.status)
		}
	})
}

func TestSettleConflictsThroughTheAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		c := a.conflictShop()
		ritas := a.conflictOn(c, c.rita, "Keptrita", "Rhiannon", 1700000003000)
		rays := a.conflictOn(c, c.ray, "Keptray", "Raymond", 1700000002000)
		admins := a.conflictOn(c, c.adminOwns, "Keptadmin", "Adam", 1700000001000)
		rita := a.token("rita", false)
		settle := func(tok string, customer, conflict int64, how string) answer {
			return a.call(tok, "POST", fmt.Sprintf("/api/v1/customers/%d/conflicts/%d/%s", customer, conflict, how), nil)
		}

		if got := settle(a.token("rita", true), c.rita, ritas, "take"); got.status != http.StatusForbidden {
			t.Errorf("a read-only token settled a conflict: %d", got.status)
		}
		if got := settle(rita, c.ray, rays, "take").problem(t); got.Status != http.StatusForbidden {
			t.Errorf("rita settled the conflict of a colleague's customer she may only view: %+v", got)
		}
		if got := settle(rita, c.adminOwns, admins, "keep").problem(t); got.Status != http.StatusNotFound {
			t.Errorf("rita settled the conflict of a customer she may not view: %+v", got)
		}
		took := settle(rita, c.rita, ritas, "take")
		var cu customer
		took.json(t, &cu)
		if took.status != http.StatusOK || cu.FirstName != "Rhiannon" || took.header.Get("ETag") == "" || !strings.Contains(strings.Join(cu.Sync, ","), "pending") {
			t.Fatalf("take the other value: %d %s", took.status, took.body)
		}
		if got := settle(rita, c.rita, ritas, "take").problem(t); got.Status != http.StatusConflict || !strings.Contains(got.Detail, "settled meanwhile") {
			t.Errorf("taking a settled conflict again: %+v", got)
		}
		if got := settle(a.token("mia", false), c.ray, rays, "keep"); got.status != http.StatusOK {
			t.Errorf("the manager keeps a value: %d %s", got.status, got.body)
		}
		var first string
		var state int
		if err := d.QueryRow("SELECT first_name, sync_state FROM magento_customers WHERE id = $1", c.ray).Scan(&first, &state); err != nil {
			t.Fatal(err)
		}
		if first != "Keptray" || state&model.SyncConflict != 0 {
			t.Errorf("after keep: %q, state %b", first, state)
		}
		var left int
		d.QueryRow("SELECT COUNT(*) FROM customer_conflicts").Scan(&left)
		if left != 1 {
			t.Errorf("%d conflicts left, want the administrator's one", left)
		}
	})
}
