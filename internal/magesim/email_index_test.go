package magesim

import "testing"

// TestEmailUniquenessFollowsChangesAndDeletes: the email index finds a
// customer by any case of its email, forgets an email the customer moved
// away from or that was deleted, and learns new ones.
func TestEmailUniquenessFollowsChangesAndDeletes(t *testing.T) {
	sim, err := New(Options{Customers: 3, Seed: 1, OrdersPerCustomer: -1})
	if err != nil {
		t.Fatal(err)
	}
	st := sim.Store()
	c, _ := st.Customer(1)
	if st.EmailAvailable(c.Email, c.WebsiteID) {
		t.Fatalf("%s is free in website %d; customer 1 has it", c.Email, c.WebsiteID)
	}
	if err := st.EditCustomer(1, CustomerEdit{Email: "Moved@Example.com"}); err != nil {
		t.Fatal(err)
	}
	if !st.EmailAvailable(c.Email, c.WebsiteID) {
		t.Errorf("%s is still taken after customer 1 moved to another email", c.Email)
	}
	if st.EmailAvailable("moved@example.COM", c.WebsiteID) {
		t.Error("the new email is free in another case")
	}
	if err := st.DeleteCustomer(1); err != nil {
		t.Fatal(err)
	}
	if !st.EmailAvailable("moved@example.com", c.WebsiteID) {
		t.Error("a deleted customer's email is still taken")
	}
}
