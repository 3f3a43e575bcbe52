package push_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magento1"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// m1Remote reads the Magento 1 customers with this email over SOAP, each
// as the simulated store holds it (with what SOAP does not answer: gender
// and the password hash).
func (e *env) m1Remote(email string) []magesim.Customer {
	e.t.Helper()
	list, err := e.m1.CustomersByEmail(context.Background(), email, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []magesim.Customer
	for _, c := range list {
		held, ok := e.sim.Customer(c.ID)
		if !ok {
			e.t.Fatalf("customer %d listed over SOAP is not in the store", c.ID)
		}
		out = append(out, held)
	}
	return out
}

// addressOrigins maps each street of a magecrm customer's addresses to
// the Magento id magecrm recorded for it.
func (e *env) addressOrigins(id int64) map[string]int64 {
	e.t.Helper()
	addrs, err := e.st.CustomerAddresses(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]int64{}
	for _, a := range addrs {
		out[strings.Join(a.Street, "\n")] = a.OriginID
	}
	return out
}

// soapCalls counts the calls of a SOAP operation the store answered since
// its counts were last reset.
func (e *env) soapCalls(op string) int {
	n := 0
	for _, c := range e.sim.RequestCounts() {
		if c.Route == "SOAP "+op {
			n += c.Count
		}
	}
	return n
}

// assertVATIDs checks that magecrm kept the VAT ids of a customer's
// addresses, which Magento 1's API neither takes nor answers.
func (e *env) assertVATIDs(id int64, want ...string) {
	e.t.Helper()
	addrs, err := e.st.CustomerAddresses(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	var got []string
	for _, a := range addrs {
		got = append(got, a.VATID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		e.t.Errorf("magecrm's VAT ids after the send: %q, want %q", got, want)
	}
}

// assertM1Sent checks that Magento 1 holds customer id of magecrm exactly
// once, with these streets, and that magecrm recorded its Magento ids and
// shows it in sync.
func (e *env) assertM1Sent(id int64, streets ...string) magesim.Customer {
	e.t.Helper()
	c := e.load(id)
	got := e.m1Remote(c.Email)
	if len(got) != 1 {
		e.t.Fatalf("%s is %d times in Magento, want once", c.Email, len(got))
	}
	r := got[0]
	if c.OriginID != int64(r.ID) || c.SyncState != 0 || c.PasswordSet {
		e.t.Fatalf("magecrm: Magento id %d (Magento's %d), state %q, error %q, password kept %v",
			c.OriginID, r.ID, c.SyncLabel(), c.SyncError, c.PasswordSet)
	}
	origins := e.addressOrigins(id)
	if len(r.Addresses) != len(streets) || len(origins) != len(streets) {
		e.t.Fatalf("Magento has %d addresses, magecrm %d, want %d: %+v", len(r.Addresses), len(origins), len(streets), r.Addresses)
	}
	for _, street := range streets {
		found := false
		for _, a := range r.Addresses {
			if a.Street == street {
				found = origins[street] == int64(a.ID)
			}
		}
		if !found {
			e.t.Errorf("address %q: magecrm's Magento id %d is not Magento's (%+v)", street, origins[street], r.Addresses)
		}
	}
	return r
}

// TestMagento1CreateSendsTheCustomerThenEachAddress: a customer made in
// magecrm reaches Magento 1 with every field, its password and each
// address; magecrm records the Magento ids, erases the password and keeps
// what Magento 1's API does not answer (gender).
func TestMagento1CreateSendsTheCustomerThenEachAddress(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 2}, model.RemoteWins)
		c := e.create("ada@example.com", "Ada", "Lovelace", 2, "Secret-pass-123")
		e.editAll(c.ID, func(c *model.Customer, addrs []model.Address) []model.Address {
			c.Prefix, c.MiddleName, c.DOB, c.Gender, c.TaxVAT = "Dr.", "King", "1815-12-10", model.Gender(2), "GB123"
			for i := range addrs {
				addrs[i].VATID = "DE999"
			}
			return addrs
		})
		e.sendAll()
		r := e.assertM1Sent(c.ID, "1 Main Street", "2 Main Street")
		if r.Firstname != "Ada" || r.Lastname != "Lovelace" || r.Middlename != "King" || r.Prefix != "Dr." ||
			r.Dob != "1815-12-10" || r.Taxvat != "GB123" || r.Gender != 2 || r.WebsiteID != 1 || r.StoreID != 1 || r.GroupID != 1 {
			t.Errorf("Magento's customer: %+v", r)
		}
		if r.PasswordHash == "" {
			t.Error("the password was not sent")
		}
		for _, a := range r.Addresses {
			if a.City != "Berlin" || a.CountryID != "DE" || a.Postcode != "10115" || a.Telephone != "030 1234567" {
				t.Errorf("Magento's address: %+v", a)
			}
			if (a.ID == r.DefaultBilling) != (a.Street == "1 Main Street") || r.DefaultShipping != r.DefaultBilling {
				t.Errorf("default addresses: billing %d, shipping %d, %+v", r.DefaultBilling, r.DefaultShipping, r.Addresses)
			}
		}
		if got := e.load(c.ID); got.Gender != model.Gender(2) || got.TaxVAT != "GB123" {
			t.Errorf("magecrm after the send: gender %v, taxvat %q", got.Gender, got.TaxVAT)
		}
		e.assertVATIDs(c.ID, "DE999", "DE999")

		// The import after a change in Magento takes it, and keeps what
		// Magento 1 does not answer.
		if err := e.sim.EditCustomer(r.ID, magesim.CustomerEdit{Lastname: "Byron"}); err != nil {
			t.Fatal(err)
		}
		if _, err := magentosync.NewEngine(e.st, slog.New(slog.DiscardHandler)).Run(context.Background(), e.ch.ID, magentosync.RunOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := e.load(c.ID); got.LastName != "Byron" || got.Gender != model.Gender(2) || got.SyncState != 0 {
			t.Errorf("magecrm after the import: last name %q, gender %v, state %q", got.LastName, got.Gender, got.SyncLabel())
		}
		e.assertVATIDs(c.ID, "DE999", "DE999")
	})
}

