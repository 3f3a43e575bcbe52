package magentosync

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/magento"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// env is a channel to a simulated Magento served over real HTTP, and the
// engine that imports it into a real database.
type env struct {
	d   *db.DB
	st  *store.Store
	sim *magesim.Sim
	srv *httptest.Server
	ch  *model.Channel
	eng *Engine
	// maxID is the highest customer id the simulator may hold.
	maxID int
}

// newEnv generates a store of opts.Customers customers and a channel to it.
// wrap, when not nil, stands between the client and the simulator.
func newEnv(t *testing.T, d *db.DB, opts magesim.Options, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	if opts.Seed == 0 {
		opts.Seed = 7
	}
	sim, err := magesim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h := sim.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	rig := testrig.New(t, d, nil)
	st := rig.Store
	ch := createChannel(rig, srv.URL)
	eng := NewEngine(st, slog.New(slog.DiscardHandler))
	eng.PageSize, eng.BatchSize = 100, 250
	return &env{d: d, st: st, sim: sim, srv: srv, ch: ch, eng: eng, maxID: opts.Customers}
}

// createChannel adds a channel signing in to the simulator with its admin
// account, owned by the organization's administrator.
func createChannel(rig *testrig.Rig, baseURL string) *model.Channel {
	rig.T.Helper()
	return rig.Channel(&model.Channel{Name: "Shop " + strconv.FormatInt(time.Now().UnixNano()%1e6, 10),
		Type: model.Magento2, BaseURL: baseURL, AuthKind: model.AuthAdminToken,
		Credentials: model.Credentials{Username: "admin", Password: "magento123"}, WebsiteID: model.AllWebsites,
		Priority: model.RemoteWins, SyncInterval: 15 * time.Minute, Enabled: true})
}

func (e *env) run(t *testing.T, opts RunOptions) *Summary {
	t.Helper()
	s, err := e.eng.Run(context.Background(), e.ch.ID, opts)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return s
}

// storedCustomer is a customer as magecrm holds it, in Magento's terms.
type storedCustomer struct {
	website, store, group                           int
	prefix, first, middle, last, suffix, email, dob string
	gender                                          int
	taxvat, createdIn                               string
	confirmed                                       bool
	subscribed                                      sql.NullBool
	createdAt, updatedAt                            string
	owner                                           int64
	state                                           int
	lifetime                                        float64
	addresses                                       map[int]string
}

