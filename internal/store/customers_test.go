package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// customerWorld is a small organization for grid tests: a root unit with
// user "boss", a Sales unit with "rep" and "mate", one two-way channel
// with one website, two stores and two groups.
type customerWorld struct {
	rig                    *testrig.Rig
	shop                   *testrig.Shop
	st                     *store.Store
	org, root, sales       int64
	boss, rep, mate        int64
	channel, website       int64
	storeA, storeB         int64
	groupGeneral, groupVIP int64
}

func exec(t *testing.T, d *db.DB, q string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), q+" RETURNING id", args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func newCustomerWorld(t *testing.T, d *db.DB) *customerWorld {
	t.Helper()
	rig := testrig.New(t, d, nil)
	w := &customerWorld{st: rig.Store, org: rig.OrgID, root: rig.RootUnit}
	w.sales = rig.Unit("Sales", w.root)
	user := func(name string, unit int64) int64 {
		return rig.AddUser(testrig.UserSpec{Username: name, Unit: unit, First: name, Last: "User"}).ID
	}
	w.boss, w.rep, w.mate = user("boss", w.root), user("rep", w.sales), user("mate", w.sales)
	w.shop = rig.Shop(testrig.ShopSpec{Name: "Shop", AdminURL: "https://shop.test/admin", TwoWay: true, Website: "Main Website",
		Stores: []string{"Default Store View", "French"}, Groups: []string{"General", "VIP"}})
	w.rig = rig
	w.channel, w.website = w.shop.Channel, w.shop.Website
	w.storeA, w.storeB, w.groupGeneral, w.groupVIP = w.shop.Stores[0], w.shop.Stores[1], w.shop.Groups[0], w.shop.Groups[1]
	return w
}

// seedCustomer is one row of the grid fixture.
type seedCustomer struct {
	first, last, email, country, region string
	owner, store, group                 int64
	lifetime                            float64
	subscribed                          *bool // nil: unknown
	state                               int
	created                             time.Time // in Magento; magecrm's own times are now
}

func (w *customerWorld) add(t *testing.T, c seedCustomer) int64 {
	t.Helper()
	return w.rig.Customer(w.shop, testrig.CustomerSpec{Store: c.store, Group: c.group, Owner: c.owner, First: c.first,
		Last: c.last, Email: c.email, Country: c.country, Region: c.region, Lifetime: c.lifetime,
		Subscribed: c.subscribed, SyncState: c.state, Created: c.created})
}

func (w *customerWorld) seed(t *testing.T) {
	t.Helper()
	day := func(n int) time.Time { return time.Date(2024, 3, n, 12, 0, 0, 0, time.UTC) }
	for _, c := range []seedCustomer{
		{"Anna", "Zimmer", "anna@zimmer.de", "DE", "Bavaria", w.rep, w.storeA, w.groupGeneral, 10, testrig.Bool(true), 0, day(1)},
		{"Bob", "Adams", "bob@adams.com", "US", "Texas", w.rep, w.storeA, w.groupVIP, 500, testrig.Bool(false), model.SyncPendingSend, day(2)},
		{"Carla", "Meyer", "carla@meyer.de", "DE", "Berlin", w.mate, w.storeB, w.groupGeneral, 75.5, nil, model.SyncConflict, day(3)},
		{"Dan", "Adams", "dan_adams@example.com", "US", "Ohio", w.boss, w.storeB, w.groupVIP, 1200, testrig.Bool(true), model.SyncRemovedRemote, day(4)},
		{"Eve", "Brown", "eve@brown.co.uk", "GB", "", w.boss, w.storeA, w.groupGeneral, 0, testrig.Bool(false), 0, day(5)},
	} {
		w.add(t, c)
	}
}

func actorOf(w *customerWorld, user, unit int64, level acl.Level) *acl.Actor {
	return &acl.Actor{UserID: user, OrganizationID: w.org, BusinessUnitID: unit, DivisionUnitIDs: []int64{unit}, Enabled: true,
		Permissions: acl.Permissions{{Entity: acl.MagentoCustomer, Action: acl.View}: level}}
}

func (w *customerWorld) scope(a *acl.Actor) store.CustomerScope {
	return store.CustomerScope{Customers: a.Scope(acl.MagentoCustomer, acl.View)}
}

