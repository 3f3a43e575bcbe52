package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
)

// Conflict is a field of a customer that both magecrm and Magento changed
// and the channel's priority decided, listed until a person settles it:
// take the value that lost, or keep the one that won.
type Conflict struct {
	ID         int64     `json:"id"`
	CustomerID int64     `json:"customer_id"`
	Customer   string    `json:"customer" doc:"The customer's name"`
	Email      string    `json:"email"`
	Field      string    `json:"field" doc:"A customer field (firstname, email, group, …), or \"address <key>\" for one address"`
	Kept       string    `json:"kept" doc:"The value the channel's priority kept, as stored (an address in one line)"`
	Lost       string    `json:"lost" doc:"The other value"`
	KeptText   string    `json:"kept_text" doc:"The kept value as the page shows it: groups, stores and websites by name"`
	LostText   string    `json:"lost_text"`
	KeptFrom   string    `json:"kept_from" enum:"magecrm,magento" doc:"Whose value was kept"`
	CanSettle  bool      `json:"can_settle" doc:"You may settle it: you may edit the customer"`
	Take       string    `json:"take" doc:"POST here to make the lost value the customer's"`
	Keep       string    `json:"keep" doc:"POST here to close the conflict with the kept value"`
	CreatedAt  time.Time `json:"created_at"`
}

func conflictOut(k *crm.ChannelConflict) Conflict {
	from := "magento"
	if k.KeptLocal {
		from = "magecrm"
	}
	base := Prefix + "/customers/" + itoa(k.CustomerID) + "/conflicts/" + itoa(k.ID)
	return Conflict{ID: k.ID, CustomerID: k.CustomerID, Customer: k.Name, Email: k.Email, Field: k.Field, Kept: k.Kept,
		Lost: k.Lost, KeptText: k.KeptText, LostText: k.LostText, KeptFrom: from, CanSettle: k.CanSettle,
		Take: base + "/take", Keep: base + "/keep", CreatedAt: k.CreatedAt}
}

type conflictListInput struct {
	ID     int64  `path:"id"`
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
	Cursor string `query:"cursor" doc:"The next (older) page's position, from the previous page's next link"`
}

type conflictListOutput struct {
	Body struct {
		Items []Conflict `json:"items" doc:"Newest first; only customers you may view"`
		Next  string     `json:"next,omitempty" doc:"The next (older) page's URL; absent on the last page"`
	}
}

func (s *Server) listChannelConflicts(ctx context.Context, in *conflictListInput) (*conflictListOutput, error) {
	page, err := s.CRM.ChannelConflicts(ctx, sessionOf(ctx), in.ID, in.Cursor, in.Limit)
	if err != nil {
		return nil, s.listProblem(err)
	}
	out := &conflictListOutput{}
	out.Body.Items = make([]Conflict, len(page.Conflicts))
	for i := range page.Conflicts {
		out.Body.Items[i] = conflictOut(&page.Conflicts[i])
	}
	out.Body.Next = nextPage("/channels/"+itoa(in.ID)+"/conflicts", page.Next, in.Limit, nil)
	return out, nil
}

type conflictSettleInput struct {
	ID       int64 `path:"id" doc:"The customer's id"`
	Conflict int64 `path:"conflict"`
}

// settleConflict answers one way of settling a conflict with the
// customer as it is afterwards.
func (s *Server) settleConflict(settle func(context.Context, *crm.Session, int64, int64) error) func(context.Context, *conflictSettleInput) (*customerOutput, error) {
	return func(ctx context.Context, in *conflictSettleInput) (*customerOutput, error) {
		if err := settle(ctx, sessionOf(ctx), in.ID, in.Conflict); err != nil {
			return nil, s.problem(err)
		}
		return s.customerAnswer(ctx, in.ID, 0)
	}
}

func conflictRoutes(s *Server) {
	a := s.api
	huma.Register(a, op(http.MethodGet, "/channels/{id}/conflicts", "list-channel-conflicts", "Channels",
		"Open conflicts of the channel's customers you may view, newest first", 403, 404, 422), s.listChannelConflicts)
	huma.Register(a, op(http.MethodPost, "/customers/{id}/conflicts/{conflict}/take", "take-conflict-value", "Customers",
		"Make the value that lost a conflict the customer's (sent to Magento where Magento does not hold it); answers the customer", 403, 404, 409),
		s.settleConflict(s.CRM.TakeConflictValue))
	huma.Register(a, op(http.MethodPost, "/customers/{id}/conflicts/{conflict}/keep", "keep-conflict-value", "Customers",
		"Close a conflict with the value the channel's priority kept; answers the customer", 403, 404, 409),
		s.settleConflict(s.CRM.KeepConflictValue))
}
