package acl_test

import (
	"slices"
	"testing"

	"magecrm/internal/acl"
)

func TestExceedingNamesTheCellsAboveTheActorsOwn(t *testing.T) {
	a := &acl.Actor{Enabled: true, Permissions: acl.Permissions{
		{Entity: acl.User, Action: acl.View}:    acl.Division,
		{Entity: acl.User, Action: acl.Edit}:    acl.BusinessUnit,
		{Entity: acl.Contact, Action: acl.View}: acl.Own,
	}}
	cases := []struct {
		name string
		p    acl.Permissions
		want []acl.Key
	}{
		{"nothing", acl.Permissions{}, nil},
		{"equal and lower levels", acl.Permissions{{Entity: acl.User, Action: acl.View}: acl.BusinessUnit, {Entity: acl.User, Action: acl.Edit}: acl.BusinessUnit}, nil},
		{"explicit none", acl.Permissions{{Entity: acl.Role, Action: acl.Edit}: acl.None}, nil},
		{"one level higher", acl.Permissions{{Entity: acl.User, Action: acl.Edit}: acl.Division}, []acl.Key{{Entity: acl.User, Action: acl.Edit}}},
		{"cells the actor lacks, in matrix order", acl.Permissions{
			{Entity: acl.Role, Action: acl.Edit}:              acl.Own,
			{Entity: acl.MagentoCustomer, Action: acl.Assign}: acl.Own,
			{Entity: acl.Contact, Action: acl.View}:           acl.Own,
		}, []acl.Key{{Entity: acl.MagentoCustomer, Action: acl.Assign}, {Entity: acl.Role, Action: acl.Edit}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.Exceeding(tc.p); !slices.Equal(got, tc.want) {
				t.Fatalf("Exceeding = %v, want %v", got, tc.want)
			}
			if a.Covers(tc.p) != (len(tc.want) == 0) {
				t.Fatal("Covers disagrees with Exceeding")
			}
		})
	}
	a.Enabled = false
	if a.Covers(acl.Permissions{{Entity: acl.Contact, Action: acl.View}: acl.Own}) {
		t.Fatal("a disabled user covers a grant")
	}
}
