package web_test

import (
	"context"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// A first import drops the grid's indexes and builds them at its end;
// meanwhile the grid says so instead of being silently slow.
func TestCustomerGridSaysWhileItsIndexesAreBuilt(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newCustomerShop(t, d)
		b := s.admin()
		if n := b.get("/customers").dom(t).Find("#list-preparing").Length(); n != 0 {
			t.Fatal("the grid says it is being prepared with every index in place")
		}
		// As DeferCustomerIndexes leaves an index (it defers only on an
		// empty table): dropped, its definition kept to be built.
		const def = "CREATE INDEX magento_customers_org_first ON magento_customers(organization_id, lower(first_name), lower(last_name), id)"
		for _, q := range []string{"DROP INDEX magento_customers_org_first",
			"INSERT INTO deferred_indexes (name, definition) VALUES ('magento_customers_org_first', '" + def + "')"} {
			if _, err := d.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		p := b.get("/customers")
		if got := p.text(t, "#list-preparing"); !strings.Contains(got, "1 of its indexes is left to build") {
			t.Fatalf("notice while an index is deferred: %q", got)
		}
		if got := rowEmails(p.body); len(got) != 4 {
			t.Fatalf("the grid still lists the customers: %v", got)
		}
		if err := s.app.Store.RestoreCustomerIndexes(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if n := b.get("/customers").dom(t).Find("#list-preparing").Length(); n != 0 {
			t.Fatal("the notice stays after the index was built")
		}
	})
}
