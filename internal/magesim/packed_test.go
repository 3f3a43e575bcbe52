package magesim

import (
	"reflect"
	"strings"
	"testing"
)

func TestTextArenaKeepsEveryTextAcrossBlocks(t *testing.T) {
	a := newStrArena()
	w := a.writer()
	a.intern(w, "Berlin")
	var handles []str
	var texts []string
	for i := range 40_000 { // about 1.5 MiB: more than one block
		s := strings.Repeat(string(rune('a'+i%26)), i%70) + "·" + string(rune('0'+i%10))
		texts = append(texts, s)
		handles = append(handles, w.put(s))
	}
	for i, h := range handles {
		if got := a.get(h); got != texts[i] {
			t.Fatalf("text %d: got %q, want %q", i, got, texts[i])
		}
	}
	if a.next < 3 {
		t.Errorf("%d blocks used; want the texts to fill more than one", a.next)
	}
	if h := w.put(""); h != 0 || a.get(0) != "" {
		t.Errorf(`"" is handle %d and reads %q; want 0 and ""`, h, a.get(0))
	}
	if w.put("Berlin") != a.common["Berlin"] || w.add("Berlin") == a.common["Berlin"] {
		t.Error("put of a common text should share it; add should store a new one")
	}
	if d := w.putRepeated("1980-02-01"); w.putRepeated(strings.Clone("1980-02-01")) != d {
		t.Error("putRepeated stored the same date of birth twice")
	}
}

func TestPackedCustomerUnpacksAsItWasPacked(t *testing.T) {
	st := newStore(nil, Options{})
	c := Customer{ID: 1, WebsiteID: 2, StoreID: 3, GroupID: 4, Email: "ana@example.com", Firstname: "Ana", Lastname: "Ruiz",
		Middlename: "M", Prefix: "Dr.", Suffix: "Jr.", Dob: "1980-02-01", Taxvat: "DE1", Gender: 2, Confirmation: "abc",
		CreatedIn: "Default Store View", CreatedAt: 100, UpdatedAt: 200, DefaultBilling: 7, DefaultShipping: 8,
		DisableAutoGroupChange: 1, Subscribed: true, PasswordHash: "hash",
		Addresses: []Address{{ID: 7, CustomerID: 1, Firstname: "Ana", Lastname: "Ruiz", Street: "1 Main\nApt 2", City: "Berlin",
			CountryID: "DE", RegionID: 82, RegionCode: "BER", Region: "Berlin", Postcode: "10115", Telephone: "030", Fax: "031",
			VatID: "DE2", Company: "Acme", Middlename: "M", Prefix: "Dr.", Suffix: "Jr."}, {ID: 8, CustomerID: 1, City: "Köln"}}}
	pc := st.w.pack(&c)
	got := st.unpack(&pc)
	if got.CustomAttributes != nil {
		t.Errorf("custom attributes %v; want none", got.CustomAttributes)
	}
	got.CustomAttributes = c.CustomAttributes
	if len(got.Addresses) != 2 || got.Addresses[0] != c.Addresses[0] || got.Addresses[1] != c.Addresses[1] {
		t.Fatalf("addresses %+v; want %+v", got.Addresses, c.Addresses)
	}
	got.Addresses, c.Addresses = nil, nil
	if !reflect.DeepEqual(got, c) {
		t.Errorf("unpacked %+v\nwant %+v", got, c)
	}
}