func emails(list []model.Customer) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = strings.SplitN(c.Email, "@", 2)[0]
	}
	return out
}

func ptr(f float64) *float64 { return &f }

func TestCustomerGridFiltersAndSorts(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		w.seed(t)
		all := w.scope(actorOf(w, w.boss, w.root, acl.Organization))
		cases := []struct {
			name string
			q    store.CustomerQuery
			want []string
		}{
			{"default order is last name, first name", store.CustomerQuery{}, []string{"bob", "dan_adams", "eve", "carla", "anna"}},
			{"descending", store.CustomerQuery{Sort: "name", Desc: true}, []string{"anna", "carla", "eve", "dan_adams", "bob"}},
			{"email starts with, any case", store.CustomerQuery{Email: "DAN_"}, []string{"dan_adams"}},
			{"email prefix treats _ literally", store.CustomerQuery{Email: "dan_a"}, []string{"dan_adams"}},
			{"email prefix is not contains", store.CustomerQuery{Email: "adams"}, nil},
			{"email contains", store.CustomerQuery{Email: "adams", EmailMatch: "contains"}, []string{"bob", "dan_adams"}},
			{"email contains, any case, across the @", store.CustomerQuery{Email: "B@ADA", EmailMatch: "contains"}, []string{"bob"}},
			{"email contains treats _ literally", store.CustomerQuery{Email: "n_ad", EmailMatch: "contains"}, []string{"dan_adams"}},
			{"email contains: _ is no wildcard", store.CustomerQuery{Email: "e_b", EmailMatch: "contains"}, nil},
			{"email contains treats % literally", store.CustomerQuery{Email: "e%b", EmailMatch: "contains"}, nil},
			{"email contains two letters", store.CustomerQuery{Email: "ev", EmailMatch: "contains"}, []string{"eve"}},
			{"country sorted by updated", store.CustomerQuery{Country: "DE", Sort: "updated_at", Desc: true}, []string{"carla", "anna"}},
			{"region ignores case", store.CustomerQuery{Region: "texas"}, []string{"bob"}},
			{"groups", store.CustomerQuery{GroupIDs: []int64{w.groupVIP}}, []string{"bob", "dan_adams"}},
			{"store", store.CustomerQuery{StoreID: w.storeB}, []string{"dan_adams", "carla"}},
			{"first name starts with, any case", store.CustomerQuery{FirstName: "CAR"}, []string{"carla"}},
			{"first name prefix is not contains", store.CustomerQuery{FirstName: "ar"}, nil},
			{"last name starts with", store.CustomerQuery{LastName: "adam"}, []string{"bob", "dan_adams"}},
			{"last name prefix treats % literally", store.CustomerQuery{LastName: "%dams"}, nil},
			{"lifetime range", store.CustomerQuery{LifetimeMin: ptr(10), LifetimeMax: ptr(500), Sort: "lifetime"}, []string{"anna", "carla", "bob"}},
			{"created range", store.CustomerQuery{CreatedFrom: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), CreatedTo: time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)}, []string{"bob", "carla"}},
			{"newsletter yes", store.CustomerQuery{Newsletter: "yes"}, []string{"dan_adams", "anna"}},
			{"newsletter no", store.CustomerQuery{Newsletter: "no"}, []string{"bob", "eve"}},
			{"newsletter no, second page of one", store.CustomerQuery{Newsletter: "no", Offset: 1, Limit: 1}, []string{"eve"}},
			{"newsletter unknown", store.CustomerQuery{Newsletter: "unknown"}, []string{"carla"}},
			{"in sync", store.CustomerQuery{SyncState: "in_sync"}, []string{"eve", "anna"}},
			{"waiting to be sent", store.CustomerQuery{SyncState: "pending"}, []string{"bob"}},
			{"conflict", store.CustomerQuery{SyncState: "conflict"}, []string{"carla"}},
			{"removed", store.CustomerQuery{SyncState: "removed"}, []string{"dan_adams"}},
			{"owner", store.CustomerQuery{OwnerID: w.mate}, []string{"carla"}},
			{"sort by owner then id", store.CustomerQuery{Sort: "owner"}, []string{"dan_adams", "eve", "carla", "anna", "bob"}},
			{"sort by store name", store.CustomerQuery{Sort: "store"}, []string{"anna", "bob", "eve", "carla", "dan_adams"}},
			{"sort by store name, descending", store.CustomerQuery{Sort: "store", Desc: true}, []string{"dan_adams", "carla", "eve", "bob", "anna"}},
			{"store filter sorted by store", store.CustomerQuery{StoreID: w.storeB, Sort: "store"}, []string{"carla", "dan_adams"}},
			{"group filter sorted by group, a page in", store.CustomerQuery{GroupIDs: []int64{w.groupGeneral}, Sort: "group", Offset: 1, Limit: 5}, []string{"carla", "eve"}},
			{"sort by owner, second page", store.CustomerQuery{Sort: "owner", Offset: 2, Limit: 2}, []string{"carla", "anna"}},
			{"unknown sort falls back to name", store.CustomerQuery{Sort: "password_sealed; DROP TABLE users"}, []string{"bob", "dan_adams", "eve", "carla", "anna"}},
			{"page", store.CustomerQuery{Offset: 2, Limit: 2}, []string{"eve", "carla"}},
		}
		ctx := context.Background()
		for _, tc := range cases {
			q := tc.q
			q.Scope = all
			// The page is found by the filter's index with few matches
			// and by walking the sort's with many, and with a walk's
			// budget of one row, by a walk cut short and then the
			// filter's index: all give one order.
			for _, plan := range []struct{ matches, budget int }{{0, 2000}, {1_000_000, 2000}, {1_000_000, 1}} {
				q.Matches = plan.matches
				restore := store.SetMinWalkBudget(plan.budget)
				got, err := w.st.Customers(ctx, q)
				restore()
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if !slices.Equal(emails(got), tc.want) {
					t.Errorf("%s (as if %d matched, walk budget %d): got %v, want %v", tc.name, plan.matches, plan.budget, emails(got), tc.want)
				}
			}
			q.Offset, q.Limit = 0, 0
			n, err := w.st.CountCustomers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if tc.q.Limit == 0 && n != len(tc.want) {
				t.Errorf("%s: count %d, want %d", tc.name, n, len(tc.want))
			}
		}
	})
}

