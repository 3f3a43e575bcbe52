package push_test

import (
	"context"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
)

// TestAnEditedRegionReachesMagento changes the state of an imported US
// address and adds a new US address, and checks that Magento holds both
// states with their own region ids afterwards. Magento reads the region
// from region_id first: sent with the old id, the edit would be undone.
func TestAnEditedRegionReachesMagento(t *testing.T) {
	for _, typ := range []model.ChannelType{model.Magento2, model.Magento1} {
		t.Run(string(typ), func(t *testing.T) {
			dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
				e := newEnvOf(t, d, typ, magesim.Options{Customers: 40}, model.RemoteWins)
				origin, addressOrigin, oldRegionID := 0, 0, 0
				for o := 1; o <= 40 && origin == 0; o++ {
					c, _ := e.sim.Customer(o)
					for _, a := range c.Addresses {
						if a.CountryID == "US" && a.RegionID != 0 && a.Region != "Texas" {
							origin, addressOrigin, oldRegionID = o, a.ID, a.RegionID
							break
						}
					}
				}
				if origin == 0 {
					t.Fatal("the simulated store has no US address with a region among its first 40 customers")
				}
				id := e.byOrigin(origin)
				e.editAll(id, func(_ *model.Customer, addrs []model.Address) []model.Address {
					for i := range addrs {
						if addrs[i].OriginID == int64(addressOrigin) {
							addrs[i].RegionCode, addrs[i].Region = "TX", "Texas"
						}
					}
					return append(addrs, model.Address{FirstName: "New", LastName: "Address", Street: []string{"1 Ocean Avenue"},
						City: "Santa Monica", RegionCode: "CA", Region: "California", PostCode: "90401", CountryID: "US", Telephone: "310 555 0100"})
				})
				e.sendAll()

				c, _ := e.sim.Customer(origin)
				var texas, california *magesim.Address
				for i, a := range c.Addresses {
					switch {
					case a.ID == addressOrigin:
						texas = &c.Addresses[i]
					case a.City == "Santa Monica":
						california = &c.Addresses[i]
					}
				}
				if texas == nil || texas.Region != "Texas" || texas.RegionID == 0 || texas.RegionID == oldRegionID {
					t.Errorf("the edited address in Magento: %+v, want Texas with its own region id (not %d)", texas, oldRegionID)
				}
				if california == nil || california.Region != "California" || california.RegionID == 0 {
					t.Errorf("the new address in Magento: %+v, want California with its region id", california)
				}
				addrs, err := e.st.CustomerAddresses(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range addrs {
					if a.OriginID == int64(addressOrigin) && a.Region != "Texas" {
						t.Errorf("magecrm's address went back to %q after the send", a.Region)
					}
				}
				if got := e.load(id); got.SyncState != 0 {
					t.Errorf("customer not in sync after the send: %s %q", got.SyncLabel(), got.SyncError)
				}
			})
		})
	}
}
