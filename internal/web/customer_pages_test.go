package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/testrig"
)

// customerShop is the Magento side of the customer page tests: a two-way
// channel (stores Default and French, groups General and VIP) and a
// one-way channel, with customers owned by the admin and by Sales
// Representatives of two units.
type customerShop struct {
	app                              *testApp
	twoWay, oneWay                   int64
	website, storeA, storeB, otherSt int64
	general, vip, otherGroup         int64
	rep, outsider                    int64 // users: rep in Sales, outsider in Support
	repCustomer, outsideCustomer     int64
	adminCustomer, oneWayCustomer    int64
}

const repPassword = "rep-password-1"

func newCustomerShop(t *testing.T, d *db.DB) *customerShop {
	t.Helper()
	app := newTestApp(t, d)
	s := &customerShop{app: app}
	app.Unit("Sales", app.RootUnit)
	app.Unit("Support", app.RootUnit)
	s.rep = app.User("rita", repPassword, "Sales Representative", "Sales").ID
	s.outsider = app.User("otto", repPassword, "Sales Representative", "Support").ID
	two := app.Shop(testrig.ShopSpec{Name: "Two-way shop", AdminURL: "https://shop.test/admin/", TwoWay: true,
		Website: "Main Website", Stores: []string{"Default Store View", "French"}, Groups: []string{"General", "VIP"}})
	one := app.Shop(testrig.ShopSpec{Name: "Read-only shop", Website: "RO Website", Stores: []string{"RO Store"}, Groups: []string{"RO General"}})
	s.twoWay, s.website, s.storeA, s.storeB, s.general, s.vip = two.Channel, two.Website, two.Stores[0], two.Stores[1], two.Groups[0], two.Groups[1]
	s.oneWay, s.otherSt, s.otherGroup = one.Channel, one.Stores[0], one.Groups[0]
	customer := func(shop *testrig.Shop, store, group, owner, origin int64, first, last, email, country string) int64 {
		return app.Customer(shop, testrig.CustomerSpec{Store: store, Group: group, Owner: owner, OriginID: origin, First: first,
			Last: last, Email: email, Country: country, Lifetime: 12.5, Currency: "USD", Subscribed: testrig.Bool(false),
			Created: time.UnixMilli(1700000000000)})
	}
	admin := app.Admin.ID
	s.repCustomer = customer(two, s.storeA, s.general, s.rep, 501, "Rhea", "Adler", "rhea@example.com", "DE")
	s.outsideCustomer = customer(two, s.storeB, s.vip, s.outsider, 502, "Olga", "Berg", "olga@example.com", "US")
	s.adminCustomer = customer(two, s.storeA, s.vip, admin, 503, "Alan", "Cole", "alan@example.com", "US")
	s.oneWayCustomer = customer(one, s.otherSt, s.otherGroup, admin, 504, "Rory", "Dunn", "rory@example.com", "FR")
	return s
}

func (s *customerShop) admin() *browser {
	b := s.app.browser()
	b.login("admin", s.app.AdminPassword)
	return b
}

func (s *customerShop) repBrowser(name string) *browser {
	b := s.app.browser()
	b.login(name, repPassword)
	return b
}

// validCustomerForm is a create form that saves.
func (s *customerShop) validCustomerForm() url.Values {
	return url.Values{
		"channel": {idString(s.twoWay)}, "store": {idString(s.storeB)}, "group": {idString(s.vip)},
		"first_name": {"Nina"}, "last_name": {"Neu"}, "email": {"nina@example.com"}, "password": {"Str0ng-pass"},
		"dob": {"1990-02-03"}, "gender": {"2"}, "address_count": {"1"},
		"address.0.first_name": {"Nina"}, "address.0.last_name": {"Neu"}, "address.0.street1": {"1 Main St"},
		"address.0.city": {"Austin"}, "address.0.country": {"US"}, "address.0.region": {"Texas"},
		"address.0.postcode": {"73301"}, "address.0.telephone": {"555-1234"}, "default_billing": {"0"}, "default_shipping": {"0"},
	}
}

func rowEmails(body string) []string {
	var out []string
	parse(body).Find(`td.c-email > a[href^="/customers/"]`).Each(func(_ int, a *goquery.Selection) {
		out = append(out, a.Text())
	})
	return out
}