func TestCustomerGridScope(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		w.seed(t)
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			actor *acl.Actor
			want  []string
		}{
			{"own", actorOf(w, w.rep, w.sales, acl.Own), []string{"bob", "anna"}},
			{"business unit", actorOf(w, w.rep, w.sales, acl.BusinessUnit), []string{"bob", "carla", "anna"}},
			{"none", actorOf(w, w.rep, w.sales, acl.None), nil},
		} {
			q := store.CustomerQuery{Scope: w.scope(tc.actor)}
			got, err := w.st.Customers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(emails(got), tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, emails(got), tc.want)
			}
			var exported []string
			err = w.st.ExportCustomers(ctx, q, func(c *model.Customer) error {
				exported = append(exported, strings.SplitN(c.Email, "@", 2)[0])
				if c.ChannelName != "Shop" || c.StoreName == "" || c.OwnerName == "" {
					return fmt.Errorf("export row without names: %+v", c)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(exported, tc.want) {
				t.Errorf("%s export: got %v, want %v", tc.name, exported, tc.want)
			}
		}
	})
}

func TestCustomerSaveKeepsHistoryAndSealsPassword(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		ctx := context.Background()
		at := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
		c := &model.Customer{OrganizationID: w.org, ChannelID: w.channel, WebsiteID: w.website, StoreID: w.storeA,
			GroupID: w.groupGeneral, FirstName: "Nora", LastName: "North", Email: "nora@north.test", OwnerUserID: w.rep}
		addr := []model.Address{{FirstName: "Nora", LastName: "North", Street: []string{"1 Main St", "Apt 2"}, City: "Austin",
			RegionCode: "TX", Region: "Texas", PostCode: "73301", CountryID: "US", Telephone: "555", DefaultBilling: true}}
		if err := w.st.CreateCustomer(ctx, store.CustomerChange{Customer: c, Addresses: addr, Password: "Secret-Pass1", ActorID: w.rep, At: at}); err != nil {
			t.Fatal(err)
		}
		all := w.scope(actorOf(w, w.boss, w.root, acl.Organization))
		got, err := w.st.Customer(ctx, all, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Pending() || !got.PasswordSet || got.StoreName != "Default Store View" || got.OwnerName != "rep User" {
			t.Fatalf("saved customer: %+v", got)
		}
		var sealed string
		d.QueryRowContext(ctx, "SELECT password_sealed FROM magento_customers WHERE id = $1", c.ID).Scan(&sealed)
		if sealed == "" || strings.Contains(sealed, "Secret-Pass1") {
			t.Fatalf("password stored as %q", sealed)
		}
		if p, err := w.st.PushCustomer(ctx, c.ID); err != nil || p.Password != "Secret-Pass1" {
			t.Fatalf("open password: %v", err)
		}
		addrs, err := w.st.CustomerAddresses(ctx, c.ID)
		if err != nil || len(addrs) != 1 || len(addrs[0].Street) != 2 {
			t.Fatalf("addresses: %+v %v", addrs, err)
		}

		next := *got
		next.LastName, next.OwnerUserID, next.OwnerName = "Nord", w.mate, "mate User"
		addrs[0].City = "Dallas"
		addrs = append(addrs, model.Address{FirstName: "N", LastName: "N", Street: []string{"2 Side"}, City: "Paris", CountryID: "FR", DefaultShipping: true})
		if _, err := w.st.UpdateCustomer(ctx, got, addrs[:1], store.CustomerChange{Customer: &next, Addresses: addrs, ActorID: w.boss, At: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		// The same stale version again is refused, not silently applied.
		if _, err := w.st.UpdateCustomer(ctx, got, nil, store.CustomerChange{Customer: &next, ActorID: w.boss, At: at}); err != store.ErrStale {
			t.Fatalf("stale update: %v", err)
		}
		hist, err := w.st.Audit(ctx, store.CustomerEntity, c.ID, 10)
		if err != nil || len(hist) != 2 {
			t.Fatalf("history: %+v %v", hist, err)
		}
		upd := hist[0]
		if upd.Action != "update" || upd.ActorName != "boss User" || upd.Changes["last_name"] != [2]string{"North", "Nord"} ||
			upd.Changes["owner"] != [2]string{"rep User", "mate User"} || !strings.Contains(upd.Changes["addresses"][1], "Dallas") {
			t.Fatalf("update entry: %+v", upd)
		}
		if _, ok := upd.Changes["first_name"]; ok {
			t.Fatal("an unchanged field is in the history")
		}
		if hist[1].Action != "create" || hist[1].Changes["email"][1] != "nora@north.test" {
			t.Fatalf("create entry: %+v", hist[1])
		}

		if err := w.st.SetCustomerNewsletter(ctx, got, true, w.rep, at); err != nil {
			t.Fatal(err)
		}
		got, _ = w.st.Customer(ctx, all, c.ID)
		if got.Subscribed == nil || !*got.Subscribed || !got.Pending() {
			t.Fatalf("after subscribe: %+v", got)
		}
	})
}

func TestCustomerEmailIsUniquePerWebsiteForSavesMadeHere(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		ctx := context.Background()
		at := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
		save := func(email string) (*model.Customer, error) {
			c := &model.Customer{OrganizationID: w.org, ChannelID: w.channel, WebsiteID: w.website, StoreID: w.storeA,
				GroupID: w.groupGeneral, FirstName: "Nora", LastName: "North", Email: email, OwnerUserID: w.rep}
			return c, w.st.CreateCustomer(ctx, store.CustomerChange{Customer: c, ActorID: w.rep, At: at})
		}
		first, err := save("nora@north.test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := save("NORA@north.test"); !errors.Is(err, store.ErrEmailTaken) {
			t.Fatalf("second customer with the email in another case: %v, want ErrEmailTaken", err)
		}
		other, err := save("other@north.test")
		if err != nil {
			t.Fatal(err)
		}
		all := w.scope(actorOf(w, w.boss, w.root, acl.Organization))
		read, _ := w.st.Customer(ctx, all, other.ID)
		next := *read
		next.Email = "Nora@North.test"
		if _, err := w.st.UpdateCustomer(ctx, read, nil, store.CustomerChange{Customer: &next, ActorID: w.rep, At: at}); !errors.Is(err, store.ErrEmailTaken) {
			t.Fatalf("update to a taken email: %v, want ErrEmailTaken", err)
		}
		read, _ = w.st.Customer(ctx, all, first.ID)
		next = *read
		next.LastName = "Nord"
		if _, err := w.st.UpdateCustomer(ctx, read, nil, store.CustomerChange{Customer: &next, ActorID: w.rep, At: at}); err != nil {
			t.Fatalf("a customer's own email counted as taken: %v", err)
		}
		// Removed in Magento, the first customer no longer holds its email.
		if _, err := d.ExecContext(ctx, "UPDATE magento_customers SET sync_state = $1 WHERE id = $2", model.SyncRemovedRemote, first.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := save("nora@north.test"); err != nil {
			t.Fatalf("email of a customer removed in Magento: %v", err)
		}
	})
}

