package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"magecrm/internal/crm"
)

// customerFixture is a shop for the customer browser tests: a two-way
// channel with an admin URL, stores "Default Store View" and "French",
// groups "General" and "VIP", a one-way channel with its own store, and
// a Sales Representative "rita" in unit Sales.
type customerFixture struct {
	srv                     *Server
	twoWay, second          int64
	website, storeA, storeB int64
	otherStore              int64
	general, vip            int64
	admin, rep, org         int64
	outsider                int64 // a customer owned by the admin, out of rita's scope
}

const ritaPassword = "rita-password-1"

func newCustomerFixture(t *testing.T, srv *Server) *customerFixture {
	t.Helper()
	ctx := context.Background()
	f := &customerFixture{srv: srv}
	ins := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := srv.DB.QueryRow(q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	var root int64
	srv.DB.QueryRow("SELECT id, organization_id, business_unit_id FROM users WHERE username = 'admin'").Scan(&f.admin, &f.org, &root)
	if _, err := srv.CRM.Store.CreateBusinessUnit(ctx, f.org, root, "Sales"); err != nil {
		t.Fatal(err)
	}
	u, err := srv.CRM.AddUser(ctx, crm.UserInput{Username: "rita", FirstName: "Rita", LastName: "Rep", Password: ritaPassword}, "Sales Representative", "Sales")
	if err != nil {
		t.Fatal(err)
	}
	f.rep = u.ID
	f.twoWay = ins(`INSERT INTO channels (organization_id, owner_user_id, name, base_url, admin_url, auth_kind, two_way, default_owner_id, created_at, updated_at)
		VALUES ($1, $2, 'Two-way shop', 'https://shop.test/', 'https://shop.test/admin', 'bearer', TRUE, $2, 0, 0)`, f.org, f.admin)
	f.second = ins(`INSERT INTO channels (organization_id, owner_user_id, name, base_url, admin_url, auth_kind, two_way, default_owner_id, created_at, updated_at)
		VALUES ($1, $2, 'Second shop', 'https://two.test/', '', 'bearer', TRUE, $2, 0, 0)`, f.org, f.admin)
	f.website = ins("INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, 1, 'base', 'Main Website')", f.twoWay)
	f.storeA = ins("INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 1, $2, 'default', 'Default Store View')", f.twoWay, f.website)
	f.storeB = ins("INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 2, $2, 'fr', 'French')", f.twoWay, f.website)
	f.general = ins("INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, 1, 'General')", f.twoWay)
	f.vip = ins("INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, 2, 'VIP')", f.twoWay)
	w2 := ins("INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, 1, 'base', 'Second Website')", f.second)
	f.otherStore = ins("INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 1, $2, 'two', 'Second Store')", f.second, w2)
	ins("INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, 1, 'Second General')", f.second)
	return f
}

// addCustomers inserts n customers of the two-way channel owned by owner:
// last names "Last00", "Last01"…, every third one in Germany.
func (f *customerFixture) addCustomers(t *testing.T, n int, owner int64, prefix string) {
	t.Helper()
	for i := range n {
		country := "US"
		if i%3 == 0 {
			country = "DE"
		}
		if _, err := f.srv.DB.Exec(`INSERT INTO magento_customers (organization_id, channel_id, origin_id, website_id, store_id, group_id,
			first_name, last_name, email, billing_country, lifetime_value, created_at, updated_at, owner_user_id, is_subscribed)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, FALSE)`,
			f.org, f.twoWay, 1000+int(prefix[0])*100+i, f.website, f.storeA, f.general, "First"+prefix, fmt.Sprintf("%sLast%02d", prefix, i),
			fmt.Sprintf("%s%02d@example.com", prefix, i), country, float64(i*10), int64(1700000000000+i*60000), owner); err != nil {
			t.Fatal(err)
		}
	}
}

// eval runs JavaScript in the page and returns its string result.
func (b *Browser) eval(js string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

// choose selects an option by value and fires the change event, as a
// person's choice does.
func (b *Browser) choose(id, value string) {
	b.t.Helper()
	b.eval(fmt.Sprintf(`(() => { const s = document.getElementById(%s); s.value = %s; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value; })()`, jsString(id), jsString(value)))
}

// byID selects the element with this id, which may hold dots
// ("address.0.city") that a #id selector would misread.
func byID(id string) chromedp.CSS { return chromedp.CSS(`[id="` + id + `"]`) }
