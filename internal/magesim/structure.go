package magesim

// Website is a Magento website (store_website).
type Website struct {
	ID             int
	Code, Name     string
	DefaultGroupID int
}

// StoreGroup is a Magento store (store_group): the level between website and store view.
type StoreGroup struct {
	ID, WebsiteID, RootCategoryID, DefaultStoreID int
	Name, Code                                    string
}

// StoreView is a Magento store view (store).
type StoreView struct {
	ID                 int
	Code, Name         string
	WebsiteID, GroupID int
	Active             bool
	Locale, Currency   string
	Timezone           string
}

// CustomerGroup is a Magento customer group.
type CustomerGroup struct {
	ID           int
	Code         string
	TaxClassID   int
	TaxClassName string
}

// Region is one entry of Magento's directory_country_region table.
type Region struct {
	ID         int
	Code, Name string
}

// The store structure every simulated store has: the admin entries with id 0
// that Magento always has, two websites, two store groups and three store views.
var (
	websites = []Website{
		{0, "admin", "Admin", 0},
		{1, "base", "Main Website", 1},
		{2, "eu", "EU Website", 2},
	}
	storeGroups = []StoreGroup{
		{0, 0, 0, 0, "Default", "default"},
		{1, 1, 2, 1, "Main Website Store", "main_website_store"},
		{2, 2, 2, 2, "EU Store", "eu_store"},
	}
	storeViews = []StoreView{
		{0, "admin", "Admin", 0, 0, true, "en_US", "USD", "UTC"},
		{1, "default", "Default Store View", 1, 1, true, "en_US", "USD", "America/Chicago"},
		{2, "eu_en", "EU English", 2, 2, true, "en_GB", "EUR", "Europe/Berlin"},
		{3, "eu_de", "EU Deutsch", 2, 2, true, "de_DE", "EUR", "Europe/Berlin"},
	}
	customerGroups = []CustomerGroup{
		{0, "NOT LOGGED IN", 3, "Retail Customer"},
		{1, "General", 3, "Retail Customer"},
		{2, "Wholesale", 3, "Retail Customer"},
		{3, "Retailer", 3, "Retail Customer"},
	}
)

// defaultGroupID is customer/create_account/default_group.
const defaultGroupID = 1

// regions is a small directory: countries with required states have entries.
var regions = map[string][]Region{
	"US": {{12, "CA", "California"}, {43, "NY", "New York"}, {57, "TX", "Texas"}, {18, "FL", "Florida"}, {62, "WA", "Washington"}},
	"DE": {{82, "BER", "Berlin"}, {81, "BAY", "Bayern"}, {88, "NRW", "Nordrhein-Westfalen"}, {84, "HAM", "Hamburg"}},
	"CA": {{74, "ON", "Ontario"}, {76, "QC", "Québec"}, {67, "BC", "British Columbia"}},
	"FR": {{257, "75", "Paris"}, {182, "13", "Bouches-du-Rhône"}, {251, "69", "Rhône"}},
}

// optionalZipCountries is general/country/optional_zip_countries.
var optionalZipCountries = map[string]bool{"HK": true, "IE": true, "MO": true, "PA": true}

// allowedCountries is general/country/allow: addresses in other countries are
// dropped on create and refused on update.
var allowedCountries = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range []string{"AD", "AE", "AR", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CL", "CN", "CO",
		"CY", "CZ", "DE", "DK", "EE", "EG", "ES", "FI", "FR", "GB", "GR", "HK", "HR", "HU", "IE", "IL", "IN",
		"IS", "IT", "JP", "KR", "LT", "LU", "LV", "MO", "MT", "MX", "NL", "NO", "NZ", "PA", "PL", "PT", "RO",
		"RS", "SE", "SG", "SI", "SK", "TR", "UA", "US", "ZA"} {
		m[c] = true
	}
	return m
}()

func findWebsite(id int) (Website, bool) {
	for _, w := range websites {
		if w.ID == id {
			return w, true
		}
	}
	return Website{}, false
}

func findStoreView(id int) (StoreView, bool) {
	for _, s := range storeViews {
		if s.ID == id {
			return s, true
		}
	}
	return StoreView{}, false
}

func findStoreViewByCode(code string) (StoreView, bool) {
	for _, s := range storeViews {
		if s.Code == code && s.ID != 0 {
			return s, true
		}
	}
	return StoreView{}, false
}

func findGroup(id int) (CustomerGroup, bool) {
	for _, g := range customerGroups {
		if g.ID == id {
			return g, true
		}
	}
	return CustomerGroup{}, false
}

func findRegion(country string, id int, code string) (Region, bool) {
	for _, r := range regions[country] {
		if (id != 0 && r.ID == id) || (id == 0 && code != "" && r.Code == code) {
			return r, true
		}
	}
	return Region{}, false
}

// websiteDefaultStore is the default store view of a website's default group.
func websiteDefaultStore(websiteID int) (StoreView, bool) {
	w, ok := findWebsite(websiteID)
	if !ok {
		return StoreView{}, false
	}
	for _, g := range storeGroups {
		if g.ID == w.DefaultGroupID {
			return findStoreView(g.DefaultStoreID)
		}
	}
	return StoreView{}, false
}

// Websites lists the websites, admin website 0 included.
func (s *Sim) Websites() []Website { return append([]Website(nil), websites...) }

// StoreViews lists the store views, admin store 0 included.
func (s *Sim) StoreViews() []StoreView { return append([]StoreView(nil), storeViews...) }

// CustomerGroups lists the customer groups, NOT LOGGED IN (0) included.
func (s *Sim) CustomerGroups() []CustomerGroup {
	return append([]CustomerGroup(nil), customerGroups...)
}
