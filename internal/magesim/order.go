package magesim

import (
	"fmt"
	"strconv"
	"sync"
)

// Order is one sales_order row, kept small because a big store has
// millions: lines and totals of generated orders are derived from Seed
// (placed orders carry their lines), and email and names are read from the
// customer — the store keeps them apart only for guest orders and for
// orders whose customer was deleted.
type Order struct {
	ID         int32
	CustomerID int32 // 0 for a guest order
	StoreID    int32
	GroupID    int32
	Status     int32 // index into orderStatuses
	Seed       uint32
	CreatedAt  int64
	UpdatedAt  int64
	// placed are the lines of an order placed in the simulator; nil for a
	// generated one (a pointer, not a slice: 16 bytes less per order).
	placed *[]OrderLine
}

// orderContact is the email and names of an order that has no live customer.
type orderContact struct{ Email, Firstname, Lastname string }

// OrderLine is one ordered product.
type OrderLine struct {
	Product int // index into catalog
	Qty     int
}

// Product is one sellable product of the simulated catalog.
type Product struct {
	ID    int
	SKU   string
	Name  string
	Price int64 // cents
}

type orderStatus struct{ Status, State string }

var orderStatuses = []orderStatus{
	{"pending", "new"}, {"processing", "processing"}, {"complete", "complete"},
	{"canceled", "canceled"}, {"closed", "closed"}, {"holded", "holded"},
}

const (
	statusPending  = 0
	statusComplete = 2
)

var catalog = []Product{
	{1, "MH01", "Chaz Kangeroo Hoodie", 5200}, {2, "MH02", "Teton Pullover Hoodie", 7000},
	{3, "MJ01", "Beaumont Summit Kit", 4200}, {4, "MJ02", "Hyperion Elements Jacket", 5100},
	{5, "MS01", "Aero Daily Fitness Tee", 1800}, {6, "MS02", "Gobi HeatTec® Tee", 2900},
	{7, "MP01", "Caesar Warm-Up Pant", 3500}, {8, "MP02", "Aether Gym Pant", 7400},
	{9, "WH01", "Mona Pullover Hoodlie", 5700}, {10, "WJ01", "Stellar Solar Jacket", 7500},
	{11, "WS01", "Iris Workout Top", 2900}, {12, "WS02", "Gabrielle Micro Sleeve Top", 2800},
	{13, "WP01", "Ida Workout Parachute Pant", 4800}, {14, "WB01", "Bella Tank", 2900},
	{15, "24-MB01", "Joust Duffle Bag", 3400}, {16, "24-MB02", "Fusion Backpack", 5900},
	{17, "24-UG01", "Quest Lumaflex™ Band", 1900}, {18, "24-UG02", "Pursuit Lumaflex™ Tone Band", 1600},
	{19, "24-WG01", "Bolo Sport Watch", 4900}, {20, "24-WG02", "Didi Sport Watch", 9200},
	{21, "24-UB02", "Impulse Duffle", 7400}, {22, "24-WB01", "Voyage Yoga Bag", 3200},
	{23, "24-MG01", "Endurance Watch", 4900}, {24, "24-SP01", "Sprite Yoga Strap 6 foot", 1400},
}

// splitmix is a tiny deterministic mixer for values derived from a seed.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// lines returns the order's lines, deriving them from the seed when needed.
func (o *Order) lines() []OrderLine {
	if o.placed != nil {
		return *o.placed
	}
	h := splitmix(uint64(o.Seed))
	n := 1 + int(h%4)
	out := make([]OrderLine, n)
	for i := range out {
		h = splitmix(h)
		out[i] = OrderLine{Product: int(h % uint64(len(catalog))), Qty: 1 + int((h>>20)%3)}
	}
	return out
}

// totals returns subtotal, shipping and grand total in cents.
func (o *Order) totals() (sub, ship, grand int64) {
	for _, l := range o.lines() {
		sub += catalog[l.Product].Price * int64(l.Qty)
		ship += 500 * int64(l.Qty)
	}
	return sub, ship, sub + ship
}

func (o *Order) qty() int {
	n := 0
	for _, l := range o.lines() {
		n += l.Qty
	}
	return n
}

// incrementID is the store-prefixed order number Magento shows.
func (o *Order) incrementID() string {
	s := fmt.Sprintf("%09d", o.ID)
	if o.StoreID > 1 {
		s = strconv.Itoa(int(o.StoreID)) + s
	}
	return s
}

type orderIndexes struct {
	byUpdated, byCustomer sortedIndex
	// byID and byCreated are built on first use (the order import reads
	// by updated_at, and a million-customer store has two million orders);
	// once built, they are kept up to date.
	byID, byCreated sortedIndex
	once            sync.Once
	built           bool
}

// byIDAndCreated builds the order indexes that are built on first use.
// Callers hold the lock, at least for reading.
func (st *Store) byIDAndCreated() {
	st.oidx.once.Do(func() {
		ix := &st.oidx
		ix.byID.keys = make([]indexKey, len(st.orders))
		ix.byCreated.keys = make([]indexKey, len(st.orders))
		for i := range st.orders {
			id := int64(st.orders[i].ID)
			ix.byID.keys[i] = indexKey{id, id}
			ix.byCreated.keys[i] = indexKey{st.orders[i].CreatedAt, id}
		}
		ix.byCreated.sortKeys()
		ix.built = true
	})
}

