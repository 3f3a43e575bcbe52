package push_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/connector"
	"magecrm/internal/db"
	"magecrm/internal/jobs"
	"magecrm/internal/magento"
	"magecrm/internal/magento1"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/push"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// env is a two-way channel to a simulated Magento over real HTTP, imported
// into a real database, and its sender.
type env struct {
	t      *testing.T
	d      *db.DB
	st     *store.Store
	sim    *magesim.Sim
	client *magento.Client  // on a Magento 2 channel
	m1     *magento1.Client // on a Magento 1 channel
	ch     *model.Channel
	owner  int64
	w      *jobs.Worker
	// local ids of the default website, store view and group
	website, store, group int64
}

func newEnv(t *testing.T, d *db.DB, opts magesim.Options, prio model.Priority) *env {
	t.Helper()
	return newEnvOf(t, d, model.Magento2, opts, prio)
}

// newEnvOf is newEnv with a channel of type typ: Magento 2 speaks to the
// simulator's REST API, Magento 1 to its SOAP v2 API.
func newEnvOf(t *testing.T, d *db.DB, typ model.ChannelType, opts magesim.Options, prio model.Priority) *env {
	t.Helper()
	return newEnvBehind(t, d, typ, opts, prio, nil)
}

// newEnvBehind is newEnvOf with the simulator's HTTP handler wrapped by
// wrap (when not nil): what Magento does between two requests of a send.
func newEnvBehind(t *testing.T, d *db.DB, typ model.ChannelType, opts magesim.Options, prio model.Priority,
	wrap func(sim *magesim.Sim, h http.Handler) http.Handler) *env {
	t.Helper()
	ctx := context.Background()
	if opts.Seed == 0 {
		opts.Seed = 11
	}
	opts.OrdersPerCustomer = -1
	sim, err := magesim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h := sim.Handler()
	if wrap != nil {
		h = wrap(sim, h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	box, err := secret.New(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(d, box)
	orgID, unitID, err := st.Bootstrap(ctx, "Test Org")
	if err != nil {
		t.Fatal(err)
	}
	owner := &model.User{OrganizationID: orgID, BusinessUnitID: unitID, Username: "owner", Email: "owner@example.com", Enabled: true}
	if err := st.CreateUser(ctx, owner, "x"); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{OrganizationID: orgID, OwnerUserID: owner.ID, Name: "Shop", Type: model.Magento2, BaseURL: srv.URL,
		AuthKind: model.AuthAdminToken, Credentials: model.Credentials{Username: "admin", Password: "magento123"},
		WebsiteID: model.AllWebsites, TwoWay: true, Priority: prio, DefaultOwnerID: owner.ID, SyncInterval: 15 * time.Minute, Enabled: true}
	if typ == model.Magento1 {
		ch.Type, ch.AuthKind = model.Magento1, model.AuthSOAP
		ch.Credentials = model.Credentials{APIUser: magesim.DefaultSOAPUser, APIKey: magesim.DefaultSOAPKey}
	}
	if err := st.CreateChannel(ctx, ch); err != nil {
		t.Fatal(err)
	}
	eng := magentosync.NewEngine(st, slog.New(slog.DiscardHandler))
	if _, err := eng.Run(ctx, ch.ID, magentosync.RunOptions{Full: true}); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, d: d, st: st, sim: sim, ch: ch, owner: owner.ID}
	if typ == model.Magento1 {
		e.m1, err = connector.NewMagento1Client(ch)
	} else {
		e.client, err = connector.NewMagento2Client(ch, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	e.website, e.store, e.group = e.localID("magento_websites", 1), e.localID("magento_stores", 1), e.localID("magento_customer_groups", 1)
	p := push.New(st, slog.New(slog.DiscardHandler))
	if e.w, err = p.Worker(ch); err != nil {
		t.Fatal(err)
	}
	e.w.MaxBackoff = 20 * time.Millisecond
	return e
}

func (e *env) localID(table string, origin int) int64 {
	var id int64
	if err := e.d.QueryRowContext(context.Background(), "SELECT id FROM "+table+" WHERE channel_id = $1 AND origin_id = $2",
		e.ch.ID, origin).Scan(&id); err != nil {
		e.t.Fatalf("%s %d: %v", table, origin, err)
	}
	return id
}

// sendAll runs the sender until the queue is empty, or fails the test.
func (e *env) sendAll() {
	e.t.Helper()
	e.sendAllWithin(60 * time.Second)
}

// sendAllWithin runs the sender until the queue is empty, or fails the
// test after limit.
func (e *env) sendAllWithin(limit time.Duration) {
	e.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		if _, err := e.w.RunOnce(context.Background()); err != nil {
			e.t.Fatal(err)
		}
		n, err := jobs.Count(context.Background(), e.d, store.PushQueue(e.ch.ID))
		if err != nil {
			e.t.Fatal(err)
		}
		if n[jobs.Pending]+n[jobs.Running] == 0 {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("sends still waiting after %v: %v", limit, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// create saves a new customer in magecrm as a person would.
func (e *env) create(email, first, last string, addresses int, password string) *model.Customer {
	e.t.Helper()
	c := &model.Customer{OrganizationID: e.ch.OrganizationID, ChannelID: e.ch.ID, WebsiteID: e.website, StoreID: e.store,
		GroupID: e.group, FirstName: first, LastName: last, Email: email, OwnerUserID: e.owner}
	var addrs []model.Address
	for i := range addresses {
		addrs = append(addrs, model.Address{FirstName: first, LastName: last, Street: []string{fmt.Sprintf("%d Main Street", i+1)},
			City: "Berlin", PostCode: "10115", CountryID: "DE", Telephone: "030 1234567", DefaultBilling: i == 0, DefaultShipping: i == 0})
	}
	if err := e.st.CreateCustomer(context.Background(), store.CustomerChange{Customer: c, Addresses: addrs, Password: password,
		ActorID: e.owner, At: time.Now()}); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// load reads a customer of magecrm by id.
func (e *env) load(id int64) *model.Customer {
	e.t.Helper()
	c, err := e.st.Customer(context.Background(), store.CustomerScope{Customers: acl.WholeOrganization(e.ch.OrganizationID)}, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// byOrigin returns the magecrm id of the customer with Magento id origin.
func (e *env) byOrigin(origin int) int64 {
	var id int64
	if err := e.d.QueryRowContext(context.Background(), "SELECT id FROM magento_customers WHERE channel_id = $1 AND origin_id = $2",
		e.ch.ID, origin).Scan(&id); err != nil {
		e.t.Fatalf("customer with Magento id %d: %v", origin, err)
	}
	return id
}

// edit saves a person's change of customer id.
func (e *env) edit(id int64, change func(c *model.Customer)) {
	e.t.Helper()
	e.editAll(id, func(c *model.Customer, addrs []model.Address) []model.Address {
		change(c)
		return addrs
	})
}

// editAll saves a person's change of customer id and its addresses.
func (e *env) editAll(id int64, change func(c *model.Customer, addrs []model.Address) []model.Address) {
	e.t.Helper()
	ctx := context.Background()
	old := e.load(id)
	addrs, err := e.st.CustomerAddresses(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	next := *old
	nextAddrs := change(&next, slices.Clone(addrs))
	if _, err := e.st.UpdateCustomer(ctx, old, addrs, store.CustomerChange{Customer: &next, Addresses: nextAddrs, ActorID: e.owner, At: time.Now()}); err != nil {
		e.t.Fatal(err)
	}
}

// remote reads customers from Magento by email.
func (e *env) remote(email string) []magento.Customer {
	e.t.Helper()
	list, err := e.client.CustomersByEmail(context.Background(), email, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

func (e *env) history(id int64) []store.AuditEntry {
	e.t.Helper()
	h, err := e.st.Audit(context.Background(), store.CustomerEntity, id, 50)
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

// testSecret is the instance secret the tests' channels are sealed with.
const testSecret = "push-test-secret-0123456789"

func email(i int) string { return "new" + strconv.Itoa(i) + "@example.com" }
