package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
)

// scopeWorld is the organization of the scope tests:
//
//	Head office
//	├── Sales
//	│   └── Sales East
//	└── Support
//
// One user in each unit, each owning one contact; a second organization
// has a user and a contact nobody here may see.
type scopeWorld struct {
	st       *store.Store
	org      int64
	parents  map[int64]int64
	units    map[string]int64
	users    map[string]int64 // by unit name
	contacts map[int64]string // contact id -> owner's unit name
}

func newScopeWorld(t *testing.T, d *db.DB) *scopeWorld {
	t.Helper()
	w := &scopeWorld{st: store.New(d, nil), parents: map[int64]int64{}, units: map[string]int64{},
		users: map[string]int64{}, contacts: map[int64]string{}}
	var err error
	var root int64
	w.org, root, err = w.st.Bootstrap(context.Background(), "Org")
	if err != nil {
		t.Fatal(err)
	}
	w.units["Head office"], w.parents[root] = root, 0
	for _, u := range []struct{ name, parent string }{{"Sales", "Head office"}, {"Sales East", "Sales"}, {"Support", "Head office"}} {
		id := exec(t, d, "INSERT INTO business_units (organization_id, parent_id, name, created_at) VALUES ($1, $2, $3, 0)",
			w.org, w.units[u.parent], u.name)
		w.units[u.name], w.parents[id] = id, w.units[u.parent]
	}
	other := exec(t, d, "INSERT INTO organizations (name, created_at) VALUES ('Other', 0)")
	otherUnit := exec(t, d, "INSERT INTO business_units (organization_id, name, created_at) VALUES ($1, 'Elsewhere', 0)", other)
	add := func(org, unit int64, name string) {
		user := exec(t, d, "INSERT INTO users (organization_id, business_unit_id, username, password_hash, created_at, updated_at) VALUES ($1, $2, $3, 'x', 0, 0)",
			org, unit, "u-"+name)
		contact := exec(t, d, "INSERT INTO contacts (organization_id, owner_user_id, last_name, created_at, updated_at) VALUES ($1, $2, $3, 0, 0)",
			org, user, name)
		w.users[name], w.contacts[contact] = user, name
	}
	for name, unit := range w.units {
		add(w.org, unit, name)
	}
	add(other, otherUnit, "Elsewhere")
	return w
}

// actor is the Sales user with level on contacts and users.
func (w *scopeWorld) actor(level acl.Level) *acl.Actor {
	unit := w.units["Sales"]
	return &acl.Actor{UserID: w.users["Sales"], OrganizationID: w.org, BusinessUnitID: unit,
		DivisionUnitIDs: acl.Descendants(unit, w.parents), Enabled: true,
		Permissions: acl.Permissions{{Entity: acl.Contact, Action: acl.View}: level, {Entity: acl.User, Action: acl.View}: level}}
}

// listed returns the owners' unit names of the contacts the actor's scope lists.
func (w *scopeWorld) listed(t *testing.T, a *acl.Actor) []string {
	t.Helper()
	list, total, err := w.st.Contacts(context.Background(), store.ListQuery{Scope: a.Scope(acl.Contact, acl.View), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(list) {
		t.Fatalf("count %d, listed %d", total, len(list))
	}
	var out []string
	for _, c := range list {
		out = append(out, w.contacts[c.ID])
	}
	slices.Sort(out)
	return out
}

// decided returns the owners' unit names of the contacts Decide allows.
func (w *scopeWorld) decided(t *testing.T, a *acl.Actor) []string {
	t.Helper()
	var out []string
	for id, name := range w.contacts {
		c, err := w.st.Contact(context.Background(), acl.Scope{Level: acl.Organization, OrganizationID: w.org}, acl.Scope{}, id)
		if err != nil {
			continue // the other organization's
		}
		owner, err := w.st.User(context.Background(), w.org, c.OwnerUserID)
		if err != nil {
			t.Fatal(err)
		}
		rec := acl.Record{OwnerUserID: c.OwnerUserID, OwnerBusinessUnitID: owner.BusinessUnitID, OrganizationID: c.OrganizationID}
		if a.Decide(acl.Contact, acl.View, rec) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func TestScopeListsWhatDecideAllows(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newScopeWorld(t, d)
		for level, want := range map[acl.Level][]string{
			acl.None:         nil,
			acl.Own:          {"Sales"},
			acl.BusinessUnit: {"Sales"},
			acl.Division:     {"Sales", "Sales East"},
			acl.Organization: {"Head office", "Sales", "Sales East", "Support"},
		} {
			a := w.actor(level)
			if got := w.listed(t, a); !slices.Equal(got, want) {
				t.Errorf("%v: listed %v, want %v", level, got, want)
			}
			if got := w.decided(t, a); !slices.Equal(got, want) {
				t.Errorf("%v: Decide allows %v, want %v", level, got, want)
			}
		}
	})
}

func TestScopeFollowsAUserMovedToAnotherUnit(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newScopeWorld(t, d)
		if got := w.listed(t, w.actor(acl.Division)); !slices.Equal(got, []string{"Sales", "Sales East"}) {
			t.Fatalf("before the move: %v", got)
		}
		// The Sales East user moves to Support: their contact moves with them.
		if _, err := d.Exec(fmt.Sprintf("UPDATE users SET business_unit_id = %d WHERE id = %d", w.units["Support"], w.users["Sales East"])); err != nil {
			t.Fatal(err)
		}
		if got := w.listed(t, w.actor(acl.Division)); !slices.Equal(got, []string{"Sales"}) {
			t.Fatalf("Sales division after the move: %v, want [Sales]", got)
		}
	})
}

func TestUserScopeComparesTheUsersOwnUnit(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		w := newScopeWorld(t, d)
		for level, want := range map[acl.Level][]string{
			acl.None:         nil,
			acl.Own:          {"u-Sales"},
			acl.BusinessUnit: {"u-Sales"},
			acl.Division:     {"u-Sales", "u-Sales East"},
			acl.Organization: {"u-Head office", "u-Sales", "u-Sales East", "u-Support"},
		} {
			scope := w.actor(level).Scope(acl.User, acl.View)
			users, err := w.st.Users(context.Background(), w.org, store.UserFilter{Scope: &scope})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range users {
				got = append(got, u.Username)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%v: users %v, want %v", level, got, want)
			}
		}
	})
}
