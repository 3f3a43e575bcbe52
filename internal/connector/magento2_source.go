package connector

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/magento"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// Magento2Source reads a Magento 2 installation through its REST API.
type Magento2Source struct {
	c         *magento.Client
	websiteID int       // 0: every website
	start     time.Time // the channel's sync start date
}

// NewMagento2Source reads channel ch's Magento through c.
func NewMagento2Source(c *magento.Client, ch *model.Channel) *Magento2Source {
	s := &Magento2Source{c: c, start: ch.SyncStartDate}
	if ch.WebsiteID != model.AllWebsites && ch.WebsiteID > 0 {
		s.websiteID = int(ch.WebsiteID)
	}
	return s
}

// where is the search every customer read starts from: the channel's website.
func (s *Magento2Source) where() magento.SearchCriteria {
	sc := magento.NewSearch()
	if s.websiteID > 0 {
		sc = sc.Where(magento.F("website_id", magento.Eq, strconv.Itoa(s.websiteID)))
	}
	return sc
}

// Dictionaries reads the four dictionaries, one request each.
func (s *Magento2Source) Dictionaries(ctx context.Context) (store.Dictionaries, error) {
	var d store.Dictionaries
	websites, err := s.c.Websites(ctx)
	if err != nil {
		return d, err
	}
	for _, w := range websites {
		d.Websites = append(d.Websites, store.MagentoWebsite{OriginID: int64(w.ID), Code: w.Code, Name: w.Name})
	}
	groups, err := s.c.StoreGroups(ctx)
	if err != nil {
		return d, err
	}
	for _, g := range groups {
		d.StoreGroups = append(d.StoreGroups, store.MagentoStoreGroup{OriginID: int64(g.ID), WebsiteOriginID: int64(g.WebsiteID), Code: g.Code, Name: g.Name})
	}
	views, err := s.c.StoreViews(ctx)
	if err != nil {
		return d, err
	}
	for _, v := range views {
		d.Stores = append(d.Stores, store.MagentoStore{OriginID: int64(v.ID), WebsiteOriginID: int64(v.WebsiteID),
			GroupOriginID: int64(v.StoreGroupID), Code: v.Code, Name: v.Name, Active: v.IsActive != 0})
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

// CountCreated asks Magento for the total_count of a one-record page.
func (s *Magento2Source) CountCreated(ctx context.Context, from, until time.Time) (int, error) {
	sc := s.where().Where(magento.F("created_at", magento.Lt, magento.FormatTime(until)))
	if !from.IsZero() {
		sc = sc.Where(magento.F("created_at", magento.Gteq, magento.FormatTime(from)))
	}
	page, err := s.c.SearchCustomers(ctx, sc.SortBy("created_at", magento.Asc).Size(1).Page(1))
	if err != nil {
		return 0, err
	}
	return page.TotalCount, nil
}

// CreatedCustomers pages by (created_at, entity_id) keyset, always on page 1.
func (s *Magento2Source) CreatedCustomers(pos magento.Mark, until time.Time, pageSize int) CustomerPager {
	where := s.where().Where(magento.F("created_at", magento.Lt, magento.FormatTime(until)))
	return &createdPager{keyset: keyset{field: "created_at", where: where, size: pageSize, pos: pos}, c: s.c}
}

// ChangedCustomers pages by (updated_at, entity_id) keyset with the
// client's KeysetPager, limited to customers created since the sync start date.
func (s *Magento2Source) ChangedCustomers(pos magento.Mark, pageSize int) CustomerPager {
	where := s.where()
	if !s.start.IsZero() {
		where = where.Where(magento.F("created_at", magento.Gteq, magento.FormatTime(s.start)))
	}
	return &changedPager{p: magento.NewKeysetPager(s.c, pos, pageSize, where)}
}

// AllCustomers pages by entity_id with the client's IDPager.
func (s *Magento2Source) AllCustomers(afterID, pageSize int) WindowPager {
	return &windowPager{p: magento.NewIDPager(s.c, afterID, pageSize, s.where())}
}

// ChangedOrders pages orders by (updated_at, entity_id) keyset, asking only
// for the fields the CRM keeps. With a website chosen, only its store views'
// orders are read.
func (s *Magento2Source) ChangedOrders(pos magento.Mark, pageSize int) OrderPager {
	return &orderPager{keyset: keyset{field: "updated_at", size: pageSize, pos: pos}, s: s}
}

// keyset builds the searches of a (field, entity_id) keyset pager:
// field >= T AND (field > T OR entity_id > ID), sorted by both, page 1.
type keyset struct {
	field string
	where magento.SearchCriteria
	size  int
	pos   magento.Mark
	done  bool
}

func (k *keyset) search() magento.SearchCriteria {
	sc := k.where
	if !k.pos.UpdatedAt.IsZero() {
		t := magento.FormatTime(k.pos.UpdatedAt)
		sc = sc.Where(magento.F(k.field, magento.Gteq, t))
		if k.pos.ID > 0 {
			sc = sc.Where(magento.F(k.field, magento.Gt, t), magento.F("entity_id", magento.Gt, strconv.Itoa(k.pos.ID)))
		}
	}
	return sc.SortBy(k.field, magento.Asc).SortBy("entity_id", magento.Asc).Size(k.size).Page(1)
}

// advance moves past a page of n records whose readable keys are keys and
// says whether the search is over.
func (k *keyset) advance(n, total int, keys []magento.Mark) error {
	next := k.pos
	for _, m := range keys {
		if m.UpdatedAt.After(next.UpdatedAt) || m.UpdatedAt.Equal(next.UpdatedAt) && m.ID > next.ID {
			next = m
		}
	}
	if n < k.size || total <= n {
		k.done = true
	} else if next == k.pos {
		k.done = true
		return fmt.Errorf("keyset paging by %s after %s made no progress: no record of a full page could be read", k.field, k.pos)
	}
	k.pos = next
	return nil
}

type createdPager struct {
	keyset
	c *magento.Client
}

func (p *createdPager) Next(ctx context.Context) (*CustomerPage, error) {
	if p.done {
		return nil, io.EOF
	}
	page, err := p.c.SearchCustomers(ctx, p.search())
	if err != nil {
		return nil, err
	}
	if page.Len() == 0 {
		p.done = true
		return nil, io.EOF
	}
	keys := make([]magento.Mark, len(page.Items))
	for i, c := range page.Items {
		keys[i] = magento.Mark{UpdatedAt: c.CreatedAt, ID: c.ID}
	}
	if err := p.advance(page.Len(), page.TotalCount, keys); err != nil {
		return nil, err
	}
	return &CustomerPage{Customers: page.Items, Problems: page.Problems, Total: page.TotalCount, Next: p.pos}, nil
}

type changedPager struct{ p *magento.KeysetPager }

func (p *changedPager) Next(ctx context.Context) (*CustomerPage, error) {
	page, err := p.p.Next(ctx)
	if err != nil {
		return nil, err
	}
	return &CustomerPage{Customers: page.Items, Problems: page.Problems, Total: page.TotalCount, Next: p.p.Mark()}, nil
}

type windowPager struct{ p *magento.IDPager }

func (p *windowPager) Next(ctx context.Context) (*Window, error) {
	w, err := p.p.Next(ctx)
	if err != nil {
		return nil, err
	}
	return &Window{After: w.After, Through: w.Through, Customers: w.Items, Problems: w.Problems, Total: w.TotalCount}, nil
}

type orderPager struct {
	keyset
	s      *Magento2Source
	scoped bool
}

func (p *orderPager) Next(ctx context.Context) (*OrderPage, error) {
	if p.done {
		return nil, io.EOF
	}
	if !p.scoped {
		where, err := p.s.orderScope(ctx)
		if err != nil {
			return nil, err
		}
		p.where, p.scoped = where, true
	}
	page, err := p.s.c.SearchOrders(ctx, p.search(), magento.OrderFields)
	if err != nil {
		return nil, err
	}
	if page.Len() == 0 {
		p.done = true
		return nil, io.EOF
	}
	keys := make([]magento.Mark, len(page.Items))
	for i, o := range page.Items {
		keys[i] = magento.Mark{UpdatedAt: o.UpdatedAt, ID: o.ID}
	}
	if err := p.advance(page.Len(), page.TotalCount, keys); err != nil {
		return nil, err
	}
	return &OrderPage{Orders: page.Items, Problems: page.Problems, Total: page.TotalCount, Next: p.pos}, nil
}

// orderScope limits orders to the channel's website's store views.
func (s *Magento2Source) orderScope(ctx context.Context) (magento.SearchCriteria, error) {
	sc := magento.NewSearch()
	if s.websiteID == 0 {
		return sc, nil
	}
	views, err := s.c.StoreViews(ctx)
	if err != nil {
		return sc, err
	}
	var ids []string
	for _, v := range views {
		if v.WebsiteID == s.websiteID {
			ids = append(ids, strconv.Itoa(v.ID))
		}
	}
	if len(ids) == 0 {
		ids = []string{"-1"}
	}
	return sc.Where(magento.F("store_id", magento.In, strings.Join(ids, ","))), nil
}
