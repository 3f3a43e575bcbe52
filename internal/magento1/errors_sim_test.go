package magento1

import (
	"context"
	"errors"
	"testing"
	"time"

	"magecrm/internal/magesim"
)

// TestWriteErrorsAreTyped: each way a write can fail is told apart, so the
// push knows what to retry, what to show and what to look up.
func TestWriteErrorsAreTyped(t *testing.T) {
	for _, wsi := range []bool{false, true} {
		sim, c := newSim(t, magesim.Options{Customers: 3, WSI: wsi}, Config{})
		ctx := context.Background()
		existing, _ := sim.Customer(1)
		dup := CustomerInput{Email: &existing.Email, Firstname: ptr("A"), Lastname: ptr("B"), WebsiteID: ptr(existing.WebsiteID)}
		_, dupErr := c.CreateCustomer(ctx, dup)
		_, badDate := c.CreateCustomer(ctx, CustomerInput{Email: ptr("date@example.com"), WebsiteID: ptr(1), DOB: ptr("soon")})
		missing := c.UpdateCustomer(ctx, 999, CustomerInput{Firstname: ptr("X")})
		updDup := c.UpdateCustomer(ctx, 2, CustomerInput{Email: &existing.Email, WebsiteID: ptr(existing.WebsiteID)})
		_, noCustomer := c.CreateAddress(ctx, 999, AddressInput{City: ptr("X")})
		password := c.UpdateCustomer(ctx, 1, CustomerInput{Password: ptr("secret-123")})
		denied, _ := New(Config{BaseURL: c.base.String(), APIUser: "magecrm", APIKey: "wrong", WSI: wsi})
		_, deniedErr := denied.CreateCustomer(ctx, dup)
		for _, tc := range []struct {
			name                                       string
			err                                        error
			validation, dup, notFound, auth, transient bool
		}{
			{"duplicate email on create (fault 100)", dupErr, true, true, false, false, false},
			{"not a date (fault 1)", badDate, true, false, false, false, false},
			{"duplicate email on update (fault 1)", updDup, true, true, false, false, false},
			{"missing customer", missing, false, false, true, false, false},
			{"address of a missing customer", noCustomer, false, false, true, false, false},
			{"wrong API key", deniedErr, false, false, false, true, false},
			{"password on update", password, false, false, false, false, false},
		} {
			got := []bool{IsValidation(tc.err), IsDuplicateEmail(tc.err), IsNotFound(tc.err), IsAccessDenied(tc.err), IsTransient(tc.err)}
			want := []bool{tc.validation, tc.dup, tc.notFound, tc.auth, tc.transient}
			if tc.err == nil || IsOutcomeUnknown(tc.err) || fmtBools(got) != fmtBools(want) {
				t.Errorf("wsi=%v %s: %v: validation, duplicate, not found, auth, transient = %v, want %v", wsi, tc.name, tc.err, got, want)
			}
		}
		if !errors.Is(password, ErrPasswordNotUpdatable) {
			t.Errorf("password on update: %v", password)
		}
	}
}

func fmtBools(b []bool) string {
	s := ""
	for _, v := range b {
		if v {
			s += "1"
		} else {
			s += "0"
		}
	}
	return s
}

// TestLostAnswers: a create whose answer is lost after Magento saved it is
// an OutcomeUnknownError and is not repeated; an update is not repeated
// either (its caller reads again first) and its error is transient, not
// unknown; PHP dying before the save is transient, not unknown.
func TestLostAnswers(t *testing.T) {
	sim, c := newSim(t, magesim.Options{Customers: 3}, Config{})
	ctx := context.Background()
	if err := c.Login(ctx); err != nil {
		t.Fatal(err)
	}
	sim.LoseNextAnswers(1)
	_, err := c.CreateCustomer(ctx, CustomerInput{Email: ptr("lost@example.com"), Firstname: ptr("L"), Lastname: ptr("Ost"), WebsiteID: ptr(1)})
	if !IsOutcomeUnknown(err) || !IsTransient(err) || IsValidation(err) {
		t.Fatalf("lost create: %v", err)
	}
	found, err := c.CustomersByEmail(ctx, "lost@example.com", 1)
	if err != nil || len(found) != 1 || sim.CustomerCount() != 4 {
		t.Fatalf("the lost create was made once: %v %+v", err, found)
	}
	id := found[0].ID
	sim.LoseNextAnswers(1)
	if err := c.UpdateCustomer(ctx, id, CustomerInput{Lastname: ptr("Found")}); !IsTransient(err) || IsOutcomeUnknown(err) {
		t.Errorf("an update whose answer was lost: %v, want a transient error, not an unknown outcome", err)
	}
	sim.LoseNextAnswers(1)
	if _, err := c.CreateAddress(ctx, id, AddressInput{Firstname: ptr("L"), Lastname: ptr("F"), Street: []string{"1 A St"},
		City: ptr("Austin"), CountryID: ptr("US"), Postcode: ptr("73301"), Telephone: ptr("5")}); !IsOutcomeUnknown(err) {
		t.Errorf("lost address create: %v", err)
	}
	if got, _ := sim.Customer(id); got.Lastname != "Found" || len(got.Addresses) != 1 {
		t.Errorf("after the lost answers: %+v", got)
	}
	sim.SetFaults(magesim.Faults{ErrorRate: 1})
	_, err = c.CreateCustomer(ctx, CustomerInput{Email: ptr("down@example.com"), WebsiteID: ptr(1)})
	if !IsTransient(err) || IsValidation(err) {
		t.Errorf("PHP down: %v", err)
	}
	sim.SetFaults(magesim.Faults{})
}

