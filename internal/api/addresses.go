package api

import (
	"strconv"

	"magecrm/internal/model"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Address is one address of a customer's address book.
type Address struct {
	ID              int64    `json:"id"`
	OriginID        int64    `json:"origin_id" doc:"Magento's address id; 0 until sent to Magento"`
	Prefix          string   `json:"prefix"`
	FirstName       string   `json:"first_name"`
	MiddleName      string   `json:"middle_name"`
	LastName        string   `json:"last_name"`
	Suffix          string   `json:"suffix"`
	Company         string   `json:"company"`
	Street          []string `json:"street"`
	City            string   `json:"city"`
	Region          string   `json:"region"`
	RegionCode      string   `json:"region_code"`
	PostCode        string   `json:"postcode"`
	CountryID       string   `json:"country_id"`
	Telephone       string   `json:"telephone"`
	VATID           string   `json:"vat_id"`
	DefaultBilling  bool     `json:"default_billing"`
	DefaultShipping bool     `json:"default_shipping"`
}

func addressOut(a *model.Address) Address {
	street := a.Street
	if street == nil {
		street = []string{}
	}
	return Address{ID: a.ID, OriginID: a.OriginID, Prefix: a.Prefix, FirstName: a.FirstName, MiddleName: a.MiddleName,
		LastName: a.LastName, Suffix: a.Suffix, Company: a.Company, Street: street, City: a.City, Region: a.Region,
		RegionCode: a.RegionCode, PostCode: a.PostCode, CountryID: a.CountryID, Telephone: a.Telephone, VATID: a.VATID,
		DefaultBilling: a.DefaultBilling, DefaultShipping: a.DefaultShipping}
}

// AddressInput is an address as a create or update sends it.
type AddressInput struct {
	ID              int64    `json:"id,omitempty" doc:"On update, the id of an address to keep (changed as given); absent adds a new one"`
	Prefix          string   `json:"prefix,omitempty"`
	FirstName       string   `json:"first_name,omitempty"`
	MiddleName      string   `json:"middle_name,omitempty"`
	LastName        string   `json:"last_name,omitempty"`
	Suffix          string   `json:"suffix,omitempty"`
	Company         string   `json:"company,omitempty"`
	Street          []string `json:"street,omitempty" doc:"One line each"`
	City            string   `json:"city,omitempty"`
	Region          string   `json:"region,omitempty" doc:"Name or code; required for countries with a region list"`
	PostCode        string   `json:"postcode,omitempty"`
	CountryID       string   `json:"country_id,omitempty" doc:"ISO code, like DE"`
	Telephone       string   `json:"telephone,omitempty"`
	VATID           string   `json:"vat_id,omitempty"`
	DefaultBilling  bool     `json:"default_billing,omitempty"`
	DefaultShipping bool     `json:"default_shipping,omitempty"`
}

func addressesIn(list []AddressInput) []model.Address {
	out := make([]model.Address, len(list))
	for i, a := range list {
		out[i] = model.Address{ID: a.ID, Prefix: a.Prefix, FirstName: a.FirstName, MiddleName: a.MiddleName,
			LastName: a.LastName, Suffix: a.Suffix, Company: a.Company, Street: a.Street, City: a.City, Region: a.Region,
			PostCode: a.PostCode, CountryID: a.CountryID, Telephone: a.Telephone, VATID: a.VATID,
			DefaultBilling: a.DefaultBilling, DefaultShipping: a.DefaultShipping}
	}
	return out
}
