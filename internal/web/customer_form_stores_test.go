package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// storeOptions lists the store views a customer form offers, by name.
func storeOptions(t *testing.T, p page) []string {
	t.Helper()
	var out []string
	p.dom(t).Find("#store option[value]:not([value=''])").Each(func(_ int, o *goquery.Selection) {
		if _, hidden := o.Attr("hidden"); !hidden {
			out = append(out, o.Text())
		}
	})
	return out
}

// TestCustomerFormOffersTheStoresMagentoTakes: the create form offers the
// store views of the websites the channel syncs (not Admin); an imported
// customer's edit form only those of its own website, as Magento keeps a
// customer in the website it was created in; a store posted against these
// rules is refused with a message saying why; the group list offers the
// channel's groups but NOT LOGGED IN.
func TestCustomerFormOffersTheStoresMagentoTakes(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		s := newCustomerShop(t, d)
		var website2, store2 int64
		if err := d.QueryRow("INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, 2, 'second', 'Second Website') RETURNING id",
			s.twoWay).Scan(&website2); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(`INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 3, $2, 'second', 'Second Store')
			RETURNING id`, s.twoWay, website2).Scan(&store2); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, 0, NULL, 'admin', 'Admin')",
			"INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, 0, 'NOT LOGGED IN')"} {
			if _, err := d.Exec(q, s.twoWay); err != nil {
				t.Fatal(err)
			}
		}
		admin := s.admin()
		newPath := fmt.Sprintf("/customers/new?channel=%d", s.twoWay)
		if got := strings.Join(storeOptions(t, admin.get(newPath)), ", "); got != "Default Store View, French, Second Store" {
			t.Errorf("the create form offers %s", got)
		}
		if strings.Contains(admin.get(newPath).dom(t).Find("#group").Text(), "NOT LOGGED IN") {
			t.Error("the create form offers the NOT LOGGED IN group")
		}
		editPath := fmt.Sprintf("/customers/%d", s.repCustomer)
		edit := admin.get(editPath + "/edit")
		if got := strings.Join(storeOptions(t, edit), ", "); got != "Default Store View, French" {
			t.Errorf("the edit form of a customer of Main Website offers %s", got)
		}
		form := editForm(edit)
		form.Set("store", idString(store2))
		p := admin.post(editPath, form)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Choose a store view of Main Website") {
			t.Errorf("moving the customer to another website: status %d, %q", p.status, summary(p.body))
		}

		if _, err := d.Exec("UPDATE channels SET website_id = 1 WHERE id = $1", s.twoWay); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(storeOptions(t, admin.get(newPath)), ", "); got != "Default Store View, French" {
			t.Errorf("with the channel syncing Main Website only, the create form offers %s", got)
		}
		create := s.validCustomerForm()
		create.Set("store", idString(store2))
		p = admin.post("/customers", create)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Choose a store view of the website the channel syncs") {
			t.Errorf("creating a customer in a website the channel does not sync: status %d, %q", p.status, summary(p.body))
		}
	})
}

// editForm is the customer form of p as a browser would post it unchanged.
func editForm(p page) url.Values { return formValues(p, "#customer-form") }

// formValues is the form sel selects in p as a browser would post it
// unchanged (without a submit button's value).
func formValues(p page, sel string) url.Values {
	form := url.Values{}
	doc := parse(p.body).Find(sel)
	doc.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		typ, _ := in.Attr("type")
		if _, checked := in.Attr("checked"); (typ == "checkbox" || typ == "radio") && !checked {
			return
		}
		name, _ := in.Attr("name")
		v, _ := in.Attr("value")
		form.Add(name, v)
	})
	doc.Find("select[name]").Each(func(_ int, sel *goquery.Selection) {
		name, _ := sel.Attr("name")
		sel.Find("option[selected]").Each(func(_ int, o *goquery.Selection) {
			v, _ := o.Attr("value")
			form.Add(name, v)
		})
	})
	doc.Find("textarea[name]").Each(func(_ int, ta *goquery.Selection) {
		name, _ := ta.Attr("name")
		form.Set(name, ta.Text())
	})
	return form
}
