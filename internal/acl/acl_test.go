package acl_test

import (
	"slices"
	"testing"

	"magecrm/internal/acl"
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
	if got := a.Scope(acl.Contact, acl.View); got.Level != acl.None {
		t.Fatalf("disabled user's scope = %+v, want level None", got)
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

func TestScopeCarriesWhatItsLevelComparesAgainst(t *testing.T) {
	for _, tc := range []struct {
		level acl.Level
		want  acl.Scope
	}{
		{acl.None, acl.Scope{}},
		{acl.Own, acl.Scope{Level: acl.Own, OrganizationID: 1, UserID: 20}},
		{acl.BusinessUnit, acl.Scope{Level: acl.BusinessUnit, OrganizationID: 1, UnitIDs: []int64{2}}},
		{acl.Division, acl.Scope{Level: acl.Division, OrganizationID: 1, UnitIDs: []int64{2, 3}}},
		{acl.Organization, acl.Scope{Level: acl.Organization, OrganizationID: 1}},
	} {
		got := actor(20, tc.level).Scope(acl.Contact, acl.View)
		if got.Level != tc.want.Level || got.OrganizationID != tc.want.OrganizationID || got.UserID != tc.want.UserID ||
			!slices.Equal(got.UnitIDs, tc.want.UnitIDs) {
			t.Errorf("%v: scope %+v, want %+v", tc.level, got, tc.want)
		}
	}
	if got := actor(20, acl.Organization).Scope(acl.Contact, acl.Delete); got.Level != acl.None {
		t.Errorf("delete scope without a delete grant: %+v", got)
	}
}
