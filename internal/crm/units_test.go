package crm_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
)

func TestBusinessUnitRules(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		if _, err := f.svc.CreateBusinessUnit(ctx, f.admin, 99999, " "); fieldError(err, "name") != "Enter a name." || fieldError(err, "parent") == "" {
			t.Fatalf("empty name and unknown parent: %v", err)
		}
		sales := f.addUnit("Sales", f.root)
		east := f.addUnit("East", sales)

		if err := f.svc.UpdateBusinessUnit(ctx, f.admin, sales, east, "Sales", time.Time{}); !errors.Is(err, store.ErrUnitCycle) {
			t.Fatalf("moving a unit below its own unit: %v", err)
		}
		if err := f.svc.UpdateBusinessUnit(ctx, f.admin, sales, sales, "Sales", time.Time{}); !errors.Is(err, store.ErrUnitCycle) {
			t.Fatalf("moving a unit below itself: %v", err)
		}
		var refusal crm.Refusal
		if err := f.svc.UpdateBusinessUnit(ctx, f.admin, f.root, sales, "Top", time.Time{}); !errors.As(err, &refusal) {
			t.Fatalf("moving the top unit: %v", err)
		}
		if err := f.svc.UpdateBusinessUnit(ctx, f.admin, east, 0, "East", time.Time{}); fieldError(err, "parent") == "" {
			t.Fatalf("taking a unit out of the tree: %v", err)
		}
		if err := f.svc.UpdateBusinessUnit(ctx, f.admin, east, f.root, " East Coast ", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.UpdateBusinessUnit(ctx, f.admin, f.root, 0, "Head office", time.Time{}); err != nil {
			t.Fatalf("renaming the top unit: %v", err)
		}
		units, _ := f.svc.BusinessUnits(ctx, f.admin)
		var names []string
		for _, u := range units {
			names = append(names, u.Name)
		}
		if len(units) != 3 || units[0].Name != "Head office" || units[1].Name != "East Coast" || units[1].ParentID != f.root || units[2].Depth != 1 {
			t.Fatalf("the tree after the changes: %v", names)
		}

		f.addUser("lena", acl.RoleSalesRep, sales)
		if err := f.svc.DeleteBusinessUnit(ctx, f.admin, sales); !errors.Is(err, store.ErrUnitNotEmpty) {
			t.Fatalf("deleting a unit with users: %v", err)
		}
		if err := f.svc.DeleteBusinessUnit(ctx, f.admin, east); err != nil {
			t.Fatalf("deleting an empty unit: %v", err)
		}
		if _, err := f.svc.BusinessUnit(ctx, f.admin, east); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("a deleted unit: %v", err)
		}

		rep := f.SignIn("lena", "lena-password")
		if _, err := f.svc.BusinessUnits(ctx, rep); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative listing units: %v", err)
		}
		if _, err := f.svc.BusinessUnit(ctx, rep, sales); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative opening their unit: %v", err)
		}
		if _, err := f.svc.CreateBusinessUnit(ctx, rep, sales, "Mine"); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative creating a unit: %v", err)
		}
	})
}

// TestBusinessUnitsStayATreeUnderConcurrentMoves moves two units below each
// other at the same time, many times: one of each pair of moves must be
// refused, on PostgreSQL too (a cycle would hang every walk of the tree).
func TestBusinessUnitsStayATreeUnderConcurrentMoves(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, d)
		x, y := f.addUnit("X", f.root), f.addUnit("Y", f.root)
		for round := range 25 {
			var wg sync.WaitGroup
			for _, move := range [][2]int64{{x, y}, {y, x}} {
				wg.Go(func() { f.svc.UpdateBusinessUnit(ctx, f.admin, move[0], move[1], "unit", time.Time{}) })
			}
			wg.Wait()
			parents, err := f.Store.UnitParents(ctx, f.OrgID)
			if err != nil {
				t.Fatal(err)
			}
			if parents[x] == y && parents[y] == x {
				t.Fatalf("round %d: units X and Y sit below each other", round)
			}
			for _, id := range []int64{x, y} {
				if err := f.svc.UpdateBusinessUnit(ctx, f.admin, id, f.root, "unit", time.Time{}); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
