package connector

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"magecrm/internal/magento"
	"magecrm/internal/magento1"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// Magento1Source reads a Magento 1 / OpenMage store through its SOAP v2
// API. Its lists have no paging: the magento1 client reads them in bounded
// windows. Addresses come one customerAddressList call per customer, as
// many at once as the channel's setting allows and the store's answer
// times bear (addressPace); Magento 1's API has no gender and no
// newsletter state, so those stay unknown.
type Magento1Source struct {
	c         *magento1.Client
	websiteID int
	start     time.Time
	now       func() time.Time
	pace      *addressPace
}

// NewMagento1Source reads channel ch's store through c.
func NewMagento1Source(c *magento1.Client, ch *model.Channel) *Magento1Source {
	limit := ch.AddressCalls
	if limit <= 0 {
		limit = model.DefaultAddressCalls
	}
	s := &Magento1Source{c: c, start: ch.SyncStartDate, now: time.Now, pace: newAddressPace(limit)}
	if ch.WebsiteID != model.AllWebsites && ch.WebsiteID > 0 {
		s.websiteID = int(ch.WebsiteID)
	}
	return s
}

func (s *Magento1Source) where() magento1.Filters {
	var f magento1.Filters
	if s.websiteID > 0 {
		f.Equal = []magento1.Condition{{Field: "website_id", Value: strconv.Itoa(s.websiteID)}}
	}
	return f
}

// Dictionaries reads store views and customer groups. Magento 1's SOAP v2
// API does not list websites and store groups: they are taken from the
// store views' ids and named after them.
func (s *Magento1Source) Dictionaries(ctx context.Context) (store.Dictionaries, error) {
	var d store.Dictionaries
	views, err := s.c.StoreViews(ctx)
	if err != nil {
		return d, err
	}
	websites, groups := map[int]bool{}, map[int]bool{}
	for _, v := range views {
		if !websites[v.WebsiteID] {
			websites[v.WebsiteID] = true
			d.Websites = append(d.Websites, store.MagentoWebsite{OriginID: int64(v.WebsiteID), Code: "website_" + strconv.Itoa(v.WebsiteID), Name: "Website " + strconv.Itoa(v.WebsiteID)})
		}
		if !groups[v.GroupID] {
			groups[v.GroupID] = true
			d.StoreGroups = append(d.StoreGroups, store.MagentoStoreGroup{OriginID: int64(v.GroupID), WebsiteOriginID: int64(v.WebsiteID),
				Code: "store_" + strconv.Itoa(v.GroupID), Name: "Store " + strconv.Itoa(v.GroupID)})
		}
		d.Stores = append(d.Stores, store.MagentoStore{OriginID: int64(v.ID), WebsiteOriginID: int64(v.WebsiteID),
			GroupOriginID: int64(v.GroupID), Code: v.Code, Name: v.Name, Active: v.Active})
	}
	cgroups, err := s.c.CustomerGroups(ctx)
	if err != nil {
		return d, err
	}
	for _, g := range cgroups {
		d.CustomerGroups = append(d.CustomerGroups, store.MagentoCustomerGroup{OriginID: int64(g.ID), Code: g.Code})
	}
	return d, nil
}

// CountCreated is 0 (unknown): Magento 1 cannot count customers without
// reading them all.
func (s *Magento1Source) CountCreated(context.Context, time.Time, time.Time) (int, error) {
	return 0, nil
}

// CreatedCustomers reads created_at windows; until is exclusive.
func (s *Magento1Source) CreatedCustomers(pos magento.Mark, until time.Time, pageSize int) CustomerPager {
	p := s.c.CreatedCustomers(s.where(), magento1.Mark{At: pos.UpdatedAt, ID: pos.ID}, until.Add(-time.Second), pageSize)
	return &m1CustomerPager{s: s, p: p}
}

