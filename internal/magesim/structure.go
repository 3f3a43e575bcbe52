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