// stored loads every imported customer of the channel by Magento id, and
// fails the test if a Magento id is stored twice.
func (e *env) stored(t *testing.T) map[int]*storedCustomer {
	t.Helper()
	ctx := context.Background()
	rows, err := e.d.QueryContext(ctx, `SELECT c.origin_id, w.origin_id, s.origin_id, g.origin_id, c.prefix, c.first_name, c.middle_name,
		c.last_name, c.suffix, c.email, c.dob, c.gender, c.taxvat, c.created_in, c.confirmed, c.is_subscribed,
		c.remote_created_at, c.remote_updated_at, c.owner_user_id, c.sync_state, CAST(c.lifetime_value AS DOUBLE PRECISION)
		FROM magento_customers c
		JOIN magento_websites w ON w.id = c.website_id JOIN magento_stores s ON s.id = c.store_id
		JOIN magento_customer_groups g ON g.id = c.group_id
		WHERE c.channel_id = $1`, e.ch.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]*storedCustomer{}
	for rows.Next() {
		var id int
		c := &storedCustomer{addresses: map[int]string{}}
		if err := rows.Scan(&id, &c.website, &c.store, &c.group, &c.prefix, &c.first, &c.middle, &c.last, &c.suffix, &c.email,
			&c.dob, &c.gender, &c.taxvat, &c.createdIn, &c.confirmed, &c.subscribed, &c.createdAt, &c.updatedAt,
			&c.owner, &c.state, &c.lifetime); err != nil {
			t.Fatal(err)
		}
		if out[id] != nil {
			t.Fatalf("Magento customer %d is stored twice", id)
		}
		out[id] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	arows, err := e.d.QueryContext(ctx, `SELECT c.origin_id, a.origin_id, a.prefix, a.first_name, a.middle_name, a.last_name,
		a.suffix, a.company, a.street, a.city, a.region_code, a.region, a.region_id, a.postcode, a.country_id, a.telephone,
		a.vat_id, a.is_default_billing, a.is_default_shipping
		FROM magento_addresses a JOIN magento_customers c ON c.id = a.customer_id WHERE c.channel_id = $1`, e.ch.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer arows.Close()
	for arows.Next() {
		var cid, aid, regionID int
		var f [14]string
		var billing, shipping bool
		if err := arows.Scan(&cid, &aid, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &regionID,
			&f[10], &f[11], &f[12], &f[13], &billing, &shipping); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[cid].addresses[aid]; dup {
			t.Fatalf("address %d of customer %d is stored twice", aid, cid)
		}
		out[cid].addresses[aid] = fmt.Sprintf("%q %d %v %v", f, regionID, billing, shipping)
	}
	if err := arows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// want renders a simulator customer as stored() renders a stored one.
func want(c *magesim.Customer, subscribedKnown bool) *storedCustomer {
	w := &storedCustomer{website: c.WebsiteID, store: c.StoreID, group: c.GroupID, prefix: c.Prefix, first: c.Firstname,
		middle: c.Middlename, last: c.Lastname, suffix: c.Suffix, email: c.Email, dob: c.Dob, gender: c.Gender,
		taxvat: c.Taxvat, createdIn: c.CreatedIn, confirmed: c.Confirmation == "",
		subscribed: sql.NullBool{Bool: c.Subscribed, Valid: subscribedKnown},
		createdAt:  time.Unix(c.CreatedAt, 0).UTC().Format(magentoTime), updatedAt: time.Unix(c.UpdatedAt, 0).UTC().Format(magentoTime),
		addresses: map[int]string{}}
	for _, a := range c.Addresses {
		f := [14]string{a.Prefix, a.Firstname, a.Middlename, a.Lastname, a.Suffix, a.Company, a.Street, a.City,
			a.RegionCode, a.Region, a.Postcode, a.CountryID, a.Telephone, a.VatID}
		w.addresses[a.ID] = fmt.Sprintf("%q %d %v %v", f, a.RegionID, a.ID == c.DefaultBilling, a.ID == c.DefaultShipping)
	}
	return w
}

// diff compares the fields of two customers and lists the differences.
func (c *storedCustomer) diff(w *storedCustomer) []string {
	var out []string
	check := func(name string, got, want any) {
		if got != want {
			out = append(out, fmt.Sprintf("%s: got %v, want %v", name, got, want))
		}
	}
	check("website", c.website, w.website)
	check("store", c.store, w.store)
	check("group", c.group, w.group)
	check("prefix", c.prefix, w.prefix)
	check("first name", c.first, w.first)
	check("middle name", c.middle, w.middle)
	check("last name", c.last, w.last)
	check("suffix", c.suffix, w.suffix)
	check("email", c.email, w.email)
	check("dob", c.dob, w.dob)
	check("gender", c.gender, w.gender)
	check("taxvat", c.taxvat, w.taxvat)
	check("created in", c.createdIn, w.createdIn)
	check("confirmed", c.confirmed, w.confirmed)
	if w.subscribed.Valid {
		check("subscribed", c.subscribed, w.subscribed)
	}
	check("created at", c.createdAt, w.createdAt)
	check("updated at", c.updatedAt, w.updatedAt)
	check("addresses", len(c.addresses), len(w.addresses))
	for id, a := range w.addresses {
		check("address "+strconv.Itoa(id), c.addresses[id], a)
	}
	return out
}

// assertMirrors checks that magecrm holds exactly the simulator's live
// customers, field by field, except the ids in skip; subscribedKnown is
// false for a 2.3 store, whose lists leave the newsletter status out.
func (e *env) assertMirrors(t *testing.T, subscribedKnown bool, skip ...int) map[int]*storedCustomer {
	t.Helper()
	got := e.stored(t)
	live := 0
	bad := 0
	for id := 1; id <= e.maxID; id++ {
		c, ok := e.sim.Customer(id)
		if !ok || slices.Contains(skip, id) {
			continue
		}
		live++
		s := got[id]
		if s == nil {
			t.Errorf("customer %d was not imported", id)
			bad++
		} else if d := s.diff(want(&c, subscribedKnown)); len(d) > 0 {
			t.Errorf("customer %d differs: %s", id, strings.Join(d, "; "))
			bad++
		}
		if bad > 10 {
			t.Fatal("too many differences")
		}
	}
	var extra int
	for id, s := range got {
		if _, ok := e.sim.Customer(id); (!ok || slices.Contains(skip, id)) && s.state&model.SyncRemovedRemote == 0 {
			extra++
		}
	}
	if extra > 0 {
		t.Errorf("%d stored customers are not live in Magento and not marked removed", extra)
	}
	if len(got) < live {
		t.Errorf("stored %d customers, Magento has %d", len(got), live)
	}
	return got
}

// remoteOrders reads every order through the REST API.
func (e *env) remoteOrders(t *testing.T) []magento.Order {
	t.Helper()
	// Read through the simulator's REST side whatever the channel speaks:
	// it is the same store.
	c, err := magento.New(magento.Config{BaseURL: e.srv.URL,
		Auth: magento.Auth{Kind: magento.AdminToken, Username: "admin", Password: "magento123"}})
	if err != nil {
		t.Fatal(err)
	}
	p := magento.NewOffsetPager(magento.NewSearch().Size(500).SortBy("entity_id", magento.Asc),
		func(ctx context.Context, sc magento.SearchCriteria) (*magento.OrderPage, error) {
			return c.SearchOrders(ctx, sc, magento.OrderFields)
		})
	var out []magento.Order
	for {
		page, err := p.Next(context.Background())
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
	}
}

// assertOrders checks the stored orders and every customer's lifetime value.
func (e *env) assertOrders(t *testing.T, customers map[int]*storedCustomer) {
	t.Helper()
	orders := e.remoteOrders(t)
	var n int
	if err := e.d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM magento_orders WHERE channel_id = $1", e.ch.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(orders) {
		t.Errorf("stored %d orders, Magento has %d", n, len(orders))
	}
	lifetime := map[int]float64{}
	for _, o := range orders {
		if o.CustomerID != 0 && o.Status != "canceled" {
			lifetime[o.CustomerID] += o.GrandTotal
		}
	}
	for id, c := range customers {
		if d := c.lifetime - lifetime[id]; d > 0.005 || d < -0.005 {
			t.Errorf("customer %d lifetime value %.2f, want %.2f", id, c.lifetime, lifetime[id])
		}
	}
}

// handlerFunc adapts a function to a wrapper of the simulator's handler.
type handlerFunc = func(w http.ResponseWriter, r *http.Request, next http.Handler)

func wrapWith(f handlerFunc) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f(w, r, next) })
	}
}
