package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
)

// customerListInput is the grid's filters and sorts, by the grid's names,
// with a cursor instead of a page number.
type customerListInput struct {
	Channel     int64   `query:"channel" doc:"Channel id"`
	Website     int64   `query:"website" doc:"Website id"`
	Store       int64   `query:"store" doc:"Store view id"`
	Group       []int64 `query:"group,explode" doc:"Customer group ids; repeat for several"`
	FirstName   string  `query:"first_name" doc:"First name starts with, ignoring case"`
	LastName    string  `query:"last_name" doc:"Last name starts with, ignoring case"`
	Email       string  `query:"email" doc:"Email starts with (or contains, see email_match), ignoring case"`
	EmailMatch  string  `query:"email_match" enum:"starts,contains" default:"starts"`
	Country     string  `query:"country" doc:"ISO code of the default billing country"`
	Region      string  `query:"region" doc:"Billing region name or code, ignoring case"`
	LifetimeMin string  `query:"lifetime_min" doc:"Lifetime value at least, like 100 or 99.50"`
	LifetimeMax string  `query:"lifetime_max" doc:"Lifetime value at most"`
	CreatedFrom string  `query:"created_from" doc:"Created on or after this day, YYYY-MM-DD (UTC)"`
	CreatedTo   string  `query:"created_to" doc:"Created on or before this day, YYYY-MM-DD (UTC)"`
	UpdatedFrom string  `query:"updated_from" doc:"Changed on or after this day, YYYY-MM-DD (UTC)"`
	UpdatedTo   string  `query:"updated_to" doc:"Changed on or before this day, YYYY-MM-DD (UTC)"`
	Newsletter  string  `query:"newsletter" enum:"yes,no,unknown"`
	Sync        string  `query:"sync" enum:"in_sync,pending,conflict,removed"`
	Owner       int64   `query:"owner" doc:"Owner's user id"`
	Sort        string  `query:"sort" default:"id" doc:"One of: id, name, channel, website, store, first_name, last_name, email, group, lifetime, country, region, newsletter, sync, owner, created_at, updated_at. Sorting by id returns each customer at most once however records change during the walk; other sorts follow values an edit may move."`
	Dir         string  `query:"dir" enum:"asc,desc" default:"asc"`
	Limit       int     `query:"limit" minimum:"1" maximum:"500" default:"100"`
	Cursor      string  `query:"cursor" doc:"The next page's position, from the previous page's next link"`
	Total       bool    `query:"total" doc:"Also count every customer the filters select (costs a query)"`
	Fields      string  `query:"fields" doc:"Comma-separated members to return, e.g. id,email,updated_at; all when absent"`
}

// CustomerPage is one page of a customer listing.
type CustomerPage struct {
	Items []sparseCustomer `json:"items"`
	Next  string           `json:"next,omitempty" doc:"The next page's URL; absent on the last page"`
	Total *int             `json:"total,omitempty" doc:"How many customers the filters select; only with total=true"`
}

type customerListOutput struct {
	Link string `header:"Link" doc:"The next page, rel=\"next\""`
	Body CustomerPage
}

// cursor is what an opaque cursor holds: the sort it was made in and the
// position of the last row read.
type cursor struct {
	Sort string          `json:"s"`
	Desc bool            `json:"d"`
	Key  crm.CustomerKey `json:"k"`
}

func (s *Server) listCustomers(ctx context.Context, in *customerListInput) (*customerListOutput, error) {
	q, fields, after, err := in.query()
	if err != nil {
		return nil, err
	}
	rows, next, total, err := s.CRM.CustomersAfter(ctx, sessionOf(ctx), q, after, in.Total)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &customerListOutput{Body: CustomerPage{Items: make([]sparseCustomer, len(rows))}}
	for i := range rows {
		out.Body.Items[i] = sparseCustomer{c: customerOut(&rows[i]), fields: fields}
	}
	if in.Total {
		out.Body.Total = &total
	}
	if next != nil {
		b, _ := json.Marshal(cursor{Sort: q.Sort, Desc: q.Desc, Key: next})
		out.Body.Next = in.nextURL(base64.RawURLEncoding.EncodeToString(b))
		out.Link = "<" + out.Body.Next + `>; rel="next"`
	}
	return out, nil
}

