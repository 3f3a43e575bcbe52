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
