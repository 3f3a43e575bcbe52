package magento

import (
	"testing"

	"magecrm/internal/magesim"
)

func TestAccountCalls(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 3, BearerEnabled: true})
	c := s.client(t, bearerAuth, nil)
	taken, _ := s.Sim.Customer(1)

	free, err := c.IsEmailAvailable(ctx(t), taken.Email, taken.WebsiteID)
	if err != nil || free {
		t.Errorf("a taken email: %v %v", free, err)
	}
	if free, err = c.IsEmailAvailable(ctx(t), "nobody@example.com", 0); err != nil || !free {
		t.Errorf("a free email: %v %v", free, err)
	}

	v, err := c.ValidateCustomer(ctx(t), Customer{Email: "x@example.com", Firstname: "Ann!", Lastname: "Lee"})
	if err != nil || v.Valid || len(v.Messages) != 1 || v.Messages[0] != "First Name is not valid!" {
		t.Errorf("validate: %+v %v", v, err)
	}

	if err := c.SendPasswordResetEmail(ctx(t), taken.Email, taken.WebsiteID); err != nil {
		t.Fatal(err)
	}
	if sent := s.Sim.SentEmails(); len(sent) != 1 || sent[0].To != taken.Email || sent[0].Template != "email_reset" {
		t.Errorf("sent: %+v", sent)
	}
	if err := c.SendPasswordResetEmail(ctx(t), "nobody@example.com", 1); !IsNotFound(err) || IsTransient(err) {
		t.Errorf("reset for an unknown email: %v", err)
	}

	countries, err := c.Countries(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	var ca *Country
	for i := range countries {
		if countries[i].ID == "CA" {
			ca = &countries[i]
		}
	}
	if ca == nil || ca.ISO3 != "CAN" || ca.Name != "Canada" || len(ca.Regions) != 13 || ca.Regions[10] != (DirectoryRegion{76, "QC", "Quebec"}) {
		t.Errorf("Canada: %+v", ca)
	}
}

// TestWriteErrorsAreTyped: the push tells a refusal (permanent) from a
// failure that may pass, and a lost create from both.
func TestWriteErrorsAreTyped(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 2, BearerEnabled: true})
	c := s.client(t, bearerAuth, nil)
	bad := Customer{Email: "bad@example.com", Firstname: "Ann", Lastname: "Lee", WebsiteID: 1,
		Addresses: []Address{{Firstname: "Ann", Lastname: "Lee", Street: []string{"1 Main St"}, City: "Austin", CountryID: "US",
			Postcode: "73301", Telephone: "555"}}}
	_, err := c.CreateCustomer(ctx(t), bad, "")
	if !IsValidation(err) || IsTransient(err) || err.(*Error).Text() != `"regionId" is required. Enter and try again.` {
		t.Errorf("an address without its required region: %v", err)
	}

	good := bad
	good.Addresses = nil
	s.Sim.LoseNextAnswers(1)
	_, err = c.CreateCustomer(ctx(t), good, "")
	if !IsOutcomeUnknown(err) || !IsTransient(err) {
		t.Fatalf("a lost create: %v", err)
	}
	found, err := c.CustomersByEmail(ctx(t), good.Email, 1)
	if err != nil || len(found) != 1 {
		t.Fatalf("the lost create was made once: %v %v", found, err)
	}
	s.Sim.LoseNextAnswers(1)
	update := CustomerUpdate{Email: good.Email, Firstname: "Anna", Lastname: "Lee", WebsiteID: 1}
	if _, err := c.UpdateCustomer(ctx(t), found[0].ID, update); !IsTransient(err) || IsOutcomeUnknown(err) {
		t.Errorf("an update whose answer was lost (not repeated: the caller reads again first): %v", err)
	}
	if _, err := c.UpdateCustomer(ctx(t), found[0].ID, update); err != nil {
		t.Errorf("the update sent again by its caller: %v", err)
	}
	s.Sim.SetFaults(magesim.Faults{ErrorRate: 1})
	_, err = c.Customer(ctx(t), found[0].ID)
	if !IsTransient(err) || IsValidation(err) {
		t.Errorf("Magento failing: %v", err)
	}
	s.Sim.SetFaults(magesim.Faults{})
}
