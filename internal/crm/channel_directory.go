package crm

import (
	"context"
	"errors"
	"fmt"

	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// CountryDirectory returns the countries and regions a customer of channel
// channelID may have addresses in: its store's, as last read by Check
// connection or a sync, or magecrm's own list (Builtin) when the store was
// not read yet (or for no channel). Nothing in it is secret.
func (s *Service) CountryDirectory(ctx context.Context, channelID int64) (*model.Directory, error) {
	return s.channelDirectory(ctx, channelID)
}

func (s *Service) channelDirectory(ctx context.Context, channelID int64) (*model.Directory, error) {
	if channelID == 0 {
		return model.BuiltinDirectory(), nil
	}
	d, err := s.Store.ChannelDirectory(ctx, channelID)
	if errors.Is(err, store.ErrNotFound) {
		return model.BuiltinDirectory(), nil
	}
	return d, err
}

// readDirectory reads the countries of a saved channel's store again and
// keeps them, as the last step of a passed connection check. A store that
// cannot list them keeps the last list read (or magecrm's own), which the
// step says.
func (s *Service) readDirectory(ctx context.Context, ch *model.Channel) magento.CheckStep {
	step := magento.CheckStep{Name: "countries", OK: true}
	src, err := connector.OpenSource(ch, s.Log)
	if err != nil {
		step.Detail = "customer forms keep their list of countries: " + err.Error()
		return step
	}
	ds, ok := src.(connector.DirectorySource)
	if !ok {
		step.Detail = "this type of store does not list its countries: customer forms offer magecrm's own list"
		return step
	}
	countries, err := ds.Countries(ctx)
	if err == nil {
		err = s.Store.SaveChannelDirectory(ctx, ch.ID, countries, s.Now())
	}
	if err != nil {
		step.Detail = "the store's countries could not be read (" + err.Error() + "): customer forms keep the last list read, or magecrm's own"
		return step
	}
	step.Detail = fmt.Sprintf("%d countries the store takes addresses in, offered by customer forms", len(countries))
	return step
}
