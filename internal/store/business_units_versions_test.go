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

// Migration 00196 gives a version to the business units and roles an
// older setup left without one (0): a unit its creation time, a role the
// migration's time.
func TestMigrationGivesUnitsAndRolesAVersion(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		execSQL(t, d, "UPDATE business_units SET updated_at = 0")
		execSQL(t, d, "UPDATE roles SET updated_at = 0")
		execSQL(t, d, "DELETE FROM goose_db_version WHERE version_id = 196")
		if err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var created, updated int64
		if err := d.QueryRowContext(ctx, "SELECT created_at, updated_at FROM business_units WHERE id = $1", rig.RootUnit).
			Scan(&created, &updated); err != nil {
			t.Fatal(err)
		}
		if created == 0 || updated != created {
			t.Errorf("the top unit's version %d, want its creation time %d", updated, created)
		}
		var unversioned int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM roles WHERE updated_at < $1", int64(1e12)).
			Scan(&unversioned); err != nil {
			t.Fatal(err)
		}
		if unversioned != 0 {
			t.Errorf("%d roles without a version in Unix milliseconds", unversioned)
		}
	})
}