// TestMagento1UpdateMergesThreeWays: magecrm and Magento 1 change the same
// customer; fields and addresses changed on one side go across, only the
// changed addresses are written, and the field both changed follows the
// channel's priority, listed as a conflict.
func TestMagento1UpdateMergesThreeWays(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 3}, model.RemoteWins)
		c := e.create("grace@example.com", "Grace", "Hopper", 2, "")
		e.sendAll()
		before := e.assertM1Sent(c.ID, "1 Main Street", "2 Main Street")
		e.editAll(c.ID, func(c *model.Customer, addrs []model.Address) []model.Address {
			c.FirstName, c.Suffix, c.Gender = "Local", "PhD", model.Gender(1)
			var kept []model.Address
			for _, a := range addrs {
				switch a.Street[0] {
				case "1 Main Street":
					a.City, a.PostCode = "Hamburg", "20095"
					kept = append(kept, a)
				case "2 Main Street": // removed
				}
			}
			return append(kept, model.Address{FirstName: "Grace", LastName: "Hopper", Street: []string{"3 New Road", "Floor 2"},
				City: "Munich", PostCode: "80331", CountryID: "DE", Telephone: "089 1234567", VATID: "DE777"})
		})
		if err := e.sim.EditCustomer(before.ID, magesim.CustomerEdit{Firstname: "Remote", Lastname: "Remote-Last"}); err != nil {
			t.Fatal(err)
		}
		e.sim.ResetRequestCounts()
		e.sendAll()
		for op, want := range map[string]int{"customerCustomerUpdate": 1, "customerAddressUpdate": 1, "customerAddressDelete": 1, "customerAddressCreate": 1} {
			if n := e.soapCalls(op); n != want {
				t.Errorf("%d calls of %s, want %d", n, op, want)
			}
		}
		r := e.m1Remote("grace@example.com")[0]
		if r.Firstname != "Remote" || r.Lastname != "Remote-Last" || r.Suffix != "PhD" || r.Gender != 1 {
			t.Errorf("Magento's customer: %s %s %s, gender %d; want Remote Remote-Last PhD, 1", r.Firstname, r.Lastname, r.Suffix, r.Gender)
		}
		got := e.load(c.ID)
		if got.FirstName != "Remote" || got.LastName != "Remote-Last" || got.Suffix != "PhD" || got.Gender != model.Gender(1) {
			t.Errorf("magecrm: %s %s %s, gender %v", got.FirstName, got.LastName, got.Suffix, got.Gender)
		}
		if !got.Conflicted() || got.Pending() || got.SendFailed() {
			t.Errorf("magecrm state %q (%s): want a conflict, nothing waiting", got.SyncLabel(), got.SyncError)
		}
		var kept, added magesim.Address
		for _, a := range r.Addresses {
			switch a.Street {
			case "1 Main Street":
				kept = a
			case "3 New Road\nFloor 2":
				added = a
			}
		}
		if len(r.Addresses) != 2 || kept.City != "Hamburg" || kept.Postcode != "20095" || added.City != "Munich" {
			t.Fatalf("Magento's addresses: %+v", r.Addresses)
		}
		if kept.ID != before.DefaultBilling {
			t.Errorf("the changed address got a new id %d (was %d): it was not updated in place", kept.ID, before.DefaultBilling)
		}
		if origins := e.addressOrigins(c.ID); origins["3 New Road\nFloor 2"] != int64(added.ID) || len(origins) != 2 {
			t.Errorf("magecrm's address ids %v, Magento's new address %d", origins, added.ID)
		}
		e.assertVATIDs(c.ID, "", "DE777")
	})
}

