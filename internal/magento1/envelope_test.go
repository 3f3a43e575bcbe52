package magento1

import (
	"os"
	"testing"
)

// TestEnvelopesMatchRecordedShapes compares the requests the client builds
// with the envelopes recorded from the WSDL (testdata/*_request.xml, the
// same ones magesim's contract tests replay).
func TestEnvelopesMatchRecordedShapes(t *testing.T) {
	window := Filters{Conditions: []Condition{{"customer_id", "from", "2"}, {"customer_id", "to", "3"}}}
	for _, style := range []struct {
		name string
		wsi  bool
	}{{"rpc", false}, {"wsi", true}} {
		e := encoder{wsi: style.wsi}
		for step, got := range map[string][]byte{
			"login":                e.envelope(NamespaceOpenMage, "login", e.str("username", "magecrm"), e.str("apiKey", "magesimapikey123")),
			"customerCustomerList": e.envelope(NamespaceOpenMage, "customerCustomerList", e.str("sessionId", "SESSION"), e.filters(window)),
			"customerAddressList":  e.envelope(NamespaceOpenMage, "customerAddressList", e.str("sessionId", "SESSION"), e.int("customerId", 1)),
			"fault":                e.envelope(NamespaceOpenMage, "customerCustomerInfo", e.str("sessionId", "SESSION"), e.int("customerId", 404)),
		} {
			want, err := os.ReadFile("testdata/" + style.name + "_" + step + "_request.xml")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("%s %s:\ngot  %s\nwant %s", style.name, step, got, want)
			}
		}
	}
}