func TestConcurrentSavesOfOneEmailKeepOne(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		ctx := context.Background()
		const writers = 4
		for round := range 3 {
			email := fmt.Sprintf("race%d@north.test", round)
			errs := make(chan error, writers)
			for range writers {
				go func() {
					c := &model.Customer{OrganizationID: w.org, ChannelID: w.channel, WebsiteID: w.website, StoreID: w.storeA,
						GroupID: w.groupGeneral, FirstName: "R", LastName: "R", Email: email, OwnerUserID: w.rep}
					errs <- w.st.CreateCustomer(ctx, store.CustomerChange{Customer: c, ActorID: w.rep, At: time.Now()})
				}()
			}
			ok := 0
			for range writers {
				switch err := <-errs; {
				case err == nil:
					ok++
				case !errors.Is(err, store.ErrEmailTaken):
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d of %d concurrent saves of one email succeeded, want 1", round, ok, writers)
			}
		}
	})
}

func TestPreferences(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		ctx := context.Background()
		if v, err := w.st.Preference(ctx, w.rep, "x"); v != "" || err != nil {
			t.Fatalf("missing preference: %q %v", v, err)
		}
		for _, v := range []string{"a,b", "c"} {
			if err := w.st.SetPreference(ctx, w.rep, "x", v); err != nil {
				t.Fatal(err)
			}
		}
		if v, _ := w.st.Preference(ctx, w.rep, "x"); v != "c" {
			t.Fatalf("preference = %q", v)
		}
	})
}

