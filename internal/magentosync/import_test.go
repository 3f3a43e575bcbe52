package magentosync

import (
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

func TestFullImportHoldsMagentosDataAndASecondRunWritesNothing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 600}, nil)
		s := e.run(t, RunOptions{Full: true})
		if s.Created != 600 || s.Failed != 0 {
			t.Fatalf("first run: %+v", s)
		}
		got := e.assertMirrors(t, true)
		for id, c := range got {
			if c.owner != e.ch.DefaultOwnerID || c.state != 0 {
				t.Fatalf("customer %d: owner %d state %d, want the channel's default owner and state 0", id, c.owner, c.state)
			}
		}
		e.assertOrders(t, got)

		again := e.run(t, RunOptions{})
		if again.Created != 0 || again.Updated != 0 {
			t.Errorf("second run wrote customers: %+v", again)
		}
		if again.Orders.Created != 0 || again.Orders.Updated != 0 {
			t.Errorf("second run wrote orders: %+v", again.Orders)
		}
	})
}
