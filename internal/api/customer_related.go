package api

import (
	"context"

	"magecrm/internal/model"
)

type addressListOutput struct {
	Body struct {
		Items []Address `json:"items"`
	}
}

func (s *Server) listCustomerAddresses(ctx context.Context, in *customerIDInput) (*addressListOutput, error) {
	list, err := s.CRM.CustomerAddresses(ctx, sessionOf(ctx), in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &addressListOutput{}
	out.Body.Items = make([]Address, len(list))
	for i := range list {
		out.Body.Items[i] = addressOut(&list[i])
	}
	return out, nil
}

// Order is a Magento order of a customer, as the sync imported it.
type Order struct {
	ID          int64   `json:"id"`
	OriginID    int64   `json:"origin_id" doc:"Magento's order id"`
	IncrementID string  `json:"increment_id" doc:"The order number Magento shows"`
	Status      string  `json:"status"`
	State       string  `json:"state"`
	GrandTotal  float64 `json:"grand_total"`
	Currency    string  `json:"currency"`
	CreatedAt   string  `json:"created_at" doc:"As Magento gave it"`
}

type orderListInput struct {
	ID    int64 `path:"id"`
	Limit int   `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"The newest this many"`
}

type orderListOutput struct {
	Body struct {
		Items []Order `json:"items"`
	}
}

func (s *Server) listCustomerOrders(ctx context.Context, in *orderListInput) (*orderListOutput, error) {
	list, err := s.CRM.CustomerOrders(ctx, sessionOf(ctx), in.ID, in.Limit)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &orderListOutput{}
	out.Body.Items = make([]Order, len(list))
	for i, o := range list {
		out.Body.Items[i] = orderOut(o)
	}
	return out, nil
}

func orderOut(o model.Order) Order {
	return Order{ID: o.ID, OriginID: o.OriginID, IncrementID: o.IncrementID, Status: o.Status, State: o.State,
		GrandTotal: o.GrandTotal, Currency: o.Currency, CreatedAt: o.RemoteCreatedAt}
}
