package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// CustomerChange is a change of a customer: members left out keep their
// value. addresses, when given, is the whole address book: addresses with
// an id are kept (as given), ones without are added, missing ones removed.
type CustomerChange struct {
	StoreID    *int64          `json:"store_id,omitempty"`
	GroupID    *int64          `json:"group_id,omitempty"`
	Prefix     *string         `json:"prefix,omitempty"`
	FirstName  *string         `json:"first_name,omitempty"`
	MiddleName *string         `json:"middle_name,omitempty"`
	LastName   *string         `json:"last_name,omitempty"`
	Suffix     *string         `json:"suffix,omitempty"`
	Email      *string         `json:"email,omitempty"`
	DOB        *string         `json:"dob,omitempty"`
	Gender     *string         `json:"gender,omitempty" enum:"male,female,not_specified,none"`
	TaxVAT     *string         `json:"taxvat,omitempty"`
	OwnerID    *int64          `json:"owner_id,omitempty"`
	ContactID  *int64          `json:"contact_id,omitempty" doc:"0 unlinks"`
	AccountID  *int64          `json:"account_id,omitempty" doc:"0 unlinks"`
	Password   *string         `json:"password,omitempty" doc:"A new password (Magento's rules apply): sent to Magento 2 as Magento's own hash of it, also for a customer Magento already has (which needs Magento 2.3.2 or later with PHP's sodium extension, as 2.4 always has, to check that hash: on an older store the customer has to use Forgot your password); refused for one Magento 1 has (its API ignores it). Kept encrypted only until Magento accepts it"`
	Addresses  *[]AddressInput `json:"addresses,omitempty"`
}

type customerUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version the change was made on; required"`
	Body    CustomerChange
}

// ifMatchVersion reads the version of an If-Match header: 428 without
// one, 412 when it names no version.
func ifMatchVersion(h string) (int, error) {
	if h == "" {
		return 0, huma.NewError(http.StatusPreconditionRequired, "Send If-Match with the customer's ETag, so a change made meanwhile is not overwritten.")
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(strings.TrimSpace(h), "W/"), `"`))
	if err != nil || v <= 0 {
		return 0, huma.Error412PreconditionFailed("If-Match does not hold a version of this record. Send the ETag a GET answered.")
	}
	return v, nil
}

func (s *Server) updateCustomer(ctx context.Context, in *customerUpdateInput) (*customerOutput, error) {
	version, err := ifMatchVersion(in.IfMatch)
	if err != nil {
		return nil, err
	}
	sess := sessionOf(ctx)
	old, err := s.CRM.Customer(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	if version != old.RowVersion {
		return nil, s.problem(crm.ErrStale)
	}
	ci, err := s.changeInput(ctx, old, &in.Body)
	if err != nil {
		return nil, s.problem(err)
	}
	ci.RowVersion = version
	if _, err := s.CRM.UpdateCustomer(ctx, sess, in.ID, ci); err != nil {
		return nil, s.problem(err)
	}
	return s.customerAnswer(ctx, in.ID, 0)
}

// changeInput is the customer as it is, with the change laid over it.
func (s *Server) changeInput(ctx context.Context, c *model.Customer, b *CustomerChange) (crm.CustomerInput, error) {
	in := crm.CustomerInput{StoreID: c.StoreID, GroupID: c.GroupID, Prefix: c.Prefix, FirstName: c.FirstName,
		MiddleName: c.MiddleName, LastName: c.LastName, Suffix: c.Suffix, Email: c.Email, DOB: c.DOB, Gender: c.Gender,
		TaxVAT: c.TaxVAT, OwnerID: c.OwnerUserID, ContactID: c.ContactID, AccountID: c.AccountID}
	for _, f := range []struct {
		to   *string
		from *string
	}{{&in.Prefix, b.Prefix}, {&in.FirstName, b.FirstName}, {&in.MiddleName, b.MiddleName}, {&in.LastName, b.LastName},
		{&in.Suffix, b.Suffix}, {&in.Email, b.Email}, {&in.DOB, b.DOB}, {&in.TaxVAT, b.TaxVAT}, {&in.Password, b.Password}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	for _, f := range []struct {
		to   *int64
		from *int64
	}{{&in.StoreID, b.StoreID}, {&in.GroupID, b.GroupID}, {&in.OwnerID, b.OwnerID}, {&in.ContactID, b.ContactID}, {&in.AccountID, b.AccountID}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if b.Gender != nil {
		in.Gender = genderIn(*b.Gender)
	}
	if b.Addresses != nil {
		in.Addresses = addressesIn(*b.Addresses)
		return in, nil
	}
	current, err := s.CRM.CustomerAddresses(ctx, sessionOf(ctx), c.ID)
	in.Addresses = current
	return in, err
}

type newsletterInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Subscribed bool `json:"subscribed" doc:"true subscribes, false unsubscribes"`
	}
}

func (s *Server) setCustomerNewsletter(ctx context.Context, in *newsletterInput) (*customerOutput, error) {
	if err := s.CRM.SetNewsletter(ctx, sessionOf(ctx), in.ID, in.Body.Subscribed); err != nil {
		return nil, s.problem(err)
	}
	return s.customerAnswer(ctx, in.ID, 0)
}
