package crm

import (
	"testing"

	"magecrm/internal/model"
)

func TestAddressRulesFollowMagentoDefaults(t *testing.T) {
	stored := []model.Address{{ID: 7, FirstName: "Anne", LastName: "Roy", Street: []string{"1 rue Sainte-Catherine"},
		City: "Montréal", Region: "Québec", RegionCode: "QC", PostCode: "H2X 1K4", CountryID: "CA", Telephone: "514 555 0100"}}
	cases := []struct {
		name string
		a    model.Address
		want string // the field refused, or ""
	}{
		{"untouched imported address keeps Magento's spelling", stored[0], ""},
		{"an untouched address as the form sends it, with an empty second street line",
			func() model.Address {
				a := stored[0]
				a.Street, a.RegionCode = []string{"1 rue Sainte-Catherine", ""}, ""
				return a
			}(), ""},
		{"France needs no region", model.Address{FirstName: "Luc", LastName: "Brun", Street: []string{"2 rue de Rivoli"},
			City: "Paris", PostCode: "75001", CountryID: "FR", Telephone: "01 23 45 67 89"}, ""},
		{"Québec with its accent matches Quebec", model.Address{FirstName: "Anne", LastName: "Roy", Street: []string{"3 rue Peel"},
			City: "Montréal", Region: "Québec", PostCode: "H3C 2G9", CountryID: "CA", Telephone: "514 555 0101"}, ""},
		{"the United States need a state", model.Address{FirstName: "Al", LastName: "Ng", Street: []string{"4 Main St"},
			City: "Austin", PostCode: "73301", CountryID: "US", Telephone: "512 555 0100"}, "address.0.region"},
	}
	for _, c := range cases {
		fe := FieldErrors{}
		list := []model.Address{c.a}
		checkAddresses(list, stored, model.BuiltinDirectory(), fe)
		got := ""
		for k := range fe {
			got = k
		}
		if got != c.want {
			t.Errorf("%s: refused %q (%v), want %q", c.name, got, fe, c.want)
		}
		if c.a.ID == 7 && (list[0].RegionCode != "QC" || len(list[0].Street) != 1) {
			t.Errorf("%s: saved with region code %q and street %q, want it as stored", c.name, list[0].RegionCode, list[0].Street)
		}
	}
}
