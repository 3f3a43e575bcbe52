package magesim

import (
	"encoding/binary"
	"strings"
	"sync"
	"unsafe"
)

// A big store holds its customers packed, so that a million fit in a few
// hundred MiB: every text is a 4-byte handle into an append-only arena
// (names, cities and other repeated values are stored once), and addresses
// sit in blocks of their own, each customer's side by side. Customer and
// Address stay the types the rest of magesim reads and writes; the store
// unpacks a copy on every read and packs a whole new version on every write.

// str is a handle to a text in a strArena; 0 is "".
type str uint32

// Text arena layout: blocks of 1 MiB, at most 4,096 of them (4 GiB); a
// handle is block<<strBlockBits | offset of a uvarint length and the bytes.
const (
	strBlockBits = 20
	strBlockSize = 1 << strBlockBits
	strMaxBlocks = 1 << (32 - strBlockBits)
)

// strArena holds texts that never change once written: a handed-out
// string points into a block (no copy), which stays valid for good.
type strArena struct {
	mu     sync.Mutex // guards next; each writer fills a block of its own
	next   int
	blocks [strMaxBlocks]*[strBlockSize]byte
	// common are texts stored once (names, cities, store names) by value.
	common map[string]str
}

func newStrArena() *strArena {
	a := &strArena{common: map[string]str{}}
	a.next = 1 // block 0 holds "" at offset 0
	a.blocks[0] = new([strBlockSize]byte)
	return a
}

// strWriter appends texts to one block at a time of its arena; one
// goroutine uses it.
type strWriter struct {
	a     *strArena
	block int
	used  int
	// seen are the texts this writer stored through putRepeated.
	seen map[string]str
}

func (a *strArena) writer() *strWriter { return &strWriter{a: a, block: -1, seen: map[string]str{}} }

// putRepeated is put for a field whose values repeat often but are not
// among the common texts (dates of birth): a value this writer stored
// before is shared.
func (w *strWriter) putRepeated(s string) str {
	if h, ok := w.seen[s]; ok {
		return h
	}
	h := w.put(s)
	if len(w.seen) < maxSeen {
		w.seen[strings.Clone(s)] = h
	}
	return h
}

// maxSeen bounds what putRepeated remembers per writer.
const maxSeen = 1 << 16

// put stores s (or finds it among the common texts) and returns its handle.
func (w *strWriter) put(s string) str {
	if s == "" {
		return 0
	}
	if h, ok := w.a.common[s]; ok {
		return h
	}
	return w.add(s)
}

// add stores s as a new text: for values that are seldom repeated
// (emails, telephones, postcodes).
func (w *strWriter) add(s string) str {
	if s == "" {
		return 0
	}
	need := binary.MaxVarintLen64 + len(s)
	if need > strBlockSize {
		s, need = s[:strBlockSize-binary.MaxVarintLen64], strBlockSize
	}
	if w.block < 0 || w.used+need > strBlockSize {
		w.block, w.used = w.a.newBlock(), 0
	}
	b := w.a.blocks[w.block]
	at := w.used
	n := binary.PutUvarint(b[at:], uint64(len(s)))
	copy(b[at+n:], s)
	w.used = at + n + len(s)
	return str(w.block<<strBlockBits | at)
}

func (a *strArena) newBlock() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.next == strMaxBlocks {
		panic("magesim: the text arena is full (4 GiB)")
	}
	i := a.next
	a.blocks[i] = new([strBlockSize]byte)
	a.next++
	return i
}

// intern stores s once and makes it common: later puts of s share it. Call
// it only before writers run.
func (a *strArena) intern(w *strWriter, s string) {
	if _, ok := a.common[s]; !ok && s != "" {
		a.common[s] = w.add(s)
	}
}

// get returns the text of h without copying it.
func (a *strArena) get(h str) string {
	if h == 0 {
		return ""
	}
	b := a.blocks[h>>strBlockBits]
	at := int(h & (strBlockSize - 1))
	l, n := binary.Uvarint(b[at:])
	return unsafe.String(&b[at+n], int(l))
}

// packedCustomer is a Customer as the store holds it.
type packedCustomer struct {
	id                              int32
	websiteID, storeID, groupID     int32
	defaultBilling, defaultShipping int32
	createdAt, updatedAt            int64
	addresses                       addrRef
	gender                          int8
	disableAutoGroupChange          int8
	subscribed                      bool
	email, firstname, lastname      str
	middlename, prefix, suffix      str
	dob, taxvat, confirmation       str
	createdIn, passwordHash         str
}

