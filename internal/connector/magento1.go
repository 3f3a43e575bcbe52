package connector

import (
	"context"
	"log/slog"

	"magecrm/internal/magento"
	"magecrm/internal/magento1"
	"magecrm/internal/model"
)

// magento1Connector connects Magento 1 / OpenMage stores through their SOAP v2 API.
type magento1Connector struct{}

func init() { register(model.Magento1, magento1Connector{}) }

// Check tries the WSDL, the login, the store list, a customer list and the
// XML-RPC endpoint (a warning when blocked).
func (magento1Connector) Check(ctx context.Context, ch *model.Channel) []magento.CheckStep {
	c, err := NewMagento1Client(ch)
	if err != nil {
		return settingsStep(err)
	}
	var steps []magento.CheckStep
	for _, st := range c.CheckConnection(ctx) {
		steps = append(steps, magento.CheckStep{Name: st.Name, OK: st.OK, Warning: st.Warning, Detail: st.Detail, Fix: st.Fix})
	}
	return steps
}

// Source reads the store through its SOAP v2 API.
func (magento1Connector) Source(ch *model.Channel, _ *slog.Logger) (Source, error) {
	c, err := NewMagento1Client(ch)
	if err != nil {
		return nil, err
	}
	return NewMagento1Source(c, ch), nil
}

// Sink writes through the store's SOAP v2 API.
func (magento1Connector) Sink(ch *model.Channel, _ *slog.Logger) (Sink, error) {
	c, err := NewMagento1Client(ch)
	if err != nil {
		return nil, err
	}
	return NewMagento1Sink(c), nil
}

// NewMagento1Client configures a SOAP v2 client for channel ch.
func NewMagento1Client(ch *model.Channel) (*magento1.Client, error) {
	c, err := magento1.New(magento1.Config{BaseURL: ch.BaseURL, APIUser: ch.Credentials.APIUser,
		APIKey: ch.Credentials.APIKey, WSI: ch.WSICompliance})
	if err != nil {
		return nil, channelError(ch, err)
	}
	return c, nil
}