func TestCustomerGridFiltersSortsPagesAndColumns(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		b := s.admin()
		p := b.get("/customers")
		if p.status != http.StatusOK || strings.Join(rowEmails(p.body), " ") != "rhea@example.com olga@example.com alan@example.com rory@example.com" {
			t.Fatalf("default grid: %d %v", p.status, rowEmails(p.body))
		}
		if !strings.HasPrefix(p.text(t, "#grid-total"), "4 customers") {
			t.Error("the grid does not show its total")
		}
		p = b.get("/customers?country=US&sort=email&dir=desc")
		if got := rowEmails(p.body); strings.Join(got, " ") != "olga@example.com alan@example.com" {
			t.Fatalf("filtered, sorted: %v", got)
		}
		if got := selected(p.body, "f-country"); got != "US" {
			t.Errorf("the country filter shows %q chosen, want US", got)
		}
		// Sort links keep the filters; the current column flips direction.
		if p.dom(t).Find(`a[href="/customers?country=US&dir=desc&sort=first_name"], a[href="/customers?country=US&sort=first_name"]`).Length() == 0 {
			t.Errorf("sort link lost the filter")
		}
		if p.dom(t).Find(`a[href="/customers?country=US&sort=email"]`).Length() == 0 {
			t.Errorf("the email header does not flip to ascending")
		}
		p = b.get("/customers?size=25&email=AL&email_match=starts")
		if got := rowEmails(p.body); len(got) != 1 || got[0] != "alan@example.com" {
			t.Fatalf("email starts with: %v", got)
		}
		p = b.get("/customers?lifetime_min=abc")
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Enter an amount like 100") {
			t.Fatal("a bad amount filter is not explained")
		}
		// Columns: choose two, they are remembered for this person only.
		r := b.post("/customers/columns", url.Values{"column": {"email", "owner"}, "next": {"/customers?country=US"}})
		expectRedirect(t, r, "/customers?country=US")
		p = b.get("/customers")
		if p.dom(t).Find(`th > a:contains("Last name")`).Length() != 0 || p.dom(t).Find(`th > a:contains("Owner")`).Length() == 0 {
			t.Fatal("chosen columns not applied")
		}
		rep := s.repBrowser("rita")
		if !strings.Contains(rep.get("/customers").body, ">Last name ▲</a></th>") {
			t.Fatal("one person's columns changed another's grid")
		}
	})
}

func TestCustomerGridAndExportAreScoped(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		rep := s.repBrowser("rita")
		p := rep.get("/customers")
		if got := rowEmails(p.body); len(got) != 1 || got[0] != "rhea@example.com" {
			t.Fatalf("Sales Representative sees %v", got)
		}
		exp := rep.get("/customers/export.csv")
		if exp.status != 200 || !strings.HasPrefix(exp.resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s", exp.status, exp.resp.Header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(strings.NewReader(exp.body)).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][10] != "rhea@example.com" || recs[1][2] != "Two-way shop" {
			t.Fatalf("export rows: %v %v", recs, err)
		}
		all := s.admin().get("/customers/export.csv?country=US")
		recs, _ = csv.NewReader(strings.NewReader(all.body)).ReadAll()
		if len(recs) != 3 {
			t.Fatalf("filtered export has %d rows, want header + 2", len(recs))
		}
		for _, path := range []string{
			fmt.Sprintf("/customers/%d", s.outsideCustomer),
			fmt.Sprintf("/customers/%d/edit", s.outsideCustomer),
			"/customers/999999",
		} {
			if p := rep.get(path); p.status != http.StatusForbidden {
				t.Errorf("%s: status %d, want 403", path, p.status)
			}
		}
		if p := rep.post(fmt.Sprintf("/customers/%d/newsletter", s.outsideCustomer), url.Values{"subscribe": {"1"}}); p.status != http.StatusForbidden {
			t.Errorf("newsletter of a customer out of scope: %d", p.status)
		}
		if p := rep.get(fmt.Sprintf("/customers/%d", s.repCustomer)); p.status != 200 {
			t.Errorf("own customer: %d", p.status)
		}
	})
}