// query turns the input into the service's query; what does not read
// answers 422 with the grid's messages.
func (in *customerListInput) query() (crm.CustomerQuery, map[string]bool, crm.CustomerKey, error) {
	var errs []error
	bad := func(param, msg string) {
		errs = append(errs, &huma.ErrorDetail{Location: "query." + param, Message: msg})
	}
	q := crm.CustomerQuery{ChannelID: in.Channel, WebsiteID: in.Website, StoreID: in.Store, GroupIDs: in.Group,
		FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, EmailMatch: in.EmailMatch,
		Country: strings.ToUpper(in.Country), Region: in.Region, Newsletter: in.Newsletter, SyncState: in.Sync,
		OwnerID: in.Owner, Sort: in.Sort, Desc: in.Dir == "desc", Limit: in.Limit}
	if _, ok := crm.CustomerSorts[q.Sort]; !ok {
		bad("sort", "Choose a sort from the list in the description.")
	}
	text := in.texts()
	for _, a := range []struct {
		param string
		to    **float64
	}{{"lifetime_min", &q.LifetimeMin}, {"lifetime_max", &q.LifetimeMax}} {
		if v := text[a.param]; v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				bad(a.param, "Enter an amount like 100 or 99.50.")
			} else {
				*a.to = &f
			}
		}
	}
	for _, d := range []struct {
		param string
		plus  int
		to    *time.Time
	}{{"created_from", 0, &q.CreatedFrom}, {"created_to", 1, &q.CreatedTo}, {"updated_from", 0, &q.UpdatedFrom}, {"updated_to", 1, &q.UpdatedTo}} {
		if v := text[d.param]; v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				bad(d.param, "Enter a date like 2024-03-31.")
			} else {
				*d.to = t.AddDate(0, 0, d.plus)
			}
		}
	}
	fields, msg := sparseFields(in.Fields)
	if msg != "" {
		bad("fields", msg)
	}
	after, msg := readCursor(in.Cursor, q.Sort, q.Desc)
	if msg != "" {
		bad("cursor", msg)
	}
	if len(errs) > 0 {
		return q, nil, nil, huma.Error422UnprocessableEntity("Some parameters could not be read: see errors.", errs...)
	}
	return q, fields, after, nil
}

// sparseFields reads fields=: the members to answer (nil for all), or
// what is wrong with it.
func sparseFields(list string) (map[string]bool, string) {
	if list == "" {
		return nil, ""
	}
	fields := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if !customerFieldNames[f] {
			return nil, "There is no member " + strconv.Quote(f) + "; use the names of the Customer schema."
		}
		fields[f] = true
	}
	return fields, ""
}

// readCursor reads a cursor made for q's sort, or says what is wrong.
func readCursor(s, sort string, desc bool) (crm.CustomerKey, string) {
	if s == "" {
		return nil, ""
	}
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	switch {
	case err != nil:
		return nil, "The cursor is damaged. Use the next link exactly as a page gave it."
	case c.Sort != sort || c.Desc != desc:
		return nil, "The cursor belongs to another sort. Keep the sort and dir it was made with, or start again without a cursor."
	}
	return c.Key, ""
}

// texts returns the text parameters by name.
func (in *customerListInput) texts() map[string]string {
	return map[string]string{"first_name": in.FirstName, "last_name": in.LastName, "email": in.Email,
		"email_match": in.EmailMatch, "country": in.Country, "region": in.Region, "lifetime_min": in.LifetimeMin,
		"lifetime_max": in.LifetimeMax, "created_from": in.CreatedFrom, "created_to": in.CreatedTo,
		"updated_from": in.UpdatedFrom, "updated_to": in.UpdatedTo, "newsletter": in.Newsletter, "sync": in.Sync,
		"sort": in.Sort, "dir": in.Dir, "fields": in.Fields}
}

// nextURL is this listing's URL with the cursor of the next page.
func (in *customerListInput) nextURL(cur string) string {
	v := url.Values{}
	add := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	add("channel", id(in.Channel))
	add("website", id(in.Website))
	add("store", id(in.Store))
	for _, g := range in.Group {
		v.Add("group", strconv.FormatInt(g, 10))
	}
	add("owner", id(in.Owner))
	for k, val := range in.texts() {
		add(k, val)
	}
	v.Set("limit", strconv.Itoa(in.Limit))
	if in.Total {
		v.Set("total", "true")
	}
	v.Set("cursor", cur)
	return Prefix + "/customers?" + v.Encode()
}
