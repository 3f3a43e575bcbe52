package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// customerColumn is one column the customers grid can show.
type customerColumn struct {
	Key, Label string
	Sort       string // the store sort key; "" when the column does not sort
	Default    bool   // shown until the person chooses
}

// customerColumns lists the grid's columns in order. The default ones fit
// a 1,400 px window; the widths are in app.css (col.c-<key>).
var customerColumns = []customerColumn{
	{"channel", "Channel", "channel", false},
	{"website", "Website", "website", false},
	{"store", "Store", "store", false},
	{"first_name", "First name", "first_name", true},
	{"last_name", "Last name", "last_name", true},
	{"email", "Email", "email", true},
	{"group", "Customer group", "group", false},
	{"lifetime", "Lifetime value", "lifetime", true},
	{"country", "Billing country", "country", true},
	{"region", "Billing region", "region", false},
	{"newsletter", "Newsletter", "newsletter", false},
	{"sync", "Sync state", "sync", true},
	{"owner", "Owner", "owner", true},
	{"created_at", "Created", "created_at", true},
	{"updated_at", "Updated", "updated_at", true},
	{"imported_at", "Imported", "", false},
	{"synced_at", "Synced", "", false},
	{"last_activity", "Last activity", "", false},
	{"open_tasks", "Open tasks", "", false},
}

// customerColumnsPreference names the user preference holding the chosen columns.
const customerColumnsPreference = "customers.columns"

// pageSizes are the page sizes the grid offers.
var pageSizes = []int{25, 50, 100, 200}

// defaultCustomerSort is the grid's order until the person chooses: by
// last name, then first name, shown on the Last name column.
const defaultCustomerSort = "last_name"

// gridFilterKeys are the URL parameters that filter the grid.
var gridFilterKeys = []string{"channel", "website", "store", "group", "first_name", "last_name", "email", "email_match",
	"country", "region", "lifetime_min", "lifetime_max", "created_from", "created_to", "updated_from", "updated_to",
	"newsletter", "sync", "owner"}

// customerGrid is the whole state of the grid, read from and written to
// the URL so that links can be shared and Back works.
type customerGrid struct {
	values url.Values // the query as given, without empty values
	Sort   string
	Desc   bool
	Page   int
	Size   int
	// CountAll asks for the exact number of matches however many there
	// are (count=all); the grid counts up to its limit otherwise.
	CountAll bool
	Errors   map[string]string // filters that could not be read
}

func parseCustomerGrid(q url.Values) *customerGrid {
	g := &customerGrid{values: url.Values{}, Errors: map[string]string{}}
	for k, vs := range q {
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				g.values.Add(k, v)
			}
		}
	}
	g.Sort = g.values.Get("sort")
	if _, ok := crm.CustomerSorts[g.Sort]; !ok {
		g.Sort = defaultCustomerSort
	}
	g.Desc = g.values.Get("dir") == "desc"
	g.CountAll = g.values.Get("count") == "all"
	g.Page, _ = strconv.Atoi(g.values.Get("page"))
	g.Page = max(g.Page, 1)
	g.Size, _ = strconv.Atoi(g.values.Get("size"))
	if !slices.Contains(pageSizes, g.Size) {
		g.Size = pageSizes[0]
	}
	return g
}

// Query turns the state into the store's query; filters that do not parse
// are left out and reported in Errors.
func (g *customerGrid) Query() crm.CustomerQuery {
	v := g.values
	q := crm.CustomerQuery{
		FirstName: g.text("first_name"), LastName: g.text("last_name"), Email: g.text("email"),
		EmailMatch: v.Get("email_match"), Country: strings.ToUpper(v.Get("country")), Region: g.text("region"),
		Newsletter: v.Get("newsletter"), SyncState: v.Get("sync"),
		Sort: g.Sort, Desc: g.Desc, Offset: (g.Page - 1) * g.Size, Limit: g.Size,
	}
	q.ChannelID = g.id("channel")
	q.WebsiteID = g.id("website")
	q.StoreID = g.id("store")
	q.OwnerID = g.id("owner")
	for _, s := range v["id"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			q.IDs = append(q.IDs, id)
		}
	}
	for _, s := range v["group"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			q.GroupIDs = append(q.GroupIDs, id)
		}
	}
	q.LifetimeMin, q.LifetimeMax = g.amount("lifetime_min"), g.amount("lifetime_max")
	q.CreatedFrom, q.CreatedTo = g.day("created_from", 0), g.day("created_to", 1)
	q.UpdatedFrom, q.UpdatedTo = g.day("updated_from", 0), g.day("updated_to", 1)
	return q
}

