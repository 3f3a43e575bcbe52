package magento

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-json-experiment/json"
)

// ValidationResult is Magento's verdict on a customer (PUT
// /V1/customers/validate): the customer validators' messages, rendered.
type ValidationResult struct {
	Valid    bool     `json:"valid"`
	Messages []string `json:"messages"`
}

// ValidateCustomer asks Magento whether it would accept the customer's own
// fields (names, email, date of birth…); addresses, the group, the website
// and the email's uniqueness are not part of it. Nothing is saved.
func (c *Client) ValidateCustomer(ctx context.Context, cust Customer) (*ValidationResult, error) {
	body, err := json.Marshal(struct {
		Customer customerOut `json:"customer"`
	}{outgoing(cust)})
	if err != nil {
		return nil, fmt.Errorf("magento: validate customer: %w", err)
	}
	var out ValidationResult
	err = c.do(ctx, call{method: http.MethodPut, path: "/V1/customers/validate", body: body, safe: true}, func(b []byte) error {
		return decodeWhole(b, &out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// IsEmailAvailable reports whether no customer of the website uses the
// email (of any website when the store shares accounts globally). A
// websiteID of 0 means the website of the client's store view.
func (c *Client) IsEmailAvailable(ctx context.Context, email string, websiteID int) (bool, error) {
	in := struct {
		Email     string `json:"customerEmail"`
		WebsiteID *int   `json:"websiteId,omitzero"`
	}{Email: email, WebsiteID: nonZero(websiteID)}
	body, err := json.Marshal(in)
	if err != nil {
		return false, fmt.Errorf("magento: is email available: %w", err)
	}
	var free bool
	err = c.do(ctx, call{method: http.MethodPost, path: "/V1/customers/isEmailAvailable", body: body, safe: true}, func(b []byte) error {
		return decodeWhole(b, &free)
	})
	return free, err
}

// SendPasswordResetEmail has Magento mail the customer with this email in
// the website a link to choose a new password (PUT /V1/customers/password,
// template email_reset): the admin REST API cannot set an existing
// customer's password. A customer Magento does not know there is an error
// for which IsNotFound is true. The call may be repeated after a lost
// answer; the customer then gets the mail twice.
func (c *Client) SendPasswordResetEmail(ctx context.Context, email string, websiteID int) error {
	body, err := json.Marshal(struct {
		Email     string `json:"email"`
		Template  string `json:"template"`
		WebsiteID int    `json:"websiteId"`
	}{email, "email_reset", websiteID})
	if err != nil {
		return fmt.Errorf("magento: password reset: %w", err)
	}
	return c.do(ctx, call{method: http.MethodPut, path: "/V1/customers/password", body: body, safe: true}, nil)
}

// Country is a country the store allows, with its regions when Magento
// has a list for it.
type Country struct {
	ID         string // ISO 3166-1 alpha-2, as addresses' country_id
	ISO3       string
	Name       string // in English
	LocaleName string // in the store view's language
	Regions    []DirectoryRegion
}

// DirectoryRegion is a region of a country's list: its id (region_id of
// addresses), code and name.
type DirectoryRegion struct {
	ID         int
	Code, Name string
}

type wireCountry struct {
	ID         string `json:"id"`
	ISO3       string `json:"three_letter_abbreviation"`
	NameLocale string `json:"full_name_locale"`
	NameEn     string `json:"full_name_english"`
	Regions    []struct {
		ID   string `json:"id"` // a string in RegionInformationInterface
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"available_regions"`
}

// Country is one country the store allows, with its regions
// (GET /V1/directory/countries/{countryId}); a country the store does not
// allow is an error IsNotFound reports.
func (c *Client) Country(ctx context.Context, id string) (Country, error) {
	var w wireCountry
	if err := c.getJSON(ctx, "/V1/directory/countries/"+url.PathEscape(id), "", &w); err != nil {
		return Country{}, err
	}
	return w.country()
}

func (w wireCountry) country() (Country, error) {
	ct := Country{ID: w.ID, ISO3: w.ISO3, Name: w.NameEn, LocaleName: w.NameLocale}
	for _, r := range w.Regions {
		id, err := strconv.Atoi(r.ID)
		if err != nil {
			return Country{}, &InvalidRecordError{Reason: fmt.Sprintf("country %s: region id %q", w.ID, r.ID)}
		}
		ct.Regions = append(ct.Regions, DirectoryRegion{ID: id, Code: r.Code, Name: r.Name})
	}
	return ct, nil
}

// Countries lists the countries the store allows (general/country/allow)
// with their regions (GET /V1/directory/countries). Which countries need a
// region is configuration the API does not tell (general/region/state_required).
func (c *Client) Countries(ctx context.Context) ([]Country, error) {
	var wire []wireCountry
	if err := c.getJSON(ctx, "/V1/directory/countries", "", &wire); err != nil {
		return nil, err
	}
	out := make([]Country, len(wire))
	for i, w := range wire {
		ct, err := w.country()
		if err != nil {
			return nil, err
		}
		out[i] = ct
	}
	return out, nil
}