func TestCustomerFormRules(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		admin := s.admin()
		rep := s.repBrowser("rita")
		cases := []struct {
			name  string
			as    *browser
			set   map[string]string
			field string
			msg   string
		}{
			{"one-way channel", admin, map[string]string{"channel": idString(s.oneWay), "store": idString(s.otherSt), "group": idString(s.otherGroup)}, "channel", "two-way"},
			{"store of another channel", admin, map[string]string{"store": idString(s.otherSt)}, "store", "Choose a store of the chosen channel."},
			{"no group", admin, map[string]string{"group": ""}, "group", "Choose a customer group"},
			{"no first name", admin, map[string]string{"first_name": "  "}, "first_name", "Enter the first name."},
			{"no last name", admin, map[string]string{"last_name": ""}, "last_name", "Enter the last name."},
			{"long middle name", admin, map[string]string{"middle_name": strings.Repeat("m", 256)}, "middle_name", "at most 255"},
			{"no email", admin, map[string]string{"email": ""}, "email", "Enter the email address."},
			{"bad email", admin, map[string]string{"email": "nina@"}, "email", "like name@example.com"},
			{"email taken on the website", admin, map[string]string{"email": "RHEA@example.com"}, "email", "already has this email"},
			{"short password", admin, map[string]string{"password": "Ab1!"}, "password", "at least 8 characters"},
			{"two classes", admin, map[string]string{"password": "alllowercase1"}, "password", "at least 3 of these 4"},
			{"surrounding space", admin, map[string]string{"password": " Str0ng-pass"}, "password", "begin or end with a space"},
			{"password is the email", admin, map[string]string{"password": "Nina@Example.com"}, "password", "same as the email"},
			{"birthday not a date", admin, map[string]string{"dob": "1990-02-30"}, "dob", "Enter a date like"},
			{"birthday in the future", admin, map[string]string{"dob": "2999-01-01"}, "dob", "can't be in the future"},
			{"gender not offered", admin, map[string]string{"gender": "9"}, "gender", "Choose a gender"},
			{"owner not assignable", rep, map[string]string{"owner": idString(s.outsider)}, "owner", "Choose an owner from the list"},
			{"contact not visible", admin, map[string]string{"contact": "999"}, "contact", "Choose a contact"},
			{"account not visible", admin, map[string]string{"account": "999"}, "account", "Choose an account"},
			{"address without street", admin, map[string]string{"address.0.street1": ""}, "address.0.street1", "Enter the street address."},
			{"address without city", admin, map[string]string{"address.0.city": ""}, "address.0.city", "Enter the city."},
			{"address without phone", admin, map[string]string{"address.0.telephone": ""}, "address.0.telephone", "Enter the phone number."},
			{"address without postcode", admin, map[string]string{"address.0.postcode": ""}, "address.0.postcode", "Enter the postcode."},
			{"address country unknown", admin, map[string]string{"address.0.country": "XX"}, "address.0.country", "Choose a country"},
			{"region not of the country", admin, map[string]string{"address.0.region": "Bavaria"}, "address.0.region", "Choose a region of United States"},
		}
		for _, tc := range cases {
			form := s.validCustomerForm()
			for k, v := range tc.set {
				form.Set(k, v)
			}
			p := tc.as.post("/customers", form)
			if p.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422 (%s)", tc.name, p.status, summary(p.body))
				continue
			}
			expectFieldError(t, p.body, tc.field, tc.msg)
			if tc.field != "first_name" && value(p.body, "first_name") != "Nina" {
				t.Errorf("%s: the typed first name was not kept", tc.name)
			}
			if strings.Contains(p.body, "Str0ng-pass") {
				t.Errorf("%s: the password was shown again", tc.name)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM magento_customers"); n != 4 {
			t.Fatalf("refused forms saved customers: %d rows", n)
		}
	})
}

