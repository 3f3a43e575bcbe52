package magentosync

import (
	"fmt"
	"log/slog"

	"magecrm/internal/magento"
	"magecrm/internal/model"
)

// NewMagentoClient configures a Magento 2 REST client for channel ch: its
// base URL, credentials by auth kind, and TLS settings. Skipping certificate
// verification is logged as a warning by the client.
func NewMagentoClient(ch *model.Channel) (*magento.Client, error) {
	return newClient(ch, nil)
}

func newClient(ch *model.Channel, log *slog.Logger) (*magento.Client, error) {
	if ch.Type != "" && ch.Type != model.Magento2 {
		return nil, fmt.Errorf("channel %q is a %s channel; only Magento 2 is supported", ch.Name, ch.Type)
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
		return nil, fmt.Errorf("channel %q: sign-in %q is not one Magento 2 takes (admin token, integration token or OAuth)", ch.Name, ch.AuthKind)
	}
	c, err := magento.New(magento.Config{BaseURL: ch.BaseURL, Auth: auth, CAFile: ch.CAFile,
		InsecureSkipVerify: ch.SkipTLSVerify, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("channel %q: %w", ch.Name, err)
	}
	return c, nil
}
