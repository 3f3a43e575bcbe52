package connector

import (
	"context"
	"fmt"
	"log/slog"

	"magecrm/internal/magento"
	"magecrm/internal/model"
)

// magento2 connects Magento 2 / Adobe Commerce stores through their REST API.
type magento2 struct{}

func init() { register(model.Magento2, magento2{}) }

// Check tries the REST steps: connect, TLS, Magento, credentials, store
// views, one customer.
func (magento2) Check(ctx context.Context, ch *model.Channel) []magento.CheckStep {
	c, err := NewMagento2Client(ch, nil)
	if err != nil {
		return settingsStep(err)
	}
	return c.CheckConnection(ctx)
}

// Source reads the store through its REST API.
func (magento2) Source(ch *model.Channel, log *slog.Logger) (Source, error) {
	c, err := NewMagento2Client(ch, log)
	if err != nil {
		return nil, err
	}
	return NewMagento2Source(c, ch), nil
}

// Sink writes to the store through its REST API.
func (magento2) Sink(ch *model.Channel, log *slog.Logger) (Sink, error) {
	c, err := NewMagento2Client(ch, log)
	if err != nil {
		return nil, err
	}
	return NewMagento2Sink(c), nil
}

// NewMagento2Client configures a Magento 2 REST client for channel ch: its
// base URL, credentials by auth kind, and TLS settings. Skipping certificate
// verification is logged to log (nil: not logged) by the client.
func NewMagento2Client(ch *model.Channel, log *slog.Logger) (*magento.Client, error) {
	if ch.Type != "" && ch.Type != model.Magento2 {
		return nil, channelError(ch, fmt.Errorf("it is a %s channel, not Magento 2", ch.Type))
	}
	cr := ch.Credentials
	auth := magento.Auth{Username: cr.Username, Password: cr.Password, AccessToken: cr.AccessToken,
		ConsumerKey: cr.ConsumerKey, ConsumerSecret: cr.ConsumerSecret, AccessTokenSecret: cr.AccessTokenSecret}
	switch ch.AuthKind {
	case model.AuthAdminToken:
		auth.Kind = magento.AdminToken
	case model.AuthBearer:
		auth.Kind = magento.Bearer
	case model.AuthOAuth:
		auth.Kind = magento.OAuth
	default:
		return nil, channelError(ch, fmt.Errorf("sign-in %q is not one Magento 2 takes (admin token, integration token or OAuth)", ch.AuthKind))
	}
	c, err := magento.New(magento.Config{BaseURL: ch.BaseURL, Auth: auth, CAFile: ch.CAFile,
		InsecureSkipVerify: ch.SkipTLSVerify, Logger: log})
	if err != nil {
		return nil, channelError(ch, err)
	}
	return c, nil
}
