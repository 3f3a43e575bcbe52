package magentosync

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
)

// dirtyStore serves the simulator's customer pages with a NUL byte before
// every last name and 300 characters before every middle name, as a store
// whose database was written by a careless import script would.
func dirtyStore(w http.ResponseWriter, r *http.Request, next http.Handler) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	body := rec.Body.String()
	if strings.Contains(r.URL.Path, "/V1/customers/search") {
		body = strings.ReplaceAll(body, `"lastname":"`, `"lastname":"\u0000`)
		body = strings.ReplaceAll(body, `"middlename":"`, `"middlename":"`+strings.Repeat("m", 300))
	}
	for k, vs := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = vs
		}
	}
	w.WriteHeader(rec.Code)
	w.Write([]byte(body))
}

func TestImportedTextIsCappedAndCleanedWithAWarningPerRecord(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, magesim.Options{Customers: 30, OrdersPerCustomer: -1}, wrapWith(dirtyStore))
		s := e.run(t, RunOptions{Full: true})
		if s.Created != 30 || s.Failed != 0 {
			t.Fatalf("summary %+v, want all 30 created and none failed", s)
		}
		errs, err := e.st.RunSyncErrors(context.Background(), s.RunID, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(errs) != 30 {
			t.Fatalf("%d warnings, want one per customer", len(errs))
		}
		for _, w := range errs {
			if !w.Warning() || !strings.HasPrefix(w.Message, "Imported with changes: ") ||
				!strings.Contains(w.Message, "last name: 1 control character (such as NUL) removed") {
				t.Fatalf("warning for %s: %q", w.RemoteID, w.Message)
			}
		}
		if n, w, err := e.st.SyncErrorCount(context.Background(), e.ch.ID); err != nil || n != 0 || w != 30 {
			t.Fatalf("counted %d errors and %d warnings (%v), want 30 warnings and no error", n, w, err)
		}
		var nul, longMiddle, cutMiddle int
		if d.Dialect == db.SQLite { // PostgreSQL cannot hold NUL in text at all
			d.QueryRow("SELECT COUNT(*) FROM magento_customers WHERE instr(last_name, char(0)) > 0").Scan(&nul)
		}
		d.QueryRow("SELECT COUNT(*) FROM magento_customers WHERE length(middle_name) > 255").Scan(&longMiddle)
		d.QueryRow("SELECT COUNT(*) FROM magento_customers WHERE length(middle_name) = 255").Scan(&cutMiddle)
		if nul != 0 || longMiddle != 0 || cutMiddle == 0 {
			t.Fatalf("stored: %d last names with NUL, %d middle names over 255, %d cut to 255", nul, longMiddle, cutMiddle)
		}
		// A second run finds nothing new to say.
		if again := e.run(t, RunOptions{}); again.Failed != 0 || again.Updated != 0 {
			t.Errorf("second run %+v", again)
		}
	})
}