// TestMagento1LostAnswersCreateOneCustomer: the answers of the customer
// create and then of an address create are lost after Magento made them;
// the sends that follow find the customer by email and complete it, so
// Magento holds one customer with each address once.
func TestMagento1LostAnswersCreateOneCustomer(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 2}, model.RemoteWins)
		e.w.MaxBackoff = time.Millisecond
		c := e.create("lost@example.com", "Lost", "Answer", 2, "Secret-pass-123")
		e.sim.LoseNextAnswers(2) // the customer create, then its first address
		e.sendAll()
		r := e.assertM1Sent(c.ID, "1 Main Street", "2 Main Street")
		if r.PasswordHash == "" {
			t.Error("the password was not sent")
		}
		if n, del := e.soapCalls("customerAddressCreate"), e.soapCalls("customerAddressDelete"); n != 2 || del != 0 {
			t.Errorf("%d address creates and %d deletes, want 2 and 0: the address made by the lost call was made again", n, del)
		}
	})
}

// TestMagento1RefusalIsShownAndCompletedAfterAFix: Magento 1 refuses an
// address after it made the customer. magecrm shows Magento's message and
// keeps the customer waiting; once the address is fixed, the next send
// completes the same Magento customer instead of creating a second.
func TestMagento1RefusalIsShownAndCompletedAfterAFix(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 2}, model.RemoteWins)
		c := e.create("refused@example.com", "Re", "Fused", 2, "")
		e.editAll(c.ID, func(_ *model.Customer, addrs []model.Address) []model.Address {
			for i := range addrs {
				if addrs[i].Street[0] == "2 Main Street" {
					addrs[i].Telephone = ""
				}
			}
			return addrs
		})
		e.sendAll()
		got := e.load(c.ID)
		if !got.SendFailed() || !strings.Contains(got.SyncError, "Please enter the telephone number.") ||
			!strings.Contains(got.SyncError, "2 Main Street") {
			t.Fatalf("state %q, error %q: want Magento's refusal of the second address", got.SyncLabel(), got.SyncError)
		}
		e.editAll(c.ID, func(_ *model.Customer, addrs []model.Address) []model.Address {
			for i := range addrs {
				addrs[i].Telephone = "030 7654321"
			}
			return addrs
		})
		e.sendAll()
		e.assertM1Sent(c.ID, "1 Main Street", "2 Main Street")

		email, website := "shopper@example.com", 1
		if _, err := e.m1.CreateCustomer(context.Background(), magento1.CustomerInput{Email: &email, WebsiteID: &website}); err != nil {
			t.Fatal(err)
		}
		taken := e.create(email, "Second", "Person", 0, "")
		e.sendAll()
		if got := e.load(taken.ID); !got.EmailTaken() || !strings.Contains(got.SyncError, "This customer email already exists. Link") {
			t.Errorf("a second customer with the email: state %q, error %q", got.SyncLabel(), got.SyncError)
		}
	})
}