func TestCustomerCreateEditNewsletterAndHistory(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		b := s.admin()
		p := b.post("/customers", s.validCustomerForm())
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", p.status, summary(p.body))
		}
		loc := p.resp.Header.Get("Location")
		var id int64
		var state int
		var sealed string
		d.QueryRow("SELECT id, sync_state, password_sealed FROM magento_customers WHERE email = 'nina@example.com'").Scan(&id, &state, &sealed)
		if loc != fmt.Sprintf("/customers/%d", id) || state != 1 || sealed == "" || strings.Contains(sealed, "Str0ng") {
			t.Fatalf("saved: loc %s state %d sealed %q", loc, state, sealed)
		}
		show := b.get(loc)
		for _, want := range []string{"Waiting to be sent to Magento", "French", "Default billing", "Texas", "1 Main St", "Create Order is not available: Magento does not know this customer yet"} {
			if !strings.Contains(show.body, want) {
				t.Errorf("view page lacks %q", want)
			}
		}
		if v, _ := attrOf(show.body, "create-order", "aria-disabled"); v != "true" {
			t.Errorf("Create Order is not disabled: aria-disabled %q", v)
		}
		if strings.Contains(show.body, "Str0ng-pass") {
			t.Fatal("the password is shown")
		}
		// Edit: blank password keeps the sealed one; a change is in the history.
		edit := b.get(loc + "/edit")
		if edit.status != 200 || value(edit.body, "last_name") != "Neu" || value(edit.body, "address.0.city") != "Austin" {
			t.Fatalf("edit form: %d", edit.status)
		}
		form := s.validCustomerForm()
		form.Set("password", "")
		form.Set("last_name", "Neumann")
		form.Set("address.0.id", value(edit.body, "address.0.id"))
		if form.Get("address.0.id") == "" || form.Get("row_version") == "" && value(edit.body, "row_version") == "" {
			t.Fatal("the edit form lacks the address id or the row version")
		}
		form.Set("row_version", value(edit.body, "row_version"))
		form.Del("channel")
		p = b.post(loc, form)
		expectRedirect(t, p, loc)
		var sealed2 string
		d.QueryRow("SELECT password_sealed FROM magento_customers WHERE id = $1", id).Scan(&sealed2)
		if sealed2 != sealed {
			t.Fatal("a blank password on edit changed the stored one")
		}
		// The same form again is stale: someone saved meanwhile.
		if p := b.post(loc, form); p.status != http.StatusConflict {
			t.Errorf("stale edit: %d", p.status)
		}
		show = b.get(loc)
		if !strings.Contains(show.body, "<td>Last name</td><td>Neu</td><td>Neumann</td>") || !strings.Contains(show.body, "Test admin") && !strings.Contains(show.body, "Admin") {
			t.Errorf("history does not show the change and who made it")
		}
		// Subscribe from the view page.
		p = b.post(loc+"/newsletter", url.Values{"subscribe": {"1"}})
		expectRedirect(t, p, loc)
		var sub bool
		d.QueryRow("SELECT is_subscribed FROM magento_customers WHERE id = $1", id).Scan(&sub)
		if !sub || !strings.Contains(b.get(loc).body, "Newsletter: Subscribed (waiting to be sent to Magento)") {
			t.Fatal("subscribe not saved or not shown as waiting")
		}
	})
}

func TestCustomerViewCreateOrderAndReadOnlyChannel(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		b := s.admin()
		p := b.get(fmt.Sprintf("/customers/%d", s.adminCustomer))
		if href, _ := attrOf(p.body, "create-order", "href"); href != "https://shop.test/admin/sales/order_create/start/customer_id/503/" {
			t.Fatalf("Create Order link: %q", href)
		}
		if tgt, _ := attrOf(p.body, "create-order", "target"); tgt != "_blank" {
			t.Errorf("Create Order does not open a new tab")
		}
		ro := b.get(fmt.Sprintf("/customers/%d", s.oneWayCustomer))
		if hasID(ro.body, "edit") || !strings.Contains(ro.body, "only imports from Magento") || !strings.Contains(ro.body, "no Magento admin URL") {
			t.Fatal("read-only channel: edit offered or no reason given")
		}
		if p := b.get(fmt.Sprintf("/customers/%d/edit", s.oneWayCustomer)); p.status != http.StatusConflict || !strings.Contains(p.body, "two-way sync") {
			t.Fatalf("edit on a one-way channel: %d", p.status)
		}
		if p := b.post(fmt.Sprintf("/customers/%d/newsletter", s.oneWayCustomer), url.Values{"subscribe": {"1"}}); p.status != http.StatusConflict {
			t.Fatalf("newsletter on a one-way channel: %d", p.status)
		}
		// Without scripts, the form lists the chosen channel's stores only.
		f := b.post("/customers", url.Values{"channel": {idString(s.twoWay)}, "reload": {"1"}, "first_name": {"Kept"}})
		if f.status != 200 || value(f.body, "first_name") != "Kept" {
			t.Fatalf("reload: %d", f.status)
		}
		if !strings.Contains(f.body, fmt.Sprintf(`<option value="%d" data-channel="%d" hidden disabled>RO Store`, s.otherSt, s.oneWay)) {
			t.Error("another channel's store is offered")
		}
		if strings.Contains(f.body, fmt.Sprintf(`<option value="%d" data-channel="%d" hidden`, s.storeA, s.twoWay)) {
			t.Error("the chosen channel's store is hidden")
		}
	})
}