// text reads a text filter; one too long to search with is left out and
// reported.
func (g *customerGrid) text(key string) string {
	s := g.values.Get(key)
	if utf8.RuneCountInString(s) > crm.MaxFilterLength {
		g.Errors[key] = crm.FilterTooLong
		g.values.Del(key) // never shown again
		return ""
	}
	return s
}

func (g *customerGrid) id(key string) int64 {
	id, _ := strconv.ParseInt(g.values.Get(key), 10, 64)
	return id
}

func (g *customerGrid) amount(key string) *float64 {
	s := g.values.Get(key)
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		g.Errors[key] = "Enter an amount like 100 or 99.50."
		return nil
	}
	return &f
}

// day reads a date; plusDays 1 turns an inclusive "to" day into the
// exclusive start of the next day.
func (g *customerGrid) day(key string, plusDays int) time.Time {
	s := g.values.Get(key)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		g.Errors[key] = "Enter a date like 2024-03-31."
		return time.Time{}
	}
	return t.AddDate(0, 0, plusDays)
}

// Values is the state as form values, for the filter form.
func (g *customerGrid) Values() url.Values { return g.values }

// Filtered reports whether any filter is set.
func (g *customerGrid) Filtered() bool {
	for _, k := range gridFilterKeys {
		if g.values.Get(k) != "" {
			return true
		}
	}
	return false
}

// url returns /customers with the state changed by set (an empty value
// removes the key).
func (g *customerGrid) url(set map[string]string) string {
	v := url.Values{}
	for k, vs := range g.values {
		v[k] = append([]string(nil), vs...)
	}
	for k, s := range set {
		if s == "" {
			v.Del(k)
		} else {
			v.Set(k, s)
		}
	}
	if v.Get("page") == "1" {
		v.Del("page")
	}
	if len(v) == 0 {
		return "/customers"
	}
	return "/customers?" + v.Encode()
}

// SortURL sorts by a column: ascending first, descending when it already
// sorts ascending by it.
func (g *customerGrid) SortURL(key string) string {
	dir := ""
	if g.Sort == key && !g.Desc {
		dir = "desc"
	}
	return g.url(map[string]string{"sort": key, "dir": dir, "page": ""})
}

// SortMark is the arrow shown beside the column the grid sorts by.
func (g *customerGrid) SortMark(key string) string {
	switch {
	case g.Sort != key:
		return ""
	case g.Desc:
		return "descending"
	}
	return "ascending"
}

// PageURL goes to page n.
func (g *customerGrid) PageURL(n int) string {
	return g.url(map[string]string{"page": strconv.Itoa(n)})
}

// CountAllURL is the grid with every match counted.
func (g *customerGrid) CountAllURL() string {
	return g.url(map[string]string{"count": "all"})
}

// ExportURL exports what the grid selects as CSV.
func (g *customerGrid) ExportURL() string {
	return strings.Replace(g.url(map[string]string{"page": "", "size": "", "count": ""}), "/customers", "/customers/export.csv", 1)
}

// Here is the grid's own URL, to come back to after an action.
func (g *customerGrid) Here() string { return g.url(nil) }

// pageCount is how many pages total rows fill.
func (g *customerGrid) pageCount(total int) int {
	return max((total+g.Size-1)/g.Size, 1)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// Lifetime is the lifetime value with its currency.
func (r customerRow) Lifetime() string { return money(r.LifetimeValue, r.Currency) }

// CountryName is the billing country's name.
func (r customerRow) CountryName() string { return model.CountryName(r.BillingCountry) }

func money(v float64, currency string) string {
	return strings.TrimSpace(strconv.FormatFloat(v, 'f', 2, 64) + " " + currency)
}

// IsSubscribed reports whether the customer is known to be subscribed.
func (r customerRow) IsSubscribed() bool { return r.Subscribed != nil && *r.Subscribed }
