package crm

import (
	"context"
	"errors"
	"fmt"

	"magecrm/internal/model"
	"magecrm/internal/store"
)

// ChannelNamed returns the channel with this name, without its secrets, for
// the command line (whose operator is trusted: no actor checks). An unknown
// name is an error that says where the names are listed.
func (s *Service) ChannelNamed(ctx context.Context, name string) (*model.Channel, error) {
	ch, err := s.Store.ChannelByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no channel is named %q (magecrm channel list shows them)", name)
	}
	if err != nil {
		return nil, err
	}
	return withoutSecrets(ch), nil
}
