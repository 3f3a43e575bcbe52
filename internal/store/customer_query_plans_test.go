package store_test

import (
	"context"
	"strings"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// A save's email check seeks the organization's email index on a new
// database (no planner statistics yet), instead of reading every customer
// of the channel inside the save's write transaction.
func TestSaveEmailCheckSeeksOrgEmailIndex(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		rig, channel := planRig(t, d, false)
		plan := queryPlan(t, d, store.EmailCheck, rig.OrgID, "c7@x.test", 1, channel, 0, model.SyncRemovedRemote)
		if !strings.Contains(plan, "magento_customers_org_email") {
			t.Errorf("the email check's plan does not seek magento_customers_org_email:\n%s", plan)
		}
	})
}

// The lists of customers with sync problems read the flagged customers'
// partial index, not every customer of the channel, once the database has
// planner statistics (every import leaves them: RestoreCustomerIndexes).
// Without them SQLite takes magento_customers_org_channel, whose seek
// looks as narrow; INDEXED BY would fail while a first import has the
// index dropped.
func TestSyncProblemsReadFlaggedIndex(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		rig, channel := planRig(t, d, true)
		q := store.SyncProblemsQuery(acl.WholeOrganization(rig.OrgID), d.Dialect)
		plan := queryPlan(t, d, q, channel, model.SyncFailed, 20)
		if !strings.Contains(plan, "magento_customers_flagged") {
			t.Errorf("SyncProblems' plan does not read magento_customers_flagged:\n%s", plan)
		}
	})
}

// planRig makes a shop with 1,000 customers, one in a hundred flagged,
// with planner statistics when analyzed.
func planRig(t *testing.T, d *db.DB, analyzed bool) (*testrig.Rig, int64) {
	t.Helper()
	rig := testrig.New(t, d, nil)
	shop := rig.Shop(testrig.ShopSpec{Name: "Shop", Website: "Main", Stores: []string{"Default"}, Groups: []string{"General"}})
	if _, err := d.ExecContext(context.Background(), `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000)
		INSERT INTO magento_customers (organization_id, channel_id, origin_id, email, last_name, owner_user_id, created_at, updated_at)
		SELECT $1, $2, i, 'c' || i || '@x.test', 'L' || (i % 50), $3, 0, i FROM n`, rig.OrgID, shop.Channel, rig.Admin.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(context.Background(), "UPDATE magento_customers SET sync_state = $1 WHERE origin_id % 100 = 0",
		model.SyncFailed); err != nil {
		t.Fatal(err)
	}
	if analyzed {
		if err := rig.Store.RefreshPlannerStatistics(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return rig, shop.Channel
}

// queryPlan returns the plan of query as text. PostgreSQL reads a table
// this small whole, so its plan is asked with sequential scans off: it
// then shows the index the query can use.
func queryPlan(t *testing.T, d *db.DB, query string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	conn, err := d.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	explain := "EXPLAIN QUERY PLAN "
	if d.Dialect == db.Postgres {
		explain = "EXPLAIN (COSTS OFF) "
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "RESET enable_seqscan")
	}
	rows, err := conn.QueryContext(ctx, explain+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, asString(vals[len(vals)-1]))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// asString is a plan column's value as text.
func asString(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	s, _ := v.(string)
	return s
}
