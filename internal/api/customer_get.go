package api

import (
	"context"
	"net/http"
)

type customerIDInput struct {
	ID int64 `path:"id" doc:"The customer's id in magecrm"`
}

type customerOutput struct {
	ETag     string `header:"ETag" doc:"The customer's version; send it as If-Match to change the customer"`
	Location string `header:"Location" doc:"Set on create: the new customer's URL"`
	Body     Customer
}

func (s *Server) getCustomer(ctx context.Context, in *customerIDInput) (*customerOutput, error) {
	return s.customerAnswer(ctx, in.ID, 0)
}

// customerAnswer reads a customer for an answer; status 201 adds its Location.
func (s *Server) customerAnswer(ctx context.Context, id int64, status int) (*customerOutput, error) {
	c, err := s.CRM.Customer(ctx, sessionOf(ctx), id)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &customerOutput{ETag: etag(c.RowVersion), Body: customerOut(c)}
	if status == http.StatusCreated {
		out.Location = Prefix + "/customers/" + itoa(c.ID)
	}
	return out, nil
}