// ChangedCustomers reads updated_at windows up to a little past now,
// limited to customers created since the sync start date.
func (s *Magento1Source) ChangedCustomers(pos magento.Mark, pageSize int) CustomerPager {
	where := s.where()
	if !s.start.IsZero() {
		where.Conditions = append(where.Conditions, magento1.Condition{Field: "created_at", Op: "from", Value: magento1.FormatTime(s.start)})
	}
	p := s.c.ChangedCustomers(where, magento1.Mark{At: pos.UpdatedAt, ID: pos.ID}, s.now().Add(10*time.Minute), pageSize)
	return &m1CustomerPager{s: s, p: p}
}

// AllCustomers reads customer_id windows.
func (s *Magento1Source) AllCustomers(afterID, pageSize int) WindowPager {
	return &m1WindowPager{s: s, w: s.c.CustomerWindows(s.where(), afterID, pageSize)}
}

// ChangedOrders reads updated_at windows of the orders, limited to the
// channel's website's store views.
func (s *Magento1Source) ChangedOrders(pos magento.Mark, pageSize int) OrderPager {
	return &m1OrderPager{s: s, pos: pos, size: pageSize}
}

type m1CustomerPager struct {
	s *Magento1Source
	p *magento1.TimePager[magento1.Customer]
}

func (p *m1CustomerPager) Next(ctx context.Context) (*CustomerPage, error) {
	page, err := p.p.Next(ctx)
	if err != nil {
		return nil, err
	}
	customers, problems, err := p.s.withAddresses(ctx, page.Items)
	if err != nil {
		return nil, err
	}
	return &CustomerPage{Customers: customers, Problems: append(m1Problems(page.Problems), problems...),
		Next: magento.Mark{UpdatedAt: page.Next.At, ID: page.Next.ID}}, nil
}

type m1WindowPager struct {
	s *Magento1Source
	w *magento1.IDWindows
}

func (p *m1WindowPager) Next(ctx context.Context) (*Window, error) {
	w, err := p.w.Next(ctx)
	if err != nil {
		return nil, err
	}
	customers, problems, err := p.s.withAddresses(ctx, w.Customers)
	if err != nil {
		return nil, err
	}
	through := w.Through
	if through == math.MaxInt32 {
		through = math.MaxInt
	}
	return &Window{After: w.After, Through: through, Customers: customers, Problems: append(m1Problems(w.Problems), problems...)}, nil
}

type m1OrderPager struct {
	s    *Magento1Source
	pos  magento.Mark
	size int
	p    *magento1.TimePager[magento1.Order]
}

func (p *m1OrderPager) Next(ctx context.Context) (*OrderPage, error) {
	if p.p == nil {
		where, err := p.s.orderScope(ctx)
		if err != nil {
			return nil, err
		}
		p.p = p.s.c.ChangedOrders(where, magento1.Mark{At: p.pos.UpdatedAt, ID: p.pos.ID}, p.s.now().Add(10*time.Minute), p.size)
	}
	page, err := p.p.Next(ctx)
	if err != nil {
		return nil, err
	}
	out := &OrderPage{Problems: m1Problems(page.Problems), Next: magento.Mark{UpdatedAt: page.Next.At, ID: page.Next.ID}}
	for _, o := range page.Items {
		out.Orders = append(out.Orders, magento.Order{ID: o.ID, IncrementID: o.IncrementID, CreatedAt: o.CreatedAt,
			UpdatedAt: o.UpdatedAt, Status: o.Status, State: o.State, GrandTotal: o.GrandTotal, BaseGrandTotal: o.BaseGrandTotal,
			OrderCurrencyCode: o.OrderCurrencyCode, CustomerID: o.CustomerID, CustomerEmail: o.CustomerEmail,
			CustomerIsGuest: o.CustomerIsGuest, StoreID: o.StoreID})
	}
	return out, nil
}

