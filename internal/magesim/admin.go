package magesim

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The admin pages are the few Magento backend pages the CRM links to:
// Create New Order for a customer (with a form that places an order),
// the customer edit page and the order view. They need no admin login;
// the optional /key/{hash}/ suffix of secret-key URLs is accepted and ignored.

const adminLayout = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} / Magento Admin</title></head>
<body class="adminhtml">
<header><a href="/admin/">Magento Admin</a> (magesim)</header>
{{with .Flash}}<div class="messages"><div class="message message-{{$.FlashKind}}">{{.}}</div></div>{{end}}
<h1 class="page-title">{{.Title}}</h1>
{{template "content" .}}
</body></html>`

// adminPages are the page templates, each one the layout plus its content.
var adminPages = map[string]*template.Template{}

func init() {
	pages := map[string]string{"order_create": `{{define "content"}}
{{with .Customer}}
<form method="post" action="/admin/sales/order_create/save/" id="edit_form">
<input type="hidden" name="form_key" value="magesim">
<input type="hidden" name="customer_id" value="{{.ID}}">
<section><h2>Account Information</h2>
<p>Group: {{$.Group}}</p><p>Email: <span class="email">{{.Email}}</span></p></section>
<section><h2>Items Ordered</h2>
<label>Product <select name="product">{{range $i, $p := $.Products}}<option value="{{$i}}">{{$p.Name}} ({{$p.SKU}})</option>{{end}}</select></label>
<label>Qty <input type="number" name="qty" value="1" min="1"></label></section>
<section><h2>Store</h2><select name="store_id">{{range $.Stores}}<option value="{{.ID}}"{{if eq .ID $.StoreID}} selected{{end}}>{{.Name}}</option>{{end}}</select></section>
<button type="submit" class="action-primary" id="submit_order_top_button">Submit Order</button>
</form>
{{else}}<p>Please select a customer.</p>{{end}}
{{end}}`,
		"customer_edit": `{{define "content"}}{{with .Customer}}
<section id="customer-view"><h2>Customer View</h2><h3>Personal Information</h3>
<dl><dt>Customer ID</dt><dd>{{.ID}}</dd><dt>Email</dt><dd>{{.Email}}</dd>
<dt>Account Created</dt><dd>{{$.CreatedAt}}</dd><dt>Account Created in</dt><dd>{{.CreatedIn}}</dd>
<dt>Customer Group</dt><dd>{{$.Group}}</dd><dt>Newsletter</dt><dd>{{if .Subscribed}}Subscribed{{else}}Not Subscribed{{end}}</dd></dl>
<h3>Addresses</h3>{{range .Addresses}}<address>{{.Firstname}} {{.Lastname}}<br>{{.Street}}<br>{{.Postcode}} {{.City}}<br>{{.CountryID}}</address>{{end}}
<a class="action-create-order" href="/admin/sales/order_create/start/customer_id/{{.ID}}/">Create Order</a></section>
{{end}}{{end}}`,
		"order_view": `{{define "content"}}{{with .Order}}
