package magesim

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"
)

// generation is what a store is generated from; the same values give the
// same store, record for record.
type generation struct {
	customers         int
	seed              int64
	ordersPerCustomer float64
	// anchor is the end of history: the start of the clock's current UTC day
	// minus one day, so generated times are always in the past.
	anchor int64
}

const chunkSize = 4096

// massUpdates are moments when an import touched many customers in the same
// second: they give updated_at the ties a keyset pager must handle.
const massUpdates = 24

type chunk struct {
	orders    []Order
	guests    map[int]orderContact // by index in orders
	addresses int
}

// generate fills an empty store. Chunks are generated in parallel, each from
// its own seeded source, so the result does not depend on scheduling.
func (st *Store) generate(g generation) {
	n := (g.customers + chunkSize - 1) / chunkSize
	chunks := make([]chunk, n)
	st.customers = make([]packedCustomer, g.customers)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			p := st.newPacker()
			for i := range next {
				chunks[i] = g.chunk(i, st.customers, p)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()

	totalOrders := 0
	for _, c := range chunks {
		totalOrders += len(c.orders)
	}
	// Address ids were numbered per chunk; shift them to be global.
	addressBase := 0
	for i := range chunks {
		first := i * chunkSize
		for k := first; k < min(first+chunkSize, g.customers); k++ {
			c := &st.customers[k]
			stored := st.addrs.of(c.addresses)
			for j := range stored {
				stored[j].id += int32(addressBase)
			}
			if c.defaultBilling != 0 {
				c.defaultBilling += int32(addressBase)
			}
			if c.defaultShipping != 0 {
				c.defaultShipping += int32(addressBase)
			}
		}
		addressBase += chunks[i].addresses
	}
	st.live = len(st.customers)
	st.nextAddressID = addressBase
	st.buildCustomerIndexes()
	st.placeGeneratedOrders(chunks, totalOrders)
}

// chunk generates the customers of chunk ci into their slots of dst,
// packed by p, and returns the chunk's orders.
func (g generation) chunk(ci int, dst []packedCustomer, p *packer) chunk {
	rng := rand.New(rand.NewPCG(uint64(g.seed), uint64(ci)))
	first := ci * chunkSize
	last := min(first+chunkSize, g.customers)
	out := chunk{guests: map[int]orderContact{}}
	var arena []Address // reused: pack copies each customer's addresses
	var prev Customer
	for id := first + 1; id <= last; id++ {
		arena = arena[:0]
		c := g.customer(rng, id, &out.addresses, &arena)
		if id > first+1 && rng.IntN(100) == 0 {
			if prev.WebsiteID != c.WebsiteID {
				// The same person registered on both websites: legal, since
				// emails are unique per website only.
				c.Email, c.Firstname, c.Lastname = prev.Email, prev.Firstname, prev.Lastname
			}
		}
		dst[id-1] = p.pack(&c)
		prev = c
		out.orders = g.ordersFor(rng, &c, out.orders)
	}
	guests := int(float64(last-first) * g.ordersPerCustomer * 0.05)
	for range guests {
		g.guestOrder(rng, &out)
	}
	return out
}

const (
	year = 365 * 24 * 3600
	day  = 24 * 3600
)

func (g generation) customer(rng *rand.Rand, id int, addressSeq *int, arena *[]Address) Customer {
	fn := firstNames[rng.IntN(len(firstNames))]
	ln := lastNames[rng.IntN(len(lastNames))]
	c := Customer{ID: id, Firstname: fn.Display, Lastname: ln.Display, GroupID: 1}
	if rng.Float64() < 0.7 {
		c.WebsiteID, c.StoreID = 1, 1
	} else {
		c.WebsiteID, c.StoreID = 2, 2+rng.IntN(2)
	}
	sv, _ := findStoreView(c.StoreID)
	c.CreatedIn = sv.Name
	c.Email = email(rng, fn.ASCII, ln.ASCII, id)
	switch r := rng.IntN(10); {
	case r == 0:
		c.GroupID = 2
	case r == 1:
		c.GroupID = 3
	}
	switch r := rng.IntN(20); {
	case r < 9:
		c.Gender = fn.Gender
	case r < 18:
		c.Gender = 0
	default:
		c.Gender = 3
	}
	if rng.IntN(10) < 7 {
		c.Dob = time.Unix(g.anchor-int64(18+rng.IntN(55))*year-int64(rng.IntN(year)), 0).UTC().Format("2006-01-02")
	}
	if rng.IntN(12) == 0 {
		c.Middlename = middleNames[rng.IntN(len(middleNames))]
	}
	if rng.IntN(12) == 0 {
		c.Prefix = [...]string{"Mr.", "Ms.", "Mrs.", "Dr."}[rng.IntN(4)]
	}
	if rng.IntN(100) == 0 {
		c.Suffix = "Jr."
	}
	if rng.IntN(20) == 0 {
		c.Taxvat = "DE" + strconv.Itoa(100000000+rng.IntN(899999999))
	}
	if rng.IntN(50) == 0 {
		c.Confirmation = strconv.FormatUint(rng.Uint64(), 16) + strconv.FormatUint(rng.Uint64(), 16)
	}
	c.CreatedAt = g.anchor - 6*year + rng.Int64N(6*year)
	c.UpdatedAt = c.CreatedAt
	switch r := rng.IntN(20); {
	case r == 0:
		// touched by one of the mass updates after it existed
		m := g.massUpdate(rng.IntN(massUpdates))
		if m > c.CreatedAt {
			c.UpdatedAt = m
		}
	case r < 12:
		c.UpdatedAt = c.CreatedAt + rng.Int64N(g.anchor-c.CreatedAt)
	}
	c.Subscribed = rng.IntN(10) < 3
	c.Addresses = g.addresses(rng, &c, addressSeq, arena)
	return c
}

// massUpdate is the i-th mass update moment, spread over the last five years.
func (g generation) massUpdate(i int) int64 {
	return g.anchor - 5*year + int64(i)*(5*year/massUpdates) + 3600*9
}

func email(rng *rand.Rand, first, last string, id int) string {
	n := strconv.Itoa(id)
	domain := emailDomains[rng.IntN(len(emailDomains))]
	switch rng.IntN(3) {
	case 0:
		return first + "." + last + n + "@" + domain
	case 1:
		return first + last + "." + n + "@" + domain
	}
	return first[:1] + last + n + "@" + domain
}

// addresses appends the customer's addresses to the chunk's arena and returns
// them as a slice with no spare capacity, so that a later append copies.
func (g generation) addresses(rng *rand.Rand, c *Customer, seq *int, arena *[]Address) []Address {
	var n int
	switch r := rng.IntN(20); {
	case r < 2:
		return nil
	case r < 10:
		n = 1
	case r < 17:
		n = 2
	default:
		n = 3
	}
	if cap(*arena)-len(*arena) < n {
		*arena = make([]Address, 0, 1024) // a new block; the full one stays with its customers
	}
	start := len(*arena)
	*arena = (*arena)[:start+n]
	out := (*arena)[start : start+n : start+n]
	cities := citiesByWebsite[c.WebsiteID]
	for i := range out {
		*seq++
		ct := cities[rng.IntN(len(cities))]
		a := Address{ID: *seq, CustomerID: c.ID, Firstname: c.Firstname, Lastname: c.Lastname,
			City: ct.Name, CountryID: ct.Country}
		if i > 0 && rng.IntN(5) == 0 {
			other := firstNames[rng.IntN(len(firstNames))]
			a.Firstname = other.Display
		}
		if r, ok := findRegion(ct.Country, ct.RegionID, ""); ok {
			a.RegionID, a.RegionCode, a.Region = r.ID, r.Code, r.Name
		}
		street := ct.Street[rng.IntN(len(ct.Street))]
		number := strconv.Itoa(1 + rng.IntN(250))
		if ct.StreetFmt == 1 {
			a.Street = street + " " + number
		} else {
			a.Street = number + " " + street
		}
		if rng.IntN(8) == 0 {
			a.Street += "\nApt " + strconv.Itoa(1+rng.IntN(40))
		}
		a.Postcode = pattern(rng, ct.Postcode)
		a.Telephone = pattern(rng, ct.Phone)
		if rng.IntN(6) == 0 {
			a.Company = companies[rng.IntN(len(companies))]
		}
		if c.WebsiteID == 2 && rng.IntN(20) == 0 {
			a.VatID = ct.Country + strconv.Itoa(100000000+rng.IntN(899999999))
		}
		out[i] = a
	}
	if rng.IntN(20) != 0 {
		c.DefaultBilling = out[0].ID
		c.DefaultShipping = out[rng.IntN(n)].ID
	}
	return out
}

// pattern fills # with a digit and @ with a letter.
func pattern(rng *rand.Rand, p string) string {
	if p == "" {
		return ""
	}
	b := []byte(p)
	for i, ch := range b {
		switch ch {
		case '#':
			b[i] = byte('0' + rng.IntN(10))
		case '@':
			b[i] = byte('A' + rng.IntN(26))
		}
	}
	return string(b)
}

func (g generation) ordersFor(rng *rand.Rand, c *Customer, out []Order) []Order {
	k := int(rng.Float64() * (2*g.ordersPerCustomer + 1))
	for range k {
		o := Order{CustomerID: int32(c.ID), StoreID: int32(c.StoreID), GroupID: int32(c.GroupID), Seed: rng.Uint32()}
		g.orderTimes(rng, &o, c.CreatedAt)
		out = append(out, o)
	}
	return out
}

func (g generation) guestOrder(rng *rand.Rand, ch *chunk) {
	fn := firstNames[rng.IntN(len(firstNames))]
	ln := lastNames[rng.IntN(len(lastNames))]
	o := Order{StoreID: int32(1 + rng.IntN(3)), Seed: rng.Uint32()}
	ch.guests[len(ch.orders)] = orderContact{Firstname: fn.Display, Lastname: ln.Display,
		Email: fn.ASCII + "." + ln.ASCII + ".guest" + strconv.Itoa(rng.IntN(1_000_000)) + "@" + emailDomains[rng.IntN(len(emailDomains))]}
	g.orderTimes(rng, &o, g.anchor-6*year)
	ch.orders = append(ch.orders, o)
}

// orderTimes sets the status and times: old orders are mostly complete,
// recent ones may still be pending or processing.
func (g generation) orderTimes(rng *rand.Rand, o *Order, after int64) {
	o.CreatedAt = after + rng.Int64N(g.anchor-after+1)
	o.UpdatedAt = o.CreatedAt
	r := rng.IntN(100)
	switch {
	case g.anchor-o.CreatedAt < 14*day && r < 40:
		o.Status = int32(rng.IntN(2)) // pending or processing
	case r < 8:
		o.Status = 3 // canceled
	case r < 13:
		o.Status = 4 // closed
	case r < 15:
		o.Status = 5 // holded
	default:
		o.Status = statusComplete
	}
	if o.Status != statusPending {
		o.UpdatedAt = min(o.CreatedAt+rng.Int64N(10*day), g.anchor)
	}
}

func (st *Store) buildCustomerIndexes() {
	n := len(st.customers)
	all := st.cidx[0]
	all.byID.keys = make([]indexKey, n)
	all.byUpdated.keys = make([]indexKey, n)
	all.byCreated.keys = make([]indexKey, n)
	for i := range st.customers {
		c := &st.customers[i]
		id := int64(c.id)
		all.byID.keys[i] = indexKey{id, id}
		all.byUpdated.keys[i] = indexKey{c.updatedAt, id}
		all.byCreated.keys[i] = indexKey{c.createdAt, id}
	}
	var wg sync.WaitGroup
	wg.Go(all.byUpdated.sortKeys)
	wg.Go(all.byCreated.sortKeys)
	wg.Wait()
	for w, ix := range st.cidx {
		if w == 0 {
			continue
		}
		split := func(dst, src *sortedIndex) {
			dst.keys = dst.keys[:0]
			for _, k := range src.keys {
				if int(st.customers[k.id-1].websiteID) == w {
					dst.keys = append(dst.keys, k)
				}
			}
			dst.keys = slices.Clip(dst.keys)
		}
		split(&ix.byID, &all.byID)
		split(&ix.byUpdated, &all.byUpdated)
		split(&ix.byCreated, &all.byCreated)
	}
}

// placeGeneratedOrders numbers the orders by creation time, as Magento's
// entity ids grow with time, and builds the order indexes. The chunks'
// orders are moved into the store one chunk at a time and sorted there, so
// they are never held twice.
func (st *Store) placeGeneratedOrders(chunks []chunk, total int) {
	st.orders = make([]Order, 0, total)
	guests := map[int32]orderContact{} // by position before sorting
	for ci := range chunks {
		for oi, oc := range chunks[ci].guests {
			guests[int32(len(st.orders)+oi)] = oc
		}
		st.orders = append(st.orders, chunks[ci].orders...)
		chunks[ci] = chunk{}
	}
	for i := range st.orders {
		st.orders[i].ID = int32(i) // the position before sorting, until numbered below
	}
	slices.SortFunc(st.orders, func(a, b Order) int { // positions break ties: the same order every time
		if c := cmpInt(a.CreatedAt, b.CreatedAt); c != 0 {
			return c
		}
		return cmpInt(int64(a.ID), int64(b.ID))
	})
	ix := &st.oidx
	ix.byUpdated.keys = make([]indexKey, total)
	ix.byCustomer.keys = make([]indexKey, total)
	for i := range st.orders {
		o := &st.orders[i]
		if oc, ok := guests[o.ID]; ok {
			st.orderContacts[int32(i+1)] = oc
		}
		o.ID = int32(i + 1)
		id := int64(o.ID)
		ix.byUpdated.keys[i] = indexKey{o.UpdatedAt, id}
		ix.byCustomer.keys[i] = indexKey{int64(o.CustomerID), id}
	}
	var wg sync.WaitGroup
	wg.Go(ix.byUpdated.sortKeys)
	wg.Go(ix.byCustomer.sortKeys)
	wg.Wait()
}