func TestCustomerCountsFollowInsertsOwnerChangesAndDeletes(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		w.seed(t)
		ctx := context.Background()
		check := func(when string) {
			t.Helper()
			for _, a := range []*acl.Actor{actorOf(w, w.boss, w.root, acl.Organization), actorOf(w, w.rep, w.sales, acl.BusinessUnit), actorOf(w, w.rep, w.sales, acl.Own)} {
				q := store.CustomerQuery{Scope: w.scope(a)}
				got, err := w.st.CountCustomers(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := w.st.Customers(ctx, store.CustomerQuery{Scope: q.Scope, Limit: 1000})
				if err != nil {
					t.Fatal(err)
				}
				if got != len(rows) {
					t.Fatalf("%s: unfiltered total %d, rows %d (scope %+v)", when, got, len(rows), q.Scope.Customers)
				}
			}
		}
		check("after inserts")
		if _, err := d.ExecContext(ctx, "UPDATE magento_customers SET owner_user_id = $1 WHERE owner_user_id = $2", w.boss, w.rep); err != nil {
			t.Fatal(err)
		}
		check("after an owner change")
		if _, err := d.ExecContext(ctx, "UPDATE magento_customers SET first_name = 'X'"); err != nil {
			t.Fatal(err)
		}
		check("after an update that keeps owners")
		if _, err := d.ExecContext(ctx, "DELETE FROM magento_customers WHERE owner_user_id = $1", w.mate); err != nil {
			t.Fatal(err)
		}
		check("after a delete")
	})
}