// packedAddress is an Address as the store holds it.
type packedAddress struct {
	id, customerID, regionID   int32
	firstname, lastname        str
	middlename, prefix, suffix str
	company, street, city      str
	countryID, regionCode      str
	region, postcode           str
	telephone, fax, vatID      str
}

// addrRef is where a customer's addresses are: n of them from index at.
type addrRef struct {
	at uint32
	n  uint16
}

// Address storage: blocks of 64K; a customer's addresses never straddle two.
const (
	addrBlockBits = 16
	addrBlockSize = 1 << addrBlockBits
)

// addrStore holds every version of every address, append-only.
type addrStore struct {
	mu     sync.Mutex // guards blocks' length; each writer fills a block of its own
	blocks []*[addrBlockSize]packedAddress
}

// addrWriter appends addresses to one block at a time; one goroutine uses it.
type addrWriter struct {
	s     *addrStore
	block int
	used  int
}

func (s *addrStore) writer() *addrWriter { return &addrWriter{s: s, block: -1} }

func (s *addrStore) newBlock() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocks = append(s.blocks, new([addrBlockSize]packedAddress))
	return len(s.blocks) - 1
}

// reserve returns room for n addresses side by side and where it is.
func (w *addrWriter) reserve(n int) ([]packedAddress, addrRef) {
	if n == 0 {
		return nil, addrRef{}
	}
	if n > addrBlockSize {
		panic("magesim: too many addresses for one customer")
	}
	if w.block < 0 || w.used+n > addrBlockSize {
		w.block, w.used = w.s.newBlock(), 0
	}
	at := w.used
	w.used += n
	return w.s.blocks[w.block][at : at+n : at+n], addrRef{at: uint32(w.block<<addrBlockBits | at), n: uint16(n)}
}

// of returns the addresses ref points at.
func (s *addrStore) of(ref addrRef) []packedAddress {
	if ref.n == 0 {
		return nil
	}
	at := int(ref.at & (addrBlockSize - 1))
	return s.blocks[ref.at>>addrBlockBits][at : at+int(ref.n)]
}

// packer packs customers for one goroutine: generation has one per worker,
// and the store one for writes (under its lock).
type packer struct {
	strs  *strWriter
	addrs *addrWriter
}

func (st *Store) newPacker() *packer {
	return &packer{strs: st.strs.writer(), addrs: st.addrs.writer()}
}

// pack stores c's texts and addresses and returns its packed form. Texts
// that repeat are looked up (s: common ones, r: also those this packer
// stored before); the others are stored as they come (u).
func (p *packer) pack(c *Customer) packedCustomer {
	s, r, u := p.strs.put, p.strs.putRepeated, p.strs.add
	pc := packedCustomer{id: int32(c.ID), websiteID: int32(c.WebsiteID), storeID: int32(c.StoreID), groupID: int32(c.GroupID),
		defaultBilling: int32(c.DefaultBilling), defaultShipping: int32(c.DefaultShipping), createdAt: c.CreatedAt,
		updatedAt: c.UpdatedAt, gender: int8(c.Gender), disableAutoGroupChange: int8(c.DisableAutoGroupChange),
		subscribed: c.Subscribed, email: u(c.Email), firstname: s(c.Firstname), lastname: s(c.Lastname),
		middlename: s(c.Middlename), prefix: s(c.Prefix), suffix: s(c.Suffix), dob: r(c.Dob), taxvat: u(c.Taxvat),
		confirmation: u(c.Confirmation), createdIn: s(c.CreatedIn), passwordHash: u(c.PasswordHash)}
	var room []packedAddress
	room, pc.addresses = p.addrs.reserve(len(c.Addresses))
	for i := range c.Addresses {
		a := &c.Addresses[i]
		room[i] = packedAddress{id: int32(a.ID), customerID: int32(a.CustomerID), regionID: int32(a.RegionID),
			firstname: s(a.Firstname), lastname: s(a.Lastname), middlename: s(a.Middlename), prefix: s(a.Prefix),
			suffix: s(a.Suffix), company: s(a.Company), street: u(a.Street), city: s(a.City), countryID: s(a.CountryID),
			regionCode: s(a.RegionCode), region: s(a.Region), postcode: u(a.Postcode), telephone: u(a.Telephone),
			fax: u(a.Fax), vatID: u(a.VatID)}
	}
	return pc
}

