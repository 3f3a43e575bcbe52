package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"magecrm/internal/api"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/testrig"
)

// TestMagento1RefusesWhatItsAPICannotSend: on a Magento 1 channel the API
// takes neither a newsletter change nor the password of a customer Magento
// already has, says why, and queues nothing to send.
func TestMagento1RefusesWhatItsAPICannotSend(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		a := newTestAPI(t, d, api.Options{})
		s := a.rig.Shop(testrig.ShopSpec{Type: "magento1", Name: "Old shop", TwoWay: true, Website: "Main Website",
			Stores: []string{"Default Store View"}, Groups: []string{"General"}})
		id := a.rig.Customer(s, testrig.CustomerSpec{Store: s.Stores[0], Group: s.Groups[0], OriginID: 7, First: "Ann",
			Last: "Old", Email: "ann@example.com", Owner: a.rig.Admin.ID})
		tok := a.token("admin", false)
		path := fmt.Sprintf("/api/v1/customers/%d", id)
		etag := a.call(tok, "GET", path, nil).header.Get("ETag")

		pw := a.call(tok, "PATCH", path, map[string]any{"password": "Secret-pass-42"}, "If-Match", etag).problem(t)
		if pw.Status != http.StatusUnprocessableEntity || !strings.Contains(pw.fieldMessage("body.password"), "Magento 1's API cannot set the password") {
			t.Errorf("a password for a customer Magento 1 has: %+v", pw)
		}
		news := a.call(tok, "POST", path+"/newsletter", map[string]any{"subscribed": true}).problem(t)
		if news.Status != http.StatusConflict || !strings.Contains(news.Detail, "no newsletter call") {
			t.Errorf("a newsletter change on Magento 1: %+v", news)
		}
		var waiting int
		if err := d.QueryRow("SELECT COUNT(*) FROM jobs").Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		var state int
		var subscribed *bool
		if err := d.QueryRow("SELECT sync_state, is_subscribed FROM magento_customers WHERE id = $1", id).Scan(&state, &subscribed); err != nil {
			t.Fatal(err)
		}
		if waiting != 0 || state != 0 || subscribed != nil {
			t.Errorf("after the refusals: %d sends queued, sync state %d, subscribed %v", waiting, state, subscribed)
		}
	})
}
