package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// A unit or role saved on a version someone saved after is refused in the
// UPDATE itself (ErrStale), not by a read before it.
func TestUnitAndRoleUpdatesCompareTheVersion(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		id := rig.Unit("North", rig.RootUnit)
		u, err := st.BusinessUnit(ctx, rig.OrgID, id)
		if err != nil {
			t.Fatal(err)
		}
		v0, v1 := u.UpdatedAt, u.UpdatedAt.Add(time.Second)
		if err := st.UpdateBusinessUnit(ctx, rig.OrgID, id, rig.RootUnit, "North-East", v0, v1); err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateBusinessUnit(ctx, rig.OrgID, id, rig.RootUnit, "North-West", v0, v1.Add(time.Second)); !errors.Is(err, store.ErrStale) {
			t.Fatalf("a second save on the first version: %v, want ErrStale", err)
		}
		r := &model.Role{OrganizationID: rig.OrgID, Name: "Auditor", UpdatedAt: v0}
		if err := st.SaveRole(ctx, r, time.Time{}); err != nil {
			t.Fatal(err)
		}
		r.Name, r.UpdatedAt = "Auditors", v1
		if err := st.SaveRole(ctx, r, v0); err != nil {
			t.Fatal(err)
		}
		r.Name, r.UpdatedAt = "Inspectors", v1.Add(time.Second)
		if err := st.SaveRole(ctx, r, v0); !errors.Is(err, store.ErrStale) {
			t.Fatalf("a second role save on the first version: %v, want ErrStale", err)
		}
		if got, _ := st.Role(ctx, rig.OrgID, r.ID); got.Name != "Auditors" {
			t.Errorf("role name %q, want Auditors", got.Name)
		}
	})
}
