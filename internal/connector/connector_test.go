package connector

import (
	"context"
	"strings"
	"testing"

	"magecrm/internal/model"
)

func TestEveryChannelTypeHasAConnector(t *testing.T) {
	for _, typ := range []model.ChannelType{"", model.Magento2, model.Magento1} {
		if _, err := For(typ); err != nil {
			t.Errorf("For(%q): %v", typ, err)
		}
	}
	if _, err := For("magento3"); err == nil {
		t.Error("For(magento3) found a connector")
	}
}

func TestCheckSaysWhatIsWrongWithTheSettings(t *testing.T) {
	cases := []struct {
		ch   model.Channel
		want string
	}{
		{model.Channel{Name: "A", Type: model.Magento2, BaseURL: "https://shop.example.com/", AuthKind: "carrier-pigeon"}, "not one Magento 2 takes"},
		{model.Channel{Name: "B", Type: "magento3"}, "no connector"},
	}
	for _, c := range cases {
		steps := Check(context.Background(), &c.ch)
		if len(steps) != 1 || steps[0].OK || !strings.Contains(steps[0].Fix, c.want) {
			t.Errorf("%s: steps %+v, want one failed step saying %q", c.ch.Name, steps, c.want)
		}
	}
}

// A check's settings step names a saved channel, and says of a channel
// not yet saved (no name) what is wrong alone, never channel "".
func TestCheckNamesTheChannelOnlyWhenItHasAName(t *testing.T) {
	bearer := model.Credentials{AccessToken: "t"}
	cases := []struct {
		ch     model.Channel
		prefix string // how the message starts: "" for no channel named
		want   string
	}{
		{model.Channel{Type: model.Magento2, BaseURL: "ftp://shop.example.com/", AuthKind: model.AuthBearer, Credentials: bearer},
			"", "base URL"},
		{model.Channel{Name: "Shop", Type: model.Magento2, BaseURL: "ftp://shop.example.com/", AuthKind: model.AuthBearer,
			Credentials: bearer}, `channel "Shop": `, "base URL"},
		{model.Channel{Type: model.Magento2, BaseURL: "https://shop.example.com/", AuthKind: "carrier-pigeon"},
			"", "not one Magento 2 takes"},
		{model.Channel{Type: model.Magento1, BaseURL: "https://shop.example.com/"}, "", "API user and API key"},
		{model.Channel{Name: "Old shop", Type: model.Magento1, BaseURL: "https://shop.example.com/"},
			`channel "Old shop": `, "API user and API key"},
	}
	for _, c := range cases {
		steps := Check(context.Background(), &c.ch)
		if len(steps) != 1 || steps[0].OK || !strings.Contains(steps[0].Fix, c.want) {
			t.Fatalf("%q: steps %+v, want one failed step saying %q", c.ch.Name, steps, c.want)
		}
		fix := steps[0].Fix
		if !strings.HasPrefix(fix, c.prefix) || c.prefix == "" && strings.Contains(fix, "channel \"") {
			t.Errorf("%q: %q, want it to start with %q and name no channel without a name", c.ch.Name, fix, c.prefix)
		}
	}
}