// A customer read shows the names of its channel, website, store, group and
// owner, and its contact's and account's names only to a reader who may
// view them: the rep sees the contact and account the rep owns, not those
// of the boss, and no unit scope shows another unit's.
func TestCustomerNamesFollowTheReadersScope(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newCustomerWorld(t, d)
		ctx := context.Background()
		contact := func(owner int64, last string) int64 {
			return exec(t, d, "INSERT INTO contacts (organization_id, owner_user_id, first_name, last_name, created_at, updated_at) VALUES ($1, $2, 'Cora', $3, 0, 0)",
				w.org, owner, last)
		}
		account := func(owner int64, name string) int64 {
			return exec(t, d, "INSERT INTO accounts (organization_id, owner_user_id, name, created_at, updated_at) VALUES ($1, $2, $3, 0, 0)",
				w.org, owner, name)
		}
		mine := w.add(t, seedCustomer{first: "Anna", last: "Zimmer", email: "anna@zimmer.de", owner: w.rep, store: w.storeA, group: w.groupVIP})
		linked := map[int64][2]int64{
			mine: {contact(w.rep, "Rep's"), account(w.rep, "Rep Corp")},
		}
		bosses := w.add(t, seedCustomer{first: "Bob", last: "Adams", email: "bob@adams.com", owner: w.rep, store: w.storeB, group: w.groupGeneral})
		linked[bosses] = [2]int64{contact(w.boss, "Boss's"), account(w.boss, "Boss Corp")}
		for id, l := range linked {
			if _, err := d.ExecContext(ctx, "UPDATE magento_customers SET contact_id = $1, account_id = $2 WHERE id = $3", l[0], l[1], id); err != nil {
				t.Fatal(err)
			}
		}
		rep := &acl.Actor{UserID: w.rep, OrganizationID: w.org, BusinessUnitID: w.sales, DivisionUnitIDs: []int64{w.sales}, Enabled: true,
			Permissions: acl.Permissions{{Entity: acl.MagentoCustomer, Action: acl.View}: acl.BusinessUnit,
				{Entity: acl.Contact, Action: acl.View}: acl.BusinessUnit, {Entity: acl.Account, Action: acl.View}: acl.Own}}
		boss := &acl.Actor{UserID: w.boss, OrganizationID: w.org, BusinessUnitID: w.root, DivisionUnitIDs: []int64{w.root, w.sales}, Enabled: true,
			Permissions: acl.Permissions{{Entity: acl.MagentoCustomer, Action: acl.View}: acl.Organization,
				{Entity: acl.Contact, Action: acl.View}: acl.Organization, {Entity: acl.Account, Action: acl.View}: acl.Organization}}
		scope := func(a *acl.Actor) store.CustomerScope {
			return store.CustomerScope{Customers: a.Scope(acl.MagentoCustomer, acl.View), Contacts: a.Scope(acl.Contact, acl.View),
				Accounts: a.Scope(acl.Account, acl.View)}
		}
		type seen struct {
			contact, account string
			contactOK, accOK bool
		}
		for _, tc := range []struct {
			who  string
			a    *acl.Actor
			id   int64
			want seen
		}{
			{"rep, own links", rep, mine, seen{"Cora Rep's", "Rep Corp", true, true}},
			{"rep, the boss's links", rep, bosses, seen{"", "", false, false}},
			{"boss, the rep's links", boss, mine, seen{"Cora Rep's", "Rep Corp", true, true}},
			{"boss, own links", boss, bosses, seen{"Cora Boss's", "Boss Corp", true, true}},
		} {
			one, err := w.st.Customer(ctx, scope(tc.a), tc.id)
			if err != nil {
				t.Fatal(err)
			}
			page, err := w.st.Customers(ctx, store.CustomerQuery{Scope: scope(tc.a), IDs: []int64{tc.id}})
			if err != nil || len(page) != 1 {
				t.Fatalf("%s: grid read %d rows, %v", tc.who, len(page), err)
			}
			for _, c := range []*model.Customer{one, &page[0]} {
				if got := (seen{c.ContactName, c.AccountName, c.ContactVisible, c.AccountVisible}); got != tc.want {
					t.Errorf("%s: got %+v, want %+v", tc.who, got, tc.want)
				}
				if c.ChannelName != "Shop" || c.WebsiteName != "Main Website" || c.OwnerName != "rep User" || c.OwnerUnitID != w.sales {
					t.Errorf("%s: names %q %q %q, owner unit %d", tc.who, c.ChannelName, c.WebsiteName, c.OwnerName, c.OwnerUnitID)
				}
			}
		}
		c, err := w.st.Customer(ctx, scope(boss), mine)
		if err != nil {
			t.Fatal(err)
		}
		if c.StoreName != "Default Store View" || c.GroupName != "VIP" {
			t.Errorf("store %q, group %q", c.StoreName, c.GroupName)
		}
	})
}