<section id="order-view"><dl><dt>Order Status</dt><dd class="order-status">{{$.Status}}</dd>
<dt>Order Date</dt><dd>{{$.CreatedAt}}</dd><dt>Customer</dt><dd><a href="/admin/customer/index/edit/id/{{.CustomerID}}/">{{$.CustomerName}}</a></dd>
<dt>Grand Total</dt><dd class="grand-total">{{$.GrandTotal}}</dd></dl></section>
{{end}}{{end}}`,
		"plain": `{{define "content"}}{{end}}`,
	}
	for name, content := range pages {
		adminPages[name] = template.Must(template.New("layout").Parse(adminLayout + content))
	}
}

type adminPage struct {
	Title, Flash, FlashKind string
	Customer                *Customer
	Order                   *Order
	Group, CreatedAt        string
	Status, CustomerName    string
	GrandTotal              string
	Products                []Product
	Stores                  []StoreView
	StoreID                 int
}

func (s *Sim) adminRoutes(mux *http.ServeMux) {
	page := func(pattern string, h http.HandlerFunc) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			routeOf(r).set("ADMIN " + pattern)
			h(w, r)
		})
	}
	for _, p := range []string{"/admin/sales/order_create/start/customer_id/{id}", "/admin/sales/order_create/start/customer_id/{id}/{rest...}"} {
		page("GET "+p, s.adminOrderCreate)
	}
	page("GET /admin/sales/order_create/index/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		s.renderAdmin(w, r, "order_create", adminPage{Title: "Create New Order"})
	})
	page("POST /admin/sales/order_create/save/{rest...}", s.adminOrderSave)
	for _, p := range []string{"/admin/customer/index/edit/id/{id}", "/admin/customer/index/edit/id/{id}/{rest...}"} {
		page("GET "+p, s.adminCustomerEdit)
	}
	for _, p := range []string{"/admin/sales/order/view/order_id/{id}", "/admin/sales/order/view/order_id/{id}/{rest...}"} {
		page("GET "+p, s.adminOrderView)
	}
	page("GET /admin/customer/index/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		s.renderAdmin(w, r, "plain", adminPage{Title: "Customers"})
	})
	page("GET /admin/sales/order/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		s.renderAdmin(w, r, "plain", adminPage{Title: "Orders"})
	})
	page("GET /admin/{$}", func(w http.ResponseWriter, r *http.Request) {
		s.renderAdmin(w, r, "plain", adminPage{Title: "Dashboard"})
	})
}

// renderAdmin writes a page, taking the flash message left by a redirect.
func (s *Sim) renderAdmin(w http.ResponseWriter, r *http.Request, name string, p adminPage) {
	if c, err := r.Cookie("magesim_flash"); err == nil {
		kind, msg, _ := strings.Cut(c.Value, ":")
		p.FlashKind = kind
		p.Flash, _ = url.QueryUnescape(msg)
		http.SetCookie(w, &http.Cookie{Name: "magesim_flash", Path: "/admin/", MaxAge: -1})
	}
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	if err := adminPages[name].Execute(w, p); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// redirectWithFlash is Magento's "add a message, redirect" pattern.
func redirectWithFlash(w http.ResponseWriter, r *http.Request, to, kind, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "magesim_flash", Path: "/admin/", Value: kind + ":" + url.QueryEscape(msg)})
	http.Redirect(w, r, to, http.StatusFound)
}

func (s *Sim) adminOrderCreate(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	c, ok := s.Customer(id)
	if !ok {
		// Magento keeps the unknown id out of the session and shows the
		// order-create page without a customer.
		http.Redirect(w, r, "/admin/sales/order_create/index/", http.StatusFound)
		return
	}
	g, _ := findGroup(c.GroupID)
	sv, _ := findStoreView(c.StoreID)
	var stores []StoreView
	for _, v := range storeViews {
		if v.WebsiteID == c.WebsiteID {
			stores = append(stores, v)
		}
	}
	s.renderAdmin(w, r, "order_create", adminPage{
		Title:    "Create New Order for " + c.Firstname + " " + c.Lastname + " in " + sv.Name,
		Customer: &c, Group: g.Code, Products: catalog, Stores: stores, StoreID: c.StoreID,
	})
}

func (s *Sim) adminOrderSave(w http.ResponseWriter, r *http.Request) {
	customerID, _ := strconv.Atoi(r.FormValue("customer_id"))
	product, _ := strconv.Atoi(r.FormValue("product"))
	qty, _ := strconv.Atoi(r.FormValue("qty"))
	storeID, _ := strconv.Atoi(r.FormValue("store_id"))
	o, err := s.Store().PlaceOrder(customerID, storeID, []OrderLine{{Product: product, Qty: qty}})
	if err != nil {
		redirectWithFlash(w, r, "/admin/sales/order_create/index/", "error", "Order saving error: "+err.Error())
		return
	}
	redirectWithFlash(w, r, "/admin/sales/order/view/order_id/"+strconv.Itoa(int(o.ID))+"/", "success", "You created the order.")
}

func (s *Sim) adminCustomerEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	c, ok := s.Customer(id)
	if !ok {
		redirectWithFlash(w, r, "/admin/customer/index/", "error", "Something went wrong while editing the customer.")
		return
	}
	g, _ := findGroup(c.GroupID)
	s.renderAdmin(w, r, "customer_edit", adminPage{Title: c.Firstname + " " + c.Lastname, Customer: &c,
		Group: g.Code, CreatedAt: formatTime(c.CreatedAt)})
}

func (s *Sim) adminOrderView(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	st := s.Store()
	o, ok := st.Order(id)
	if !ok {
		redirectWithFlash(w, r, "/admin/sales/order/", "error", "This order no longer exists.")
		return
	}
	_, first, last, _ := st.orderContact(&o)
	_, _, grand := o.totals()
	sv, _ := findStoreView(int(o.StoreID))
	s.renderAdmin(w, r, "order_view", adminPage{Title: "# " + o.incrementID(), Order: &o,
		Status: orderStatuses[o.Status].Status, CreatedAt: formatTime(o.CreatedAt),
		CustomerName: first + " " + last, GrandTotal: sv.Currency + " " + formatCents(grand)})
}
