package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// Account is a company (or household) the sales team sells to.
type Account struct {
	ID        int64         `json:"id"`
	Name      string        `json:"name"`
	Industry  string        `json:"industry" doc:"A key of the industry list (e.g. retail, technology); empty when unknown"`
	Website   string        `json:"website"`
	Phone     string        `json:"phone"`
	Address   PostalAddress `json:"address"`
	ParentID  int64         `json:"parent_id" doc:"The account this one sits below; 0 when none"`
	Parent    string        `json:"parent" doc:"The parent's name; empty when you may not view it"`
	OwnerID   int64         `json:"owner_id"`
	Owner     string        `json:"owner"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// PostalAddress is where a contact or an account receives mail.
type PostalAddress struct {
	Street    []string `json:"street" required:"false"`
	City      string   `json:"city" required:"false"`
	Region    string   `json:"region" required:"false"`
	PostCode  string   `json:"postcode" required:"false"`
	CountryID string   `json:"country_id" required:"false" doc:"ISO 3166-1 alpha-2 code; required when anything else is set"`
}

func postalOut(a model.PostalAddress) PostalAddress {
	street := []string{}
	if a.Street != "" {
		street = strings.Split(a.Street, "\n")
	}
	return PostalAddress{Street: street, City: a.City, Region: a.Region, PostCode: a.PostCode, CountryID: a.Country}
}

func (a PostalAddress) in() model.PostalAddress {
	return model.PostalAddress{Street: strings.Join(a.Street, "\n"), City: a.City, Region: a.Region, PostCode: a.PostCode, Country: a.CountryID}
}

func accountOut(a *model.Account) Account {
	return Account{ID: a.ID, Name: a.Name, Industry: a.Industry, Website: a.Website, Phone: a.Phone,
		Address: postalOut(a.Address), ParentID: a.ParentID, Parent: a.ParentName, OwnerID: a.OwnerUserID,
		Owner: a.OwnerName, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

type accountListOutput struct {
	Body struct {
		Items []Account `json:"items"`
		Next  string    `json:"next,omitempty" doc:"The next page's URL; absent on the last page"`
		Total int       `json:"total"`
	}
}

func (s *Server) listAccounts(ctx context.Context, in *listInput) (*accountListOutput, error) {
	after, err := in.after(crm.AccountSorts)
	if err != nil {
		return nil, err
	}
	q := in.query(after)
	sess := sessionOf(ctx)
	list, total, err := s.CRM.Accounts(ctx, sess, q)
	if err != nil {
		return nil, s.problem(err)
	}
	list, last := pageOf(list, in.Limit, func(a *model.Account) int64 { return a.ID })
	out := &accountListOutput{}
	out.Body.Items = make([]Account, len(list))
	for i := range list {
		out.Body.Items[i] = accountOut(&list[i])
	}
	out.Body.Total = total
	if last != 0 {
		key, err := s.CRM.AccountKey(ctx, q, last)
		if err != nil {
			return nil, s.problem(err)
		}
		out.Body.Next = in.next("/accounts", key, nil)
	}
	return out, nil
}

type accountOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location" doc:"Set on create"`
	Body     Account
}

func (s *Server) accountAnswer(ctx context.Context, id int64, status int) (*accountOutput, error) {
	a, err := s.CRM.Account(ctx, sessionOf(ctx), id)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &accountOutput{ETag: versionTag(a.UpdatedAt.UnixMilli()), Body: accountOut(a)}
	if status == http.StatusCreated {
		out.Location = Prefix + "/accounts/" + itoa(id)
	}
	return out, nil
}

func (s *Server) getAccount(ctx context.Context, in *recordIDInput) (*accountOutput, error) {
	return s.accountAnswer(ctx, in.ID, 0)
}

// AccountWrite is a new account, or a change of one (members left out
// keep their value).
type AccountWrite struct {
	Name     *string        `json:"name,omitempty"`
	Industry *string        `json:"industry,omitempty"`
	Website  *string        `json:"website,omitempty" doc:"https:// is added when no scheme is given"`
	Phone    *string        `json:"phone,omitempty"`
	Address  *PostalAddress `json:"address,omitempty" doc:"Replaces the whole address"`
	ParentID *int64         `json:"parent_id,omitempty" doc:"0 removes the parent; not the account itself or one below it"`
	OwnerID  *int64         `json:"owner_id,omitempty" doc:"A user you may assign accounts to"`
}

func (w *AccountWrite) over(a *model.Account) crm.AccountInput {
	in := crm.AccountInput{Name: a.Name, Industry: a.Industry, Website: a.Website, Phone: a.Phone, Address: a.Address,
		ParentID: a.ParentID, OwnerID: a.OwnerUserID}
	for _, f := range []struct{ to, from *string }{{&in.Name, w.Name}, {&in.Industry, w.Industry}, {&in.Website, w.Website}, {&in.Phone, w.Phone}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	for _, f := range []struct{ to, from *int64 }{{&in.ParentID, w.ParentID}, {&in.OwnerID, w.OwnerID}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if w.Address != nil {
		in.Address = w.Address.in()
	}
	return in
}

type accountCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           AccountWrite
}

func (s *Server) createAccount(ctx context.Context, in *accountCreateInput) (*accountOutput, error) {
	a, err := s.CRM.SaveAccount(ctx, sessionOf(ctx), 0, in.Body.over(&model.Account{}))
	if err != nil {
		return nil, s.problem(err)
	}
	return s.accountAnswer(ctx, a.ID, http.StatusCreated)
}

type accountUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The account's ETag; required"`
	Body    AccountWrite
}

func (s *Server) updateAccount(ctx context.Context, in *accountUpdateInput) (*accountOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	sess := sessionOf(ctx)
	old, err := s.CRM.Account(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	change := in.Body.over(old)
	change.Version = version
	if _, err := s.CRM.SaveAccount(ctx, sess, in.ID, change); err != nil {
		return nil, s.problem(err)
	}
	return s.accountAnswer(ctx, in.ID, 0)
}

func (s *Server) deleteAccount(ctx context.Context, in *recordIDInput) (*struct{}, error) {
	if err := s.CRM.DeleteAccount(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}