func (s *Magento1Source) orderScope(ctx context.Context) (magento1.Filters, error) {
	var f magento1.Filters
	if s.websiteID == 0 {
		return f, nil
	}
	views, err := s.c.StoreViews(ctx)
	if err != nil {
		return f, err
	}
	ids := []string{"-1"}
	for _, v := range views {
		if v.WebsiteID == s.websiteID {
			ids = append(ids, strconv.Itoa(v.ID))
		}
	}
	f.Conditions = []magento1.Condition{{Field: "store_id", Op: "in", Value: strings.Join(ids, ",")}}
	return f, nil
}

func m1Problems(ps []magento1.RecordProblem) []magento.RecordProblem {
	out := make([]magento.RecordProblem, len(ps))
	for i, p := range ps {
		out[i] = magento.RecordProblem{ID: p.ID, Index: p.Index, Reason: p.Reason}
	}
	return out
}

// withAddresses reads each customer's addresses and converts it. A customer
// deleted meanwhile is left out (the next reconciliation marks it); one
// whose addresses cannot be read is a problem, never silently dropped.
func (s *Magento1Source) withAddresses(ctx context.Context, list []magento1.Customer) ([]magento.Customer, []magento.RecordProblem, error) {
	out := make([]magento.Customer, len(list))
	errs := make([]error, len(list))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(s.pace.limit, len(list)) {
		wg.Go(func() {
			for i := range next {
				s.pace.acquire()
				start := time.Now()
				addrs, err := s.c.Addresses(ctx, list[i].ID)
				s.pace.release(time.Since(start))
				out[i], errs[i] = convertM1Customer(list[i], addrs), err
			}
		})
	}
	for i := range list {
		next <- i
	}
	close(next)
	wg.Wait()
	var kept []magento.Customer
	var problems []magento.RecordProblem
	for i, err := range errs {
		switch {
		case err == nil:
			kept = append(kept, out[i])
		case magento1.IsNotFound(err):
		case ctx.Err() != nil:
			return nil, nil, ctx.Err()
		case isRecordError(err):
			problems = append(problems, magento.RecordProblem{ID: list[i].ID, Index: i, Reason: err.Error()})
		default:
			return nil, nil, fmt.Errorf("addresses of customer %d: %w", list[i].ID, err)
		}
	}
	return kept, problems, nil
}

// isRecordError is an address list Magento answered but that cannot be
// read: a problem of the record, not of the connection.
func isRecordError(err error) bool {
	var bad *magento1.BadAnswerError
	return errors.As(err, &bad) && bad.Status == 200
}

func convertM1Customer(c magento1.Customer, addrs []magento1.Address) magento.Customer {
	out := magento.Customer{ID: c.ID, WebsiteID: c.WebsiteID, StoreID: c.StoreID, GroupID: c.GroupID, Email: c.Email,
		Prefix: c.Prefix, Firstname: c.Firstname, Middlename: c.Middlename, Lastname: c.Lastname, Suffix: c.Suffix,
		Taxvat: c.Taxvat, CreatedIn: c.CreatedIn, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if c.DOB != "" {
		out.DOB, _ = magento.ParseDate(c.DOB) // checked by the magento1 client
	}
	if c.AwaitingConfirmation {
		out.Confirmation = "1"
	}
	for _, a := range addrs {
		ma := magento.Address{ID: a.ID, CustomerID: c.ID, RegionID: a.RegionID, CountryID: a.CountryID, Street: a.Street,
			Company: a.Company, Telephone: a.Telephone, Fax: a.Fax, Postcode: a.Postcode, City: a.City, Firstname: a.Firstname,
			Lastname: a.Lastname, Middlename: a.Middlename, Prefix: a.Prefix, Suffix: a.Suffix,
			Region: magento.Region{Region: a.Region, RegionID: a.RegionID}, DefaultBilling: a.DefaultBilling, DefaultShipping: a.DefaultShipping}
		if a.DefaultBilling {
			out.DefaultBilling = strconv.Itoa(a.ID)
		}
		if a.DefaultShipping {
			out.DefaultShipping = strconv.Itoa(a.ID)
		}
		out.Addresses = append(out.Addresses, ma)
	}
	return out
}
