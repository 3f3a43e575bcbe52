package crm_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

func TestContactFieldsAreCheckedKeptAndRecorded(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		bad := crm.ContactInput{LastName: "Lee", Birthday: "2999-01-01", Source: "pigeon",
			Emails: []model.ContactMethod{{Value: "ann@example.com"}, {Value: "not an email"}, {Value: "ANN@example.com"}},
			Phones: []model.ContactMethod{{Value: "call me"}},
			Addresses: []model.ContactAddress{{PostalAddress: model.PostalAddress{City: "Austin"}},
				{PostalAddress: model.PostalAddress{City: "Paris", Country: "XX"}}}}
		_, err := f.svc.SaveContact(ctx, f.admin, 0, bad)
		want := map[string]string{
			"birthday":          "The birthday can't be in the future.",
			"source":            "Choose a source from the list.",
			"email.1":           "Enter an email address like name@example.com.",
			"email.2":           "This email address is already in the list.",
			"phone.0":           "Use digits, spaces and + ( ) - . only (+ only first), like +1 512 555 0100.",
			"address.0.country": "Choose the country.",
			"address.1.country": "Choose a country from the list.",
		}
		for field, msg := range want {
			if got := fieldError(err, field); got != msg {
				t.Errorf("%s: %q, want %q", field, got, msg)
			}
		}

		in := crm.ContactInput{FirstName: "Ann", LastName: "Lee", JobTitle: "Buyer", Birthday: "1985-04-23", Source: "referral",
			Emails: []model.ContactMethod{{Value: "ann@example.com"}, {Value: ""}, {Value: "ann.lee@work.example", Primary: true}},
			Phones: []model.ContactMethod{{Value: "+1 (512) 555-0100"}},
			Addresses: []model.ContactAddress{{PostalAddress: model.PostalAddress{Street: "1 Main St", City: "Austin",
				Region: "Texas", PostCode: "78701", Country: "US"}}}}
		c, err := f.svc.SaveContact(ctx, f.admin, 0, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Contact(ctx, f.admin, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != "ann.lee@work.example" || len(got.Emails) != 2 || got.Emails[0].Primary || !got.Emails[1].Primary {
			t.Errorf("emails: primary %q, %+v", got.Email, got.Emails)
		}
		if got.Phone != "+1 (512) 555-0100" || !got.Phones[0].Primary || len(got.Addresses) != 1 || !got.Addresses[0].Primary ||
			got.JobTitle != "Buyer" || got.Birthday != "1985-04-23" || got.Source != "referral" {
			t.Errorf("contact read back: %+v", got)
		}
		if lines := got.Addresses[0].Lines(); strings.Join(lines, " | ") != "1 Main St | Austin, Texas 78701 | United States" {
			t.Errorf("address lines: %q", lines)
		}

		// Search finds the contact by its second email and by the phone
		// written another way; the first is not the primary.
		for _, q := range []string{"ann@example", "512 555 0100", "5125550100", "buyer"} {
			list, total, err := f.svc.Contacts(ctx, f.admin, crm.ListQuery{Search: q})
			if err != nil || total != 1 || list[0].ID != c.ID || len(list[0].Emails) != 2 {
				t.Errorf("search %q: %d %+v %v", q, total, list, err)
			}
		}

		// Saving it unchanged writes no history; a change writes one entry.
		if _, err := f.svc.SaveContact(ctx, f.admin, c.ID, contactInputOf(got)); err != nil {
			t.Fatal(err)
		}
		next := contactInputOf(got)
		next.Phones = append(next.Phones, model.ContactMethod{Value: "+33 1 23 45 67 89", Primary: true})
		next.Phones[0].Primary = false
		if _, err := f.svc.SaveContact(ctx, f.admin, c.ID, next); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.ContactHistory(ctx, f.admin, got)
		if err != nil || len(h) != 2 || h[0].Action != "update" || h[1].Action != "create" {
			t.Fatalf("history: %+v %v", h, err)
		}
		if ch := h[0].Changes["phones"]; ch != [2]string{"+1 (512) 555-0100 (primary)", "+1 (512) 555-0100\n+33 1 23 45 67 89 (primary)"} || len(h[0].Changes) != 1 {
			t.Errorf("update entry: %+v", h[0].Changes)
		}
		if h[1].Changes["job_title"] != [2]string{"", "Buyer"} || h[1].Changes["source"] != [2]string{"", "Referral"} {
			t.Errorf("create entry: %+v", h[1].Changes)
		}
	})
}

func contactInputOf(c *model.Contact) crm.ContactInput {
	return crm.ContactInput{FirstName: c.FirstName, LastName: c.LastName, JobTitle: c.JobTitle, Birthday: c.Birthday,
		Source: c.Source, Emails: append([]model.ContactMethod(nil), c.Emails...), Phones: append([]model.ContactMethod(nil), c.Phones...),
		Addresses: c.Addresses, AccountID: c.AccountID, OwnerID: c.OwnerUserID}
}