// TestWrongURLIsNotTransient: a page where the SOAP endpoint should be does
// not pass by waiting; a proxy's 503 does.
func TestWrongURLIsNotTransient(t *testing.T) {
	_, c := newSim(t, magesim.Options{}, Config{BaseURL: "shop/", MaxRetries: -1, Namespace: NamespaceOpenMage})
	if err := c.Login(context.Background()); err == nil || IsTransient(err) {
		t.Errorf("no SOAP here: %v", err)
	}
	if !IsTransient(&BadAnswerError{Op: "login", Status: 503}) || IsTransient(&BadAnswerError{Op: "login", Status: 404}) {
		t.Error("503 is transient, 404 is not")
	}
}

// TestWritesAreSentOnce: a write's body was built from a read of the
// store, so after a 429, a 503 or PHP dying it is not sent again here
// (after the wait, it would undo an edit made meanwhile): the error comes
// back at once, with the store's Retry-After, for the caller to read again.
// A create PHP died on may have been made (an unknown outcome). A read is
// still tried again.
func TestWritesAreSentOnce(t *testing.T) {
	sim, c := newSim(t, magesim.Options{Customers: 3}, Config{})
	ctx := context.Background()
	cust, _ := sim.Customer(1)
	if len(cust.Addresses) == 0 {
		t.Fatal("customer 1 has no address")
	}
	addr := cust.Addresses[0].ID
	address := AddressInput{Firstname: ptr("A"), Lastname: ptr("B"), Street: []string{"1 A St"}, City: ptr("Austin"),
		CountryID: ptr("US"), RegionID: ptr(57), Postcode: ptr("73301"), Telephone: ptr("5")}
	writes := []struct {
		name   string
		create bool
		send   func() error
	}{
		{"customerCustomerUpdate", false, func() error { return c.UpdateCustomer(ctx, 1, CustomerInput{Lastname: ptr("Stale")}) }},
		{"customerAddressUpdate", false, func() error { return c.UpdateAddress(ctx, addr, AddressInput{City: ptr("Stale")}) }},
		{"customerAddressDelete", false, func() error { return c.DeleteAddress(ctx, addr) }},
		{"customer.update (XML-RPC)", false, func() error { return c.ClearDefaultAddresses(ctx, 1, true, false) }},
		{"customerAddressCreate", true, func() error { _, err := c.CreateAddress(ctx, 1, address); return err }},
		{"customerCustomerCreate", true, func() error {
			_, err := c.CreateCustomer(ctx, CustomerInput{Email: ptr("once@example.com"), Firstname: ptr("O"), Lastname: ptr("Nce"), WebsiteID: ptr(1)})
			return err
		}},
	}
	for _, f := range []magesim.Faults{{RateLimitRate: 1, RetryAfter: 7}, {UnavailableRate: 1, RetryAfter: 7}, {ErrorRate: 1}} {
		for _, w := range writes {
			if err := c.Login(ctx); err != nil {
				t.Fatal(err)
			}
			sim.SetFaults(f)
			before := requests(sim)
			start := time.Now()
			err := w.send()
			sent := requests(sim) - before
			sim.SetFaults(magesim.Faults{})
			unknown := w.create && f.ErrorRate > 0
			if !IsTransient(err) || IsOutcomeUnknown(err) != unknown {
				t.Errorf("%s under %+v: %v, want a transient error (outcome unknown: %v)", w.name, f, err, unknown)
			}
			var bad *BadAnswerError
			if f.RetryAfter > 0 && (!errors.As(err, &bad) || bad.RetryAfter != 7*time.Second) {
				t.Errorf("%s under %+v: %v, want the store's Retry-After of 7s", w.name, f, err)
			}
			if sent != 1 {
				t.Errorf("%s under %+v: %d requests, want one", w.name, f, sent)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s under %+v: waited %v", w.name, f, d)
			}
		}
	}
	sim.SetFaults(magesim.Faults{ErrorRate: 1})
	before := requests(sim)
	_, err := c.Customer(ctx, 1)
	sent := requests(sim) - before
	sim.SetFaults(magesim.Faults{})
	if err == nil || sent != 5 {
		t.Errorf("a read while PHP is down: %v after %d requests, want 5 (4 retries)", err, sent)
	}
}

// requests is how many requests the simulator has answered.
func requests(sim *magesim.Sim) int {
	n := 0
	for _, rc := range sim.RequestCounts() {
		n += rc.Count
	}
	return n
}
