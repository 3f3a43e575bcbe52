package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"magecrm/internal/crm"
)

// gridHeads is the customer grid's column headings, "|"-separated, without
// the tick box and Actions.
func (b *Browser) gridHeads() string {
	b.t.Helper()
	return b.eval(`[...document.querySelectorAll("#customers thead th")].slice(1, -1).map(th => th.innerText.trim()).join("|")`)
}

// chooseColumns shows exactly these grid columns through the chooser.
func (b *Browser) chooseColumns(keys ...string) {
	b.t.Helper()
	b.Do("open the column chooser", chromedp.Click("details.columns summary"))
	b.eval(`(() => { const keep = ` + jsList(keys) + `;
		document.querySelectorAll('#column-chooser input[name="column"]').forEach(c => { c.checked = keep.includes(c.value); }); return ""; })()`)
	if status := b.Submit(`#column-chooser button[type="submit"]`); status != 200 {
		b.t.Fatalf("choose columns: status %d", status)
	}
}

func jsList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = jsString(s)
	}
	return "[" + strings.Join(quoted, ",") + "]"
}

// TestSavedViewRestoresFilterSortAndColumnsInBrowser, 1,400 px wide:
// filter to Germany, sort by email descending, show three columns, save
// that as a view; after going back to the plain grid with other columns,
// clicking the view brings back the filter, the sort and the columns.
func TestSavedViewRestoresFilterSortAndColumnsInBrowser(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	f := newCustomerFixture(t, srv)
	f.addCustomers(t, 30, f.admin, "v")
	b.resize(1400, 900)
	b.SignIn(srv.URL, "admin", srv.AdminPassword)

	b.Open(srv.URL + "/customers")
	b.Do("open the filters", chromedp.Click("details.filters summary"))
	b.choose("f-country", "DE")
	if status := b.Submit("#apply-filters"); status != 200 {
		t.Fatalf("apply filters: %d", status)
	}
	b.Do("sort by email", chromedp.Click(`a[data-sort="email"]`), chromedp.WaitVisible(`th[aria-sort="ascending"] a[data-sort="email"]`))
	b.Do("sort by email, descending", chromedp.Click(`a[data-sort="email"]`), chromedp.WaitVisible(`th[aria-sort="descending"] a[data-sort="email"]`))
	b.chooseColumns("last_name", "email", "country")
	wantHeads := "Last name|Email ▼|Billing country"
	if got := b.gridHeads(); got != wantHeads {
		t.Fatalf("before saving the view the grid shows %q", got)
	}
	b.Do("open Save view", chromedp.Click("details.save-view summary"), chromedp.SendKeys("#view-name", "Germany by email"))
	if status := b.Submit(`#save-view button[type="submit"]`); status != 200 {
		t.Fatalf("save the view: %d", status)
	}

	b.Open(srv.URL + "/customers?view=0")
	b.chooseColumns("first_name", "last_name", "email", "owner")
	if got := b.Text("#grid-total"); got != "30 customers." || b.gridHeads() == wantHeads {
		t.Fatalf("the plain grid: %q with %q", got, b.gridHeads())
	}
	if status := b.Submit(`#saved-views a[data-view]`); status != 200 {
		t.Fatalf("open the view: %d", status)
	}
	if got := b.Text("#grid-total"); got != "10 customers match the filters." {
		t.Errorf("the view's filter: %q", got)
	}
	if got := b.Text("#filter-chips li span"); !strings.Contains(got, "Germany") && !strings.Contains(got, "DE") {
		t.Errorf("the view's filter chip: %q", got)
	}
	if got := b.gridHeads(); got != wantHeads {
		t.Errorf("the view's columns and sort: %q, want %q", got, wantHeads)
	}
	if got := b.Text("#customers tbody tr td.c-email"); got != "v27@example.com" {
		t.Errorf("the view's first row: %q, want v27@example.com (email descending)", got)
	}
	if got := b.Text(`#saved-views a[aria-current="page"]`); !strings.HasPrefix(got, "Germany by email") {
		t.Errorf("the active view: %q", got)
	}
}

// TestMassAssignInBrowser, 1,400 px wide: a Sales Manager filters the grid
// to Germany and assigns all that match to herself; exactly the German
// customers of her unit change owner, those of other units and other
// countries stay as they were.
func TestMassAssignInBrowser(t *testing.T) {
	b := NewBrowser(t)
	srv := StartServer(t)
	f := newCustomerFixture(t, srv)
	f.addCustomers(t, 12, f.rep, "r")   // rita's, in Sales: 4 in Germany
	f.addCustomers(t, 12, f.admin, "z") // the administrator's, out of the manager's reach
	if _, err := srv.CRM.AddUser(context.Background(), crm.UserInput{Username: "maria", FirstName: "Maria", LastName: "Manager",
		Password: ritaPassword}, "Sales Manager", "Sales"); err != nil {
		t.Fatal(err)
	}
	b.resize(1400, 900)
	b.SignIn(srv.URL, "maria", ritaPassword)
	b.Open(srv.URL + "/customers")
	if got := b.Text("#grid-total"); got != "12 customers." {
		t.Fatalf("the manager sees %q, want rita's 12", got)
	}
	b.Do("open the filters", chromedp.Click("details.filters summary"))
	b.choose("f-country", "DE")
	if status := b.Submit("#apply-filters"); status != 200 {
		t.Fatalf("apply filters: %d", status)
	}
	b.choose("mass-scope", "all")
	b.choose("mass-action", "assign")
	maria := b.eval(`[...document.querySelectorAll("#mass-owner option")].find(o => o.textContent.includes("Maria")).value`)
	b.choose("mass-owner", maria)
	if status := b.Submit("#mass-continue"); status != 200 {
		t.Fatalf("continue: %d", status)
	}
	if got := b.Text("#mass-question"); got != "Assign 4 customers to Maria Manager?" {
		t.Fatalf("the confirmation asks %q", got)
	}
	if status := b.Submit("#mass-confirm"); status != 200 {
		t.Fatalf("confirm: %d", status)
	}
	if got := b.Text(".flash"); got != "Changed 4 customers." {
		t.Errorf("after the mass action: %q", got)
	}
	rows, err := srv.DB.Query(`SELECT c.last_name, u.username FROM magento_customers c JOIN users u ON u.id = c.owner_user_id ORDER BY c.last_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var changed []string
	for rows.Next() {
		var last, owner string
		rows.Scan(&last, &owner)
		want := map[byte]string{'r': "rita", 'z': "admin"}[last[0]]
		if owner == "maria" {
			changed = append(changed, last)
		} else if owner != want {
			t.Errorf("%s is owned by %s", last, owner)
		}
	}
	if got := strings.Join(changed, " "); got != "rLast00 rLast03 rLast06 rLast09" {
		t.Errorf("maria now owns %q, want rita's German customers", got)
	}
}