// unpack returns a copy of a stored customer.
func (st *Store) unpack(pc *packedCustomer) Customer {
	var c Customer
	st.unpackInto(&c, pc)
	return c
}

// unpackInto overwrites c with a stored customer, reusing the room of its
// addresses.
func (st *Store) unpackInto(c *Customer, pc *packedCustomer) {
	g := st.strs.get
	addrs := c.Addresses[:0]
	*c = Customer{ID: int(pc.id), WebsiteID: int(pc.websiteID), StoreID: int(pc.storeID), GroupID: int(pc.groupID),
		Email: g(pc.email), Firstname: g(pc.firstname), Lastname: g(pc.lastname), Middlename: g(pc.middlename),
		Prefix: g(pc.prefix), Suffix: g(pc.suffix), Dob: g(pc.dob), Taxvat: g(pc.taxvat), Gender: int(pc.gender),
		Confirmation: g(pc.confirmation), CreatedIn: g(pc.createdIn), CreatedAt: pc.createdAt, UpdatedAt: pc.updatedAt,
		DefaultBilling: int(pc.defaultBilling), DefaultShipping: int(pc.defaultShipping),
		DisableAutoGroupChange: int(pc.disableAutoGroupChange), Subscribed: pc.subscribed, PasswordHash: g(pc.passwordHash),
		CustomAttributes: st.customAttributes[pc.id]}
	for i, stored := 0, st.addrs.of(pc.addresses); i < len(stored); i++ {
		addrs = append(addrs, st.unpackAddress(&stored[i]))
	}
	if len(addrs) > 0 {
		c.Addresses = addrs
	}
}

func (st *Store) unpackAddress(a *packedAddress) Address {
	g := st.strs.get
	return Address{ID: int(a.id), CustomerID: int(a.customerID), RegionID: int(a.regionID), Firstname: g(a.firstname),
		Lastname: g(a.lastname), Middlename: g(a.middlename), Prefix: g(a.prefix), Suffix: g(a.suffix), Company: g(a.company),
		Street: g(a.street), City: g(a.city), CountryID: g(a.countryID), RegionCode: g(a.regionCode), Region: g(a.region),
		Postcode: g(a.postcode), Telephone: g(a.telephone), Fax: g(a.fax), VatID: g(a.vatID)}
}

// billing returns the stored default billing address of pc, or nil.
func (st *Store) billing(pc *packedCustomer) *packedAddress {
	if pc.defaultBilling == 0 {
		return nil
	}
	stored := st.addrs.of(pc.addresses)
	for i := range stored {
		if stored[i].id == pc.defaultBilling {
			return &stored[i]
		}
	}
	return nil
}

// customerWithAddress returns a copy of the live customer who has the
// address with this id. Callers hold the lock.
func (st *Store) customerWithAddress(addressID int) (Customer, bool) {
	for i := range st.customers {
		c := &st.customers[i]
		if c.id == 0 {
			continue
		}
		for _, a := range st.addrs.of(c.addresses) {
			if int(a.id) == addressID {
				return st.unpack(c), true
			}
		}
	}
	return Customer{}, false
}

// text returns the text of h.
func (st *Store) text(h str) string { return st.strs.get(h) }

// internCommon makes the texts generation repeats (names, cities, streets,
// store view names, companies, regions) common, so each is stored once.
func (st *Store) internCommon() {
	w := st.strs.writer()
	add := func(s string) { st.strs.intern(w, s) }
	for _, n := range firstNames {
		add(n.Display)
	}
	for _, n := range lastNames {
		add(n.Display)
	}
	for _, n := range middleNames {
		add(n)
	}
	for _, n := range companies {
		add(n)
	}
	for _, v := range storeViews {
		add(v.Name)
	}
	for _, cities := range citiesByWebsite {
		for _, ct := range cities {
			add(ct.Name)
			add(ct.Country)
			if r, ok := findRegion(ct.Country, ct.RegionID, ""); ok {
				add(r.Code)
				add(r.Name)
			}
		}
	}
	for _, p := range []string{"Mr.", "Ms.", "Mrs.", "Dr.", "Jr."} {
		add(p)
	}
}
