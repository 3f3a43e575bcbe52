package magento

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Website is a Magento website; id 0 is the admin website.
type Website struct {
	ID             int    `json:"id"`
	Code           string `json:"code"`
	Name           string `json:"name"`
	DefaultGroupID int    `json:"default_group_id"`
}

// StoreGroup is a Magento store (a "group" in the API); id 0 is the admin store.
type StoreGroup struct {
	ID             int    `json:"id"`
	WebsiteID      int    `json:"website_id"`
	RootCategoryID int    `json:"root_category_id"`
	DefaultStoreID int    `json:"default_store_id"`
	Name           string `json:"name"`
	Code           string `json:"code"`
}

// StoreView is a Magento store view; id 0 is the admin store view.
type StoreView struct {
	ID           int    `json:"id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	WebsiteID    int    `json:"website_id"`
	StoreGroupID int    `json:"store_group_id"`
	IsActive     int    `json:"is_active"`
}

// StoreConfig is the configuration of one store view (admin excluded).
type StoreConfig struct {
	ID                         int    `json:"id"`
	Code                       string `json:"code"`
	WebsiteID                  int    `json:"website_id"`
	Locale                     string `json:"locale"`
	BaseCurrencyCode           string `json:"base_currency_code"`
	DefaultDisplayCurrencyCode string `json:"default_display_currency_code"`
	Timezone                   string `json:"timezone"`
	WeightUnit                 string `json:"weight_unit"`
	BaseURL                    string `json:"base_url"`
	BaseLinkURL                string `json:"base_link_url"`
	BaseStaticURL              string `json:"base_static_url"`
	BaseMediaURL               string `json:"base_media_url"`
	SecureBaseURL              string `json:"secure_base_url"`
	SecureBaseLinkURL          string `json:"secure_base_link_url"`
	SecureBaseStaticURL        string `json:"secure_base_static_url"`
	SecureBaseMediaURL         string `json:"secure_base_media_url"`
}

// CustomerGroup is a customer group; 0 is NOT LOGGED IN.
type CustomerGroup struct {
	ID           int    `json:"id"`
	Code         string `json:"code"`
	TaxClassID   int    `json:"tax_class_id"`
	TaxClassName string `json:"tax_class_name"`
}

// Websites lists every website, the admin website (id 0) included.
func (c *Client) Websites(ctx context.Context) ([]Website, error) {
	var out []Website
	return out, c.getJSON(ctx, "/V1/store/websites", "", &out)
}

// StoreGroups lists every store (group), the admin one (id 0) included.
func (c *Client) StoreGroups(ctx context.Context) ([]StoreGroup, error) {
	var out []StoreGroup
	return out, c.getJSON(ctx, "/V1/store/storeGroups", "", &out)
}

// StoreViews lists every store view, the admin one (id 0) included.
func (c *Client) StoreViews(ctx context.Context) ([]StoreView, error) {
	var out []StoreView
	return out, c.getJSON(ctx, "/V1/store/storeViews", "", &out)
}

// StoreConfigs lists the configuration (locale, currency, timezone, URLs) of
// every store view but the admin one.
func (c *Client) StoreConfigs(ctx context.Context) ([]StoreConfig, error) {
	var out []StoreConfig
	return out, c.getJSON(ctx, "/V1/store/storeConfigs", "", &out)
}

// CustomerGroups lists every customer group, NOT LOGGED IN (id 0) included.
func (c *Client) CustomerGroups(ctx context.Context) ([]CustomerGroup, error) {
	var groups []CustomerGroup
	pager := NewOffsetPager(NewSearch().Size(300), c.searchCustomerGroups)
	for {
		page, err := pager.Next(ctx)
		if err == io.EOF {
			return groups, nil
		}
		if err != nil {
			return nil, err
		}
		if len(page.Problems) > 0 {
			return nil, fmt.Errorf("magento: customer group %s", page.Problems[0])
		}
		groups = append(groups, page.Items...)
	}
}

func (c *Client) searchCustomerGroups(ctx context.Context, sc SearchCriteria) (*Page[CustomerGroup], error) {
	var page *Page[CustomerGroup]
	err := c.do(ctx, call{method: http.MethodGet, path: "/V1/customerGroups/search", query: sc.Encode(), safe: true},
		func(body []byte) (err error) {
			page, err = decodePage(body, sc.PageSize, func(g *CustomerGroup) (CustomerGroup, recordKey, string) {
				return *g, recordKey{id: g.ID}, ""
			})
			return err
		})
	return page, err
}

// getJSON runs a safe GET and decodes the whole answer into out.
func (c *Client) getJSON(ctx context.Context, path, query string, out any) error {
	return c.do(ctx, call{method: http.MethodGet, path: path, query: query, safe: true}, func(body []byte) error {
		return decodeWhole(body, out)
	})
}
