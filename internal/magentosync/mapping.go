package magentosync

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"magecrm/internal/magento"
	"magecrm/internal/store"
)

// magentoTime is how Magento's times are kept: its own UTC form.
const magentoTime = "2006-01-02 15:04:05"

// mapCustomer turns a Magento customer into the record the store writes,
// with local dictionary ids and the hash of its normalized form. It fails,
// with a reason for the sync error list, when the customer points at a
// website, store view or group the channel does not know or has no email.
func mapCustomer(c *magento.Customer, ids store.DictionaryIDs) (store.ImportCustomer, error) {
	rec := store.ImportCustomer{
		OriginID: int64(c.ID), Prefix: c.Prefix, FirstName: c.Firstname, MiddleName: c.Middlename, LastName: c.Lastname,
		Suffix: c.Suffix, Email: strings.TrimSpace(c.Email), DOB: c.DOB.String(), Gender: c.Gender, Taxvat: c.Taxvat,
		CreatedIn: c.CreatedIn, Confirmed: c.Confirmation == "", IsSubscribed: c.IsSubscribed,
		RemoteCreatedAt: c.CreatedAt.UTC().Format(magentoTime), RemoteUpdatedAt: c.UpdatedAt.UTC().Format(magentoTime),
	}
	if rec.Email == "" {
		return rec, fmt.Errorf("no email address")
	}
	var ok bool
	if rec.WebsiteID, ok = ids.Websites[int64(c.WebsiteID)]; !ok {
		return rec, fmt.Errorf("website %d is not one of the channel's websites", c.WebsiteID)
	}
	if rec.StoreID, ok = ids.Stores[int64(c.StoreID)]; !ok {
		return rec, fmt.Errorf("store view %d is not one of the channel's store views", c.StoreID)
	}
	if rec.GroupID, ok = ids.CustomerGroups[int64(c.GroupID)]; !ok {
		return rec, fmt.Errorf("customer group %d is not one of the channel's customer groups", c.GroupID)
	}
	billing, _ := strconv.Atoi(c.DefaultBilling)
	shipping, _ := strconv.Atoi(c.DefaultShipping)
	rec.Addresses = make([]store.ImportAddress, len(c.Addresses))
	for i := range c.Addresses {
		a := &c.Addresses[i]
		if a.ID <= 0 {
			return rec, fmt.Errorf("address %d of the customer has no id", i+1)
		}
		rec.Addresses[i] = store.ImportAddress{OriginID: int64(a.ID), Prefix: a.Prefix, FirstName: a.Firstname,
			MiddleName: a.Middlename, LastName: a.Lastname, Suffix: a.Suffix, Company: a.Company,
			Street: strings.Join(a.Street, "\n"), City: a.City, RegionCode: a.Region.RegionCode, Region: a.Region.Region,
			RegionID: regionID(a), Postcode: a.Postcode, CountryID: a.CountryID, Telephone: a.Telephone, VATID: a.VATID,
			DefaultBilling: a.DefaultBilling || a.ID == billing, DefaultShipping: a.DefaultShipping || a.ID == shipping}
		if rec.Addresses[i].DefaultBilling {
			rec.BillingCountry, rec.BillingRegion = a.CountryID, regionName(a)
		}
	}
	rec.Hash = customerHash(&rec)
	return rec, nil
}

func regionID(a *magento.Address) int {
	if a.RegionID != 0 {
		return a.RegionID
	}
	return a.Region.RegionID
}

func regionName(a *magento.Address) string {
	if a.Region.Region != "" {
		return a.Region.Region
	}
	return a.Region.RegionCode
}

// customerHash is FNV-1a (64 bits) over every imported field, addresses
// and newsletter status included, but not updated_at: a save that changed
// nothing is not a change. An unknown newsletter status hashes apart from
// both known ones.
func customerHash(c *store.ImportCustomer) string {
	h := fnv.New64a()
	var num [8]byte
	str := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0x1f})
	}
	n := func(v int64) {
		binary.LittleEndian.PutUint64(num[:], uint64(v))
		h.Write(num[:])
	}
	b := func(v bool) {
		if v {
			n(1)
		} else {
			n(0)
		}
	}
	n(c.WebsiteID)
	n(c.StoreID)
	n(c.GroupID)
	for _, s := range []string{c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix, c.Email, c.DOB, c.Taxvat,
		c.CreatedIn, c.RemoteCreatedAt} {
		str(s)
	}
	n(int64(c.Gender))
	b(c.Confirmed)
	switch {
	case c.IsSubscribed == nil:
		n(2)
	default:
		b(*c.IsSubscribed)
	}
	n(int64(len(c.Addresses)))
	for i := range c.Addresses {
		a := &c.Addresses[i]
		n(a.OriginID)
		for _, s := range []string{a.Prefix, a.FirstName, a.MiddleName, a.LastName, a.Suffix, a.Company, a.Street, a.City,
			a.RegionCode, a.Region, a.Postcode, a.CountryID, a.Telephone, a.VATID} {
			str(s)
		}
		n(int64(a.RegionID))
		b(a.DefaultBilling)
		b(a.DefaultShipping)
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

// mapOrder turns a Magento order into the record the store writes.
func mapOrder(o *magento.Order) store.ImportOrder {
	total := o.GrandTotal
	if math.IsNaN(total) || math.IsInf(total, 0) {
		total = 0
	}
	var created, updated string
	if !o.CreatedAt.IsZero() {
		created = o.CreatedAt.UTC().Format(magentoTime)
	}
	if !o.UpdatedAt.IsZero() {
		updated = o.UpdatedAt.UTC().Format(magentoTime)
	}
	return store.ImportOrder{OriginID: int64(o.ID), CustomerOriginID: int64(o.CustomerID), IncrementID: o.IncrementID,
		StoreOriginID: int64(o.StoreID), Status: o.Status, State: o.State, GrandTotal: total, Currency: o.OrderCurrencyCode,
		RemoteCreatedAt: created, RemoteUpdatedAt: updated}
}