func TestContactsAndAccounts(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		rep := s.repBrowser("rita")
		p := rep.post("/accounts", url.Values{"name": {""}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Enter the account&#39;s name.") {
			t.Fatalf("empty account: %d", p.status)
		}
		p = rep.post("/accounts", url.Values{"name": {"Acme"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("account: %d %s", p.status, summary(p.body))
		}
		acct := strings.TrimPrefix(p.resp.Header.Get("Location"), "/accounts/")
		p = rep.post("/contacts", url.Values{"first_name": {"Cleo"}, "email_count": {"1"}, "email.0": {"not-an-email"}, "account": {acct}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "like name@example.com") || value(p.body, "first_name") != "Cleo" {
			t.Fatalf("bad contact email: %d", p.status)
		}
		p = rep.post("/contacts", url.Values{"first_name": {"Cleo"}, "last_name": {"Cruz"}, "email_count": {"1"}, "email.0": {"cleo@acme.test"}, "account": {acct}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("contact: %d %s", p.status, summary(p.body))
		}
		contact := strings.TrimPrefix(p.resp.Header.Get("Location"), "/contacts/")
		// Link the rep's customer to both, through the edit form.
		edit := rep.get(fmt.Sprintf("/customers/%d/edit", s.repCustomer))
		if edit.status != 200 {
			t.Fatalf("edit own customer: %d", edit.status)
		}
		form := url.Values{"store": {idString(s.storeA)}, "group": {idString(s.general)}, "first_name": {"Rhea"}, "last_name": {"Adler"},
			"email": {"rhea@example.com"}, "contact": {contact}, "account": {acct}, "row_version": {value(edit.body, "row_version")}}
		p = rep.post(fmt.Sprintf("/customers/%d", s.repCustomer), form)
		expectRedirect(t, p, fmt.Sprintf("/customers/%d", s.repCustomer))
		if !strings.Contains(rep.get("/contacts/"+contact).body, "rhea@example.com") || !strings.Contains(rep.get("/accounts/"+acct).body, "Cleo Cruz") {
			t.Fatal("contact and account do not list what links to them")
		}
		opts := rep.get("/contacts/options?q=cle")
		if !strings.Contains(opts.body, `"label":"Cleo Cruz (cleo@acme.test)"`) {
			t.Fatalf("picker: %s", opts.body)
		}
		other := s.repBrowser("otto")
		if p := other.get("/contacts/" + contact); p.status != http.StatusNotFound {
			t.Errorf("a contact of another unit: %d", p.status)
		}
		if strings.Contains(other.get("/contacts/options?q=cle").body, "Cleo") {
			t.Error("the picker offers a contact out of scope")
		}
		list := rep.get("/contacts?q=cruz&sort=email")
		if !strings.Contains(list.body, "Cleo Cruz") {
			t.Fatal("contact list search")
		}
	})
}

// TestCustomerGridCountStopsAtItsLimit: past the count limit the grid says
// "more than", offers no last page it cannot know, and counts all on demand.
func TestCustomerGridCountStopsAtItsLimit(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		s.app.CRM.GridCountLimit = 2
		b := s.admin()
		p := b.get("/customers?size=25&country=US")
		if got := p.text(t, "#grid-total"); !strings.HasPrefix(got, "2 customers match") {
			t.Fatalf("two matches within the limit: %q", got)
		}
		p = b.get("/customers?lifetime_min=1")
		if got := p.text(t, "#grid-total"); !strings.HasPrefix(got, "More than 2 customers match") {
			t.Fatalf("four customers past a limit of two: %q", got)
		}
		if got := rowEmails(p.body); len(got) != 4 {
			t.Fatalf("rows past the count limit: %v", got)
		}
		if p.dom(t).Find("#last-page").Length() != 0 || !strings.Contains(p.text(t, "#page-of"), "of more than") {
			t.Errorf("pager claims a last page: %q", p.text(t, "#page-of"))
		}
		href, ok := p.dom(t).Find("#count-all").Attr("href")
		if !ok {
			t.Fatal("no link to count them all")
		}
		if got := b.get(href).text(t, "#grid-total"); !strings.HasPrefix(got, "4 customers") {
			t.Fatalf("counted all: %q", got)
		}
	})
}
