package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// Turning a channel's sync on or off and setting a user's password move
// the row's last change time past the one stored, even when that one is
// ahead of the clock (a save in the same millisecond sets it one ahead):
// a form opened before is refused as changed meanwhile, never saved over
// the toggle.
func TestTogglesAndPasswordSetsMoveTheVersion(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rig := testrig.New(t, d, nil)
		st := rig.Store
		shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
		ahead := time.Now().Add(time.Hour).UnixMilli()
		if _, err := d.ExecContext(ctx, "UPDATE channels SET updated_at = $1 WHERE id = $2", ahead, shop.Channel); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, "UPDATE users SET updated_at = $1 WHERE id = $2", ahead, rig.Admin.ID); err != nil {
			t.Fatal(err)
		}
		opened, err := st.Channel(ctx, shop.Channel)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetChannelEnabled(ctx, rig.OrgID, shop.Channel, false); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, rig.Admin.ID, "hash"); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"channels", "users"} {
			id := shop.Channel
			if table == "users" {
				id = rig.Admin.ID
			}
			var at int64
			if err := d.QueryRowContext(ctx, "SELECT updated_at FROM "+table+" WHERE id = $1", id).Scan(&at); err != nil {
				t.Fatal(err)
			}
			if at <= ahead {
				t.Errorf("%s updated_at %d after the change, want later than %d", table, at, ahead)
			}
		}
		edited := *opened
		edited.Name = "Renamed"
		if err := st.UpdateChannelFrom(ctx, &edited, opened.UpdatedAt); !errors.Is(err, store.ErrStale) {
			t.Errorf("saving a channel form opened before sync was turned off: %v, want ErrStale", err)
		}
	})
}
