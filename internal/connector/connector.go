package connector

import (
	"context"
	"fmt"
	"log/slog"

	"magecrm/internal/magento"
	"magecrm/internal/model"
)

// Connector is everything magecrm does with one type of store: check a
// channel's connection, read it (the import's Source) and write to it (the
// push's Sink). Each channel type registers one, in its own file.
type Connector interface {
	// Check tries the channel's connection step by step; a step that
	// fails says what to change. It never returns an empty list.
	Check(ctx context.Context, ch *model.Channel) []magento.CheckStep
	// Source opens the channel's store for the importers.
	Source(ch *model.Channel, log *slog.Logger) (Source, error)
	// Sink opens the channel's store for the push.
	Sink(ch *model.Channel, log *slog.Logger) (Sink, error)
}

var connectors = map[model.ChannelType]Connector{}

func register(t model.ChannelType, c Connector) { connectors[t] = c }

// For returns the connector of a channel type; "" is Magento 2, the type
// of channels saved before there were others.
func For(t model.ChannelType) (Connector, error) {
	if t == "" {
		t = model.Magento2
	}
	c, ok := connectors[t]
	if !ok {
		return nil, fmt.Errorf("no connector for channel type %q", t)
	}
	return c, nil
}

// Check tries ch's connection with the connector of its type.
func Check(ctx context.Context, ch *model.Channel) []magento.CheckStep {
	c, err := For(ch.Type)
	if err != nil {
		return settingsStep(err)
	}
	return c.Check(ctx, ch)
}

// OpenSource opens ch's store for the importers with the connector of its type.
func OpenSource(ch *model.Channel, log *slog.Logger) (Source, error) {
	c, err := For(ch.Type)
	if err != nil {
		return nil, err
	}
	return c.Source(ch, log)
}

// OpenSink opens ch's store for the push with the connector of its type.
func OpenSink(ch *model.Channel, log *slog.Logger) (Sink, error) {
	c, err := For(ch.Type)
	if err != nil {
		return nil, err
	}
	return c.Sink(ch, log)
}

// channelError puts ch's name before err. A channel not yet saved (the
// check of a form) has no name to give: err alone says what is wrong.
func channelError(ch *model.Channel, err error) error {
	if ch.Name == "" {
		return err
	}
	return fmt.Errorf("channel %q: %w", ch.Name, err)
}

// settingsStep is the one failed step of a check whose channel settings
// cannot make a client.
func settingsStep(err error) []magento.CheckStep {
	return []magento.CheckStep{{Name: "settings", Fix: err.Error()}}
}
