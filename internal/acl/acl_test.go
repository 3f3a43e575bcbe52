package acl_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// The organization used by these tests:
//
//	1 Head office
//	├── 2 Sales
//	│   └── 3 Sales East
//	└── 4 Support
//
// Users: 10 in unit 1, 20 in 2, 30 in 3, 40 in 4. Each owns one record whose
// id is the owner's id + 1 (11, 21, 31, 41); record 99 belongs to another
// organization.
var parents = map[int64]int64{1: 0, 2: 1, 3: 2, 4: 1}

var userUnits = map[int64]int64{10: 1, 20: 2, 30: 3, 40: 4}

func actor(user int64, level acl.Level) *acl.Actor {
	unit := userUnits[user]
	return &acl.Actor{
		UserID: user, OrganizationID: 1, BusinessUnitID: unit,
		DivisionUnitIDs: acl.Descendants(unit, parents), Enabled: true,
		Permissions: acl.Permissions{{Entity: acl.Contact, Action: acl.View}: level},
	}
}

// levelCases lists, for user 20 (unit 2, Sales), the records each level allows.
var levelCases = []struct {
	level acl.Level
	want  []int64
}{
	{acl.None, nil},
	{acl.Own, []int64{21}},
	{acl.BusinessUnit, []int64{21}},
	{acl.Division, []int64{21, 31}},
	{acl.Organization, []int64{11, 21, 31, 41}},
}

func record(id int64) acl.Record {
	if id == 99 {
		return acl.Record{OwnerUserID: 98, OwnerBusinessUnitID: 97, OrganizationID: 2}
	}
	owner := id - 1
	return acl.Record{OwnerUserID: owner, OwnerBusinessUnitID: userUnits[owner], OrganizationID: 1}
}

func TestDecideEachLevel(t *testing.T) {
	for _, tc := range levelCases {
		a := actor(20, tc.level)
		var got []int64
		for _, id := range []int64{11, 21, 31, 41, 99} {
			if a.Decide(acl.Contact, acl.View, record(id)) {
				got = append(got, id)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: allowed %v, want %v", tc.level, got, tc.want)
		}
		if a.Decide(acl.Contact, acl.Delete, record(21)) {
			t.Errorf("%v: delete allowed without a delete grant", tc.level)
		}
	}
	// Business unit is not division: user 20 at unit level must not see
	// the record of user 30, whose unit is below.
	if actor(20, acl.BusinessUnit).Decide(acl.Contact, acl.View, record(31)) {
		t.Error("business unit level reaches into a child unit")
	}
}

func TestDisabledUserIsRefusedEverything(t *testing.T) {
	a := actor(10, acl.Organization)
	a.Enabled = false
	if a.Decide(acl.Contact, acl.View, record(11)) || a.Can(acl.Contact, acl.View) {
		t.Fatal("a disabled user was allowed")
	}
	if got := a.Scope(acl.Contact, acl.View, acl.Columns{Owner: "r.owner_user_id", Organization: "r.organization_id"}); got != "(1 = 0)" {
		t.Fatalf("disabled user's scope = %q, want a condition no row meets", got)
	}
}

func TestMergeTakesHighestLevel(t *testing.T) {
	p := acl.Permissions{{Entity: acl.Contact, Action: acl.View}: acl.Own}
	p.Merge(acl.Permissions{{Entity: acl.Contact, Action: acl.View}: acl.Division, {Entity: acl.Account, Action: acl.View}: acl.None})
	if p[acl.Key{Entity: acl.Contact, Action: acl.View}] != acl.Division {
		t.Fatal("merge did not raise the level")
	}
	p.Merge(acl.Permissions{{Entity: acl.Contact, Action: acl.View}: acl.Own})
	if p[acl.Key{Entity: acl.Contact, Action: acl.View}] != acl.Division {
		t.Fatal("merge lowered the level")
	}
}

func TestScopeSelectsTheSameRowsAsDecide(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		seed(t, d)
		for _, tc := range levelCases {
			if got := scoped(t, d, actor(20, tc.level)); !slices.Equal(got, tc.want) {
				t.Errorf("%v: scope selected %v, want %v", tc.level, got, tc.want)
			}
		}
	})
}

func TestScopeFollowsAUserMovedToAnotherUnit(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		seed(t, d)
		viewer := actor(40, acl.BusinessUnit) // Support
		if got := scoped(t, d, viewer); !slices.Equal(got, []int64{41}) {
			t.Fatalf("before the move: %v", got)
		}
		// User 30 moves from Sales East to Support: their record moves with them.
		if _, err := d.Exec("UPDATE users SET business_unit_id = 4 WHERE id = 30"); err != nil {
			t.Fatal(err)
		}
		if got := scoped(t, d, viewer); !slices.Equal(got, []int64{31, 41}) {
			t.Fatalf("after the move: %v, want [31 41]", got)
		}
		if got := scoped(t, d, actor(20, acl.Division)); !slices.Equal(got, []int64{21}) {
			t.Fatalf("Sales division after the move: %v, want [21]", got)
		}
	})
}

func seed(t *testing.T, d *db.DB) {
	t.Helper()
	stmts := []string{
		"INSERT INTO organizations (id, name, created_at) VALUES (1, 'Org', 0), (2, 'Other', 0)",
		"INSERT INTO business_units (id, organization_id, parent_id, name, created_at) VALUES (1, 1, NULL, 'Head office', 0), (2, 1, 1, 'Sales', 0), (3, 1, 2, 'Sales East', 0), (4, 1, 1, 'Support', 0), (97, 2, NULL, 'Elsewhere', 0)",
		"CREATE TABLE records (id BIGINT PRIMARY KEY, owner_user_id BIGINT NOT NULL, organization_id BIGINT NOT NULL)",
	}
	for u, unit := range userUnits {
		stmts = append(stmts,
			fmt.Sprintf("INSERT INTO users (id, organization_id, business_unit_id, username, password_hash, created_at, updated_at) VALUES (%d, 1, %d, 'u%d', 'x', 0, 0)", u, unit, u),
			fmt.Sprintf("INSERT INTO records VALUES (%d, %d, 1)", u+1, u))
	}
	stmts = append(stmts,
		"INSERT INTO users (id, organization_id, business_unit_id, username, password_hash, created_at, updated_at) VALUES (98, 2, 97, 'other', 'x', 0, 0)",
		"INSERT INTO records VALUES (99, 98, 2)")
	for _, s := range stmts {
		if _, err := d.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func scoped(t *testing.T, d *db.DB, a *acl.Actor) []int64 {
	t.Helper()
	where := a.Scope(acl.Contact, acl.View, acl.Columns{Owner: "r.owner_user_id", Organization: "r.organization_id"})
	rows, err := d.QueryContext(context.Background(), "SELECT r.id FROM records r WHERE "+where+" ORDER BY r.id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}