// TestMagento1PartialCreateIsCompletedAfterAnEmailChange: Magento 1 made
// the customer and refused its second address; the person fixes the
// address and corrects the email in the same edit. The next send completes
// the customer Magento has (its id was recorded with the refusal) instead
// of looking for the new email and making a second customer.
func TestMagento1PartialCreateIsCompletedAfterAnEmailChange(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 2}, model.RemoteWins)
		c := e.create("typo@exmaple.com", "Re", "Fused", 2, "")
		e.editAll(c.ID, func(_ *model.Customer, addrs []model.Address) []model.Address {
			addrs[1].Telephone = ""
			return addrs
		})
		e.sendAll()
		if got := e.load(c.ID); !got.SendFailed() || got.OriginID == 0 {
			t.Fatalf("after the refused address: state %q, Magento id %d; want failed, with the id Magento gave", got.SyncLabel(), got.OriginID)
		}
		e.editAll(c.ID, func(cu *model.Customer, addrs []model.Address) []model.Address {
			cu.Email = "typo@example.com"
			for i := range addrs {
				addrs[i].Telephone = "030 7654321"
			}
			return addrs
		})
		e.sendAll()
		if old, fixed := e.m1Remote("typo@exmaple.com"), e.m1Remote("typo@example.com"); len(old) != 0 || len(fixed) != 1 {
			t.Fatalf("Magento holds %d customers with the old email and %d with the new; want 0 and 1", len(old), len(fixed))
		}
		e.assertM1Sent(c.ID, "1 Main Street", "2 Main Street")
	})
}

// TestMagento1RemovedCustomerIsMarkedNotRecreated: a customer deleted in
// Magento 1 is marked removed by the next send, and is created again only
// when a person asks.
func TestMagento1RemovedCustomerIsMarkedNotRecreated(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 3}, model.RemoteWins)
		id := e.byOrigin(2)
		email := e.load(id).Email
		if err := e.sim.DeleteCustomer(2); err != nil {
			t.Fatal(err)
		}
		e.edit(id, func(c *model.Customer) { c.LastName = "Gone" })
		e.sendAll()
		if g := e.load(id); !g.Removed() || g.Pending() || !strings.Contains(g.SyncError, "Create again in Magento") {
			t.Fatalf("deleted in Magento: state %q, error %q", g.SyncLabel(), g.SyncError)
		}
		if n := len(e.m1Remote(email)); n != 0 {
			t.Fatalf("%d customers with the email in Magento after the send, want 0", n)
		}
		if err := e.st.CreateAgain(context.Background(), e.load(id), e.owner, time.Now()); err != nil {
			t.Fatal(err)
		}
		e.sendAll()
		r := e.m1Remote(email)
		if len(r) != 1 || r[0].Lastname != "Gone" || e.load(id).OriginID != int64(r[0].ID) {
			t.Errorf("created again: %d in Magento %+v", len(r), r)
		}
	})
}

// TestMagento1CreatesAndEditsThroughFaults sends creates with addresses
// and edits while the store fails calls (PHP faults, 429, resets, answers
// cut short) and loses answers of writes it made, so creates stop between
// their customer and address calls: Magento 1 ends with each customer once,
// with each address once, and magecrm shows every one in sync.
func TestMagento1CreatesAndEditsThroughFaults(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnvOf(t, d, model.Magento1, magesim.Options{Customers: 10}, model.RemoteWins)
		e.sim.SetFaults(magesim.Faults{ErrorRate: 0.08, RateLimitRate: 0.02, ResetRate: 0.05, TruncateRate: 0.03, Seed: 5})
		var created []*model.Customer
		for i := range 15 {
			created = append(created, e.create(email(i), "First", "Last", i%3, "Secret-pass-123"))
			if i%5 == 0 {
				e.sim.LoseNextAnswers(1 + i%2)
			}
		}
		for origin := 1; origin <= 5; origin++ {
			e.edit(e.byOrigin(origin), func(c *model.Customer) { c.LastName = "Edited" })
		}
		e.sendAll()
		e.sim.SetFaults(magesim.Faults{})
		for i, c := range created {
			streets := []string{"1 Main Street", "2 Main Street"}[:i%3]
			if r := e.assertM1Sent(c.ID, streets...); r.PasswordHash == "" {
				t.Errorf("%s: the password was not sent", c.Email)
			}
		}
		for origin := 1; origin <= 5; origin++ {
			r, _ := e.sim.Customer(origin)
			if c := e.load(e.byOrigin(origin)); r.Lastname != "Edited" || c.SyncState != 0 {
				t.Errorf("customer %d: Magento's last name %q, magecrm state %q (%s)", origin, r.Lastname, c.SyncLabel(), c.SyncError)
			}
		}
	})
}
