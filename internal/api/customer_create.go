package api

import (
	"context"
	"net/http"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// CustomerCreate is a new customer. Fields are checked as the create form
// checks them, and the messages are the form's.
type CustomerCreate struct {
	ChannelID  int64          `json:"channel_id,omitempty" doc:"A channel with two-way sync"`
	StoreID    int64          `json:"store_id,omitempty" doc:"A store view of the channel"`
	GroupID    int64          `json:"group_id,omitempty" doc:"A customer group of the channel"`
	Prefix     string         `json:"prefix,omitempty"`
	FirstName  string         `json:"first_name,omitempty"`
	MiddleName string         `json:"middle_name,omitempty"`
	LastName   string         `json:"last_name,omitempty"`
	Suffix     string         `json:"suffix,omitempty"`
	Email      string         `json:"email,omitempty"`
	DOB        string         `json:"dob,omitempty" doc:"YYYY-MM-DD"`
	Gender     string         `json:"gender,omitempty" enum:"male,female,not_specified,none"`
	TaxVAT     string         `json:"taxvat,omitempty"`
	OwnerID    int64          `json:"owner_id,omitempty" doc:"A user you may assign customers to; you when absent"`
	ContactID  int64          `json:"contact_id,omitempty"`
	AccountID  int64          `json:"account_id,omitempty"`
	Password   string         `json:"password,omitempty" doc:"Magento's password rules apply; kept encrypted only until sent to Magento"`
	Addresses  []AddressInput `json:"addresses,omitempty"`
}

type customerCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create instead of making a second customer"`
	Body           CustomerCreate
}

func genderIn(name string) model.Gender {
	for g, n := range genderNames {
		if n == name {
			return g
		}
	}
	if name == "" {
		return model.GenderNone
	}
	return -1 // refused by the service with the form's message
}

func (s *Server) createCustomer(ctx context.Context, in *customerCreateInput) (*customerOutput, error) {
	b := in.Body
	c, err := s.CRM.CreateCustomer(ctx, sessionOf(ctx), crm.CustomerInput{ChannelID: b.ChannelID, StoreID: b.StoreID,
		GroupID: b.GroupID, Prefix: b.Prefix, FirstName: b.FirstName, MiddleName: b.MiddleName, LastName: b.LastName,
		Suffix: b.Suffix, Email: b.Email, DOB: b.DOB, Gender: genderIn(b.Gender), TaxVAT: b.TaxVAT, OwnerID: b.OwnerID,
		ContactID: b.ContactID, AccountID: b.AccountID, Password: b.Password, Addresses: addressesIn(b.Addresses)})
	if err != nil {
		return nil, s.problem(err)
	}
	return s.customerAnswer(ctx, c.ID, http.StatusCreated)
}