func TestAccountFieldsAndParentsWithoutCycles(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		_, err := f.svc.SaveAccount(ctx, f.admin, 0, crm.AccountInput{Name: " ", Website: "not a site", Phone: "12",
			Industry: "mining", Address: model.PostalAddress{City: "Lyon"}})
		for field, msg := range map[string]string{"name": "Enter the account's name.", "website": "Enter a web address like https://example.com.",
			"phone": "Enter at least 3 digits.", "industry": "Choose an industry from the list.", "address.country": "Choose the country."} {
			if got := fieldError(err, field); got != msg {
				t.Errorf("%s: %q, want %q", field, got, msg)
			}
		}
		group, err := f.svc.SaveAccount(ctx, f.admin, 0, crm.AccountInput{Name: "Acme Group", Website: "acme.example",
			Industry: "retail", Address: model.PostalAddress{Street: "5 Rue X", City: "Lyon", PostCode: "69001", Country: "FR"}})
		if err != nil {
			t.Fatal(err)
		}
		if group.Website != "https://acme.example" {
			t.Errorf("website: %q", group.Website)
		}
		shop, err := f.svc.SaveAccount(ctx, f.admin, 0, crm.AccountInput{Name: "Acme Shop", ParentID: group.ID})
		if err != nil {
			t.Fatal(err)
		}
		outlet, err := f.svc.SaveAccount(ctx, f.admin, 0, crm.AccountInput{Name: "Acme Outlet", ParentID: shop.ID})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Account(ctx, f.admin, outlet.ID)
		if err != nil || got.ParentName != "Acme Shop" || !got.ParentVisible {
			t.Fatalf("outlet: %+v %v", got, err)
		}
		// The group may not sit below itself, nor below an account below it.
		for _, parent := range []int64{group.ID, shop.ID, outlet.ID} {
			_, err := f.svc.SaveAccount(ctx, f.admin, group.ID, crm.AccountInput{Name: "Acme Group", ParentID: parent})
			if fieldError(err, "parent") != store.ErrAccountCycle.Error() {
				t.Errorf("group below %d: %v", parent, err)
			}
		}
		// A parent picker for the group offers none of them; for the shop, the group only.
		for id, want := range map[int64][]int64{group.ID: nil, shop.ID: {group.ID}, outlet.ID: {group.ID, shop.ID}} {
			choices, _, err := f.svc.Accounts(ctx, f.admin, crm.ListQuery{NotBelow: id, Sort: "name"})
			var ids []int64
			for _, a := range choices {
				ids = append(ids, a.ID)
			}
			slices.Sort(ids)
			if err != nil || !slices.Equal(ids, want) {
				t.Errorf("parents offered to account %d: %v, want %v (%v)", id, ids, want, err)
			}
		}
		below, _, err := f.svc.Accounts(ctx, f.admin, crm.ListQuery{ParentID: group.ID})
		if err != nil || len(below) != 1 || below[0].ID != shop.ID {
			t.Errorf("below the group: %+v %v", below, err)
		}
		for _, q := range []string{"acme.example", "lyon"} {
			if list, total, err := f.svc.Accounts(ctx, f.admin, crm.ListQuery{Search: q}); err != nil || total != 1 || list[0].ID != group.ID {
				t.Errorf("search %q: %d %v", q, total, err)
			}
		}
		// Moving the outlet to the group is fine and recorded by name.
		if _, err := f.svc.SaveAccount(ctx, f.admin, outlet.ID, crm.AccountInput{Name: "Acme Outlet", ParentID: group.ID}); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.AccountHistory(ctx, f.admin, got)
		if err != nil || len(h) != 2 || h[0].Changes["parent"] != [2]string{"Acme Shop", "Acme Group"} {
			t.Errorf("history: %+v %v", h, err)
		}
		// Deleting the group leaves the accounts below it without a parent.
		if err := f.svc.DeleteAccount(ctx, f.admin, group.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := f.svc.Account(ctx, f.admin, shop.ID); err != nil || got.ParentID != 0 {
			t.Errorf("shop after its parent's delete: %+v %v", got, err)
		}
	})
}

// TestAccountParentsStayACycleFreeTreeUnderConcurrentMoves moves two
// accounts below each other at the same time, many times: one of each pair
// of moves must be refused, on PostgreSQL too.
func TestAccountParentsStayACycleFreeTreeUnderConcurrentMoves(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		x, err := f.svc.SaveAccount(ctx, f.admin, 0, crm.AccountInput{Name: "X"})
		if err != nil {
			t.Fatal(err)
		}
		y, err := f.svc.SaveAccount(ctx, f.admin, 0, crm.AccountInput{Name: "Y"})
		if err != nil {
			t.Fatal(err)
		}
		for round := range 25 {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, move := range [][2]int64{{x.ID, y.ID}, {y.ID, x.ID}} {
				wg.Go(func() {
					name := map[int64]string{x.ID: "X", y.ID: "Y"}[move[0]]
					_, errs[i] = f.svc.SaveAccount(ctx, f.admin, move[0], crm.AccountInput{Name: name, ParentID: move[1]})
				})
			}
			wg.Wait()
			gx, _ := f.svc.Account(ctx, f.admin, x.ID)
			gy, _ := f.svc.Account(ctx, f.admin, y.ID)
			if gx.ParentID == y.ID && gy.ParentID == x.ID {
				t.Fatalf("round %d: X and Y sit below each other (errors %v)", round, errs)
			}
			for _, id := range []int64{x.ID, y.ID} {
				name := map[int64]string{x.ID: "X", y.ID: "Y"}[id]
				if _, err := f.svc.SaveAccount(ctx, f.admin, id, crm.AccountInput{Name: name}); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