func (st *Store) orderIndex(field string, scope int) *sortedIndex {
	if scope != 0 {
		return nil
	}
	switch field {
	case "entity_id":
		st.byIDAndCreated()
		return &st.oidx.byID
	case "created_at":
		st.byIDAndCreated()
		return &st.oidx.byCreated
	case "updated_at":
		return &st.oidx.byUpdated
	case "customer_id":
		return &st.oidx.byCustomer
	}
	return nil
}

// contact returns the email and names an order shows.
func (st *Store) contact(o *Order) (email, first, last string) {
	if oc, ok := st.orderContacts[o.ID]; ok {
		return oc.Email, oc.Firstname, oc.Lastname
	}
	if c := st.slot(int(o.CustomerID)); c != nil {
		return st.text(c.email), st.text(c.firstname), st.text(c.lastname)
	}
	return "", "", ""
}

func orderTableFor(st *Store) table[Order] {
	contact := func(pick int) func(o *Order) string {
		return func(o *Order) string {
			e, f, l := st.contact(o)
			return [3]string{e, f, l}[pick]
		}
	}
	status := func(o *Order) string { return orderStatuses[o.Status].Status }
	return table[Order]{
		columns: map[string]column[Order]{
			"entity_id":          intColumn(func(o *Order) int64 { return int64(o.ID) }, false),
			"customer_id":        intColumn(func(o *Order) int64 { return int64(o.CustomerID) }, true),
			"store_id":           intColumn(func(o *Order) int64 { return int64(o.StoreID) }, false),
			"customer_group_id":  intColumn(func(o *Order) int64 { return int64(o.GroupID) }, false),
			"customer_is_guest":  intColumn(func(o *Order) int64 { return boolInt(o.CustomerID == 0) }, false),
			"total_qty_ordered":  intColumn(func(o *Order) int64 { return int64(o.qty()) }, false),
			"created_at":         timeColumn(func(o *Order) int64 { return o.CreatedAt }),
			"updated_at":         timeColumn(func(o *Order) int64 { return o.UpdatedAt }),
			"grand_total":        decimalColumn(func(o *Order) int64 { _, _, g := o.totals(); return g }),
			"base_grand_total":   decimalColumn(func(o *Order) int64 { _, _, g := o.totals(); return g }),
			"increment_id":       stringColumn(func(o *Order) string { return o.incrementID() }),
			"status":             stringColumn(status),
			"state":              stringColumn(func(o *Order) string { return orderStatuses[o.Status].State }),
			"customer_email":     stringColumn(contact(0)),
			"customer_firstname": stringColumn(contact(1)),
			"customer_lastname":  stringColumn(contact(2)),
			"order_currency_code": stringColumn(func(o *Order) string {
				sv, _ := findStoreView(int(o.StoreID))
				return sv.Currency
			}),
		},
		index: st.orderIndex,
		record: func(id int64) *Order {
			if id < 1 || int(id) > len(st.orders) {
				return nil
			}
			return &st.orders[id-1]
		},
	}
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// detachOrders copies a customer's contact data into their orders before the
// customer is deleted. Callers hold the write lock.
func (st *Store) detachOrders(c *packedCustomer) {
	ix := &st.oidx.byCustomer
	for i := ix.search(indexKey{int64(c.id), minID}); i < len(ix.keys) && ix.keys[i].v == int64(c.id); i++ {
		st.orderContacts[int32(ix.keys[i].id)] = orderContact{st.text(c.email), st.text(c.firstname), st.text(c.lastname)}
	}
}

// Order returns a copy of the order with this id.
func (st *Store) Order(id int) (Order, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if id < 1 || id > len(st.orders) {
		return Order{}, false
	}
	return st.orders[id-1], true
}

// SearchOrders answers a searchCriteria over orders.
func (st *Store) SearchOrders(q *Query, repeatLastPage bool) ([]Order, int, *Error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	res, err := st.orderTable.run(q, repeatLastPage)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Order, len(res.IDs))
	for i, id := range res.IDs {
		out[i] = st.orders[id-1]
	}
	return out, res.Total, nil
}

// PlaceOrder creates a pending order for a customer, as the admin's Create
// New Order form does.
func (st *Store) PlaceOrder(customerID, storeID int, lines []OrderLine) (Order, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.slot(customerID)
	if c == nil {
		return Order{}, noSuchEntity("customerId", customerID)
	}
	if sv, ok := findStoreView(storeID); !ok || sv.WebsiteID != int(c.websiteID) {
		storeID = int(c.storeID)
	}
	if len(lines) == 0 {
		return Order{}, inputError("You need to specify order items.")
	}
	for _, l := range lines {
		if l.Product < 0 || l.Product >= len(catalog) || l.Qty < 1 {
			return Order{}, inputError("The product that was requested doesn't exist. Verify the product and try again.")
		}
	}
	now := st.nowUnix()
	o := Order{ID: int32(len(st.orders) + 1), CustomerID: int32(customerID), StoreID: int32(storeID), GroupID: c.groupID,
		Status: statusPending, CreatedAt: now, UpdatedAt: now}
	placed := append([]OrderLine(nil), lines...)
	o.placed = &placed
	st.orders = append(st.orders, o)
	st.indexOrder(&o)
	return o, nil
}

func (st *Store) indexOrder(o *Order) {
	id := int64(o.ID)
	if st.oidx.built {
		st.oidx.byID.insert(indexKey{id, id})
		st.oidx.byCreated.insert(indexKey{o.CreatedAt, id})
	}
	st.oidx.byUpdated.insert(indexKey{o.UpdatedAt, id})
	st.oidx.byCustomer.insert(indexKey{int64(o.CustomerID), id})
}
