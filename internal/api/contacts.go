package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// Contact is a person the sales team knows.
type Contact struct {
	ID        int64            `json:"id"`
	FirstName string           `json:"first_name"`
	LastName  string           `json:"last_name"`
	Email     string           `json:"email" doc:"The primary email address"`
	Phone     string           `json:"phone" doc:"The primary phone number"`
	Emails    []ContactMethod  `json:"emails"`
	Phones    []ContactMethod  `json:"phones"`
	JobTitle  string           `json:"job_title"`
	Birthday  string           `json:"birthday" doc:"YYYY-MM-DD; empty when unknown"`
	Source    string           `json:"source" doc:"advertising, call, email, event, partner, referral, social, website, other; empty when unknown"`
	Addresses []ContactAddress `json:"addresses"`
	AccountID int64            `json:"account_id" doc:"0 when none"`
	Account   string           `json:"account"`
	OwnerID   int64            `json:"owner_id"`
	Owner     string           `json:"owner"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// ContactMethod is one email address or phone number of a contact.
type ContactMethod struct {
	Value   string `json:"value"`
	Primary bool   `json:"primary" required:"false" doc:"One of each list is primary; the first when none is marked"`
}

// ContactAddress is one postal address of a contact.
type ContactAddress struct {
	PostalAddress
	Primary bool `json:"primary" required:"false" doc:"One address is primary; the first when none is marked"`
}

func contactOut(c *model.Contact) Contact {
	out := Contact{ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, Email: c.Email, Phone: c.Phone,
		Emails: methodsOut(c.Emails), Phones: methodsOut(c.Phones), JobTitle: c.JobTitle, Birthday: c.Birthday,
		Source: c.Source, Addresses: make([]ContactAddress, len(c.Addresses)), AccountID: c.AccountID,
		Account: c.AccountName, OwnerID: c.OwnerUserID, Owner: c.OwnerName, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for i, a := range c.Addresses {
		out.Addresses[i] = ContactAddress{PostalAddress: postalOut(a.PostalAddress), Primary: a.Primary}
	}
	return out
}

func methodsOut(list []model.ContactMethod) []ContactMethod {
	out := make([]ContactMethod, len(list))
	for i, m := range list {
		out[i] = ContactMethod{Value: m.Value, Primary: m.Primary}
	}
	return out
}

type contactListInput struct {
	Search  string `query:"search" doc:"Contains, ignoring case"`
	Sort    string `query:"sort" default:"name"`
	Dir     string `query:"dir" enum:"asc,desc" default:"asc"`
	Limit   int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
	Cursor  string `query:"cursor" doc:"The next page's position, from the previous page's next link"`
	Account int64  `query:"account" doc:"Only the contacts of this account"`
}

type contactListOutput struct {
	Body struct {
		Items []Contact `json:"items"`
		Next  string    `json:"next,omitempty" doc:"The next page's URL; absent on the last page"`
		Total int       `json:"total"`
	}
}

func (s *Server) listContacts(ctx context.Context, ci *contactListInput) (*contactListOutput, error) {
	in := &listInput{Search: ci.Search, Sort: ci.Sort, Dir: ci.Dir, Limit: ci.Limit, Cursor: ci.Cursor}
	after, err := in.after(crm.ContactSorts)
	if err != nil {
		return nil, err
	}
	q := in.query(after)
	q.AccountID = ci.Account
	sess := sessionOf(ctx)
	list, total, err := s.CRM.Contacts(ctx, sess, q)
	if err != nil {
		return nil, s.problem(err)
	}
	list, last := pageOf(list, in.Limit, func(c *model.Contact) int64 { return c.ID })
	out := &contactListOutput{}
	out.Body.Items = make([]Contact, len(list))
	for i := range list {
		out.Body.Items[i] = contactOut(&list[i])
	}
	out.Body.Total = total
	if last != 0 {
		key, err := s.CRM.ContactKey(ctx, sess, q, last)
		if err != nil {
			return nil, s.problem(err)
		}
		var extra url.Values
		if ci.Account != 0 {
			extra = url.Values{"account": {itoa(ci.Account)}}
		}
		out.Body.Next = in.next("/contacts", key, extra)
	}
	return out, nil
}

type recordIDInput struct {
	ID int64 `path:"id"`
}

type contactOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location" doc:"Set on create"`
	Body     Contact
}

func (s *Server) contactAnswer(ctx context.Context, id int64, status int) (*contactOutput, error) {
	c, err := s.CRM.Contact(ctx, sessionOf(ctx), id)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &contactOutput{ETag: versionTag(c.UpdatedAt.UnixMilli()), Body: contactOut(c)}
	if status == http.StatusCreated {
		out.Location = Prefix + "/contacts/" + itoa(id)
	}
	return out, nil
}

func (s *Server) getContact(ctx context.Context, in *recordIDInput) (*contactOutput, error) {
	return s.contactAnswer(ctx, in.ID, 0)
}

// ContactWrite is a new contact, or a change of one (members left out
// keep their value).
type ContactWrite struct {
	FirstName *string           `json:"first_name,omitempty"`
	LastName  *string           `json:"last_name,omitempty"`
	Email     *string           `json:"email,omitempty" doc:"Sets the primary email address, keeping the others; empty removes it. Ignored when emails is given"`
	Phone     *string           `json:"phone,omitempty" doc:"Sets the primary phone number, keeping the others; empty removes it. Ignored when phones is given"`
	Emails    *[]ContactMethod  `json:"emails,omitempty" doc:"Replaces every email address"`
	Phones    *[]ContactMethod  `json:"phones,omitempty" doc:"Replaces every phone number"`
	JobTitle  *string           `json:"job_title,omitempty"`
	Birthday  *string           `json:"birthday,omitempty" doc:"YYYY-MM-DD; empty clears it"`
	Source    *string           `json:"source,omitempty"`
	Addresses *[]ContactAddress `json:"addresses,omitempty" doc:"Replaces every address"`
	AccountID *int64            `json:"account_id,omitempty" doc:"0 unlinks"`
	OwnerID   *int64            `json:"owner_id,omitempty" doc:"A user you may assign contacts to"`
}

func (w *ContactWrite) over(c *model.Contact) crm.ContactInput {
	in := crm.ContactInput{FirstName: c.FirstName, LastName: c.LastName, JobTitle: c.JobTitle, Birthday: c.Birthday,
		Source: c.Source, Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses, AccountID: c.AccountID, OwnerID: c.OwnerUserID}
	for _, f := range []struct{ to, from *string }{{&in.FirstName, w.FirstName}, {&in.LastName, w.LastName},
		{&in.JobTitle, w.JobTitle}, {&in.Birthday, w.Birthday}, {&in.Source, w.Source}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	for _, f := range []struct{ to, from *int64 }{{&in.AccountID, w.AccountID}, {&in.OwnerID, w.OwnerID}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	in.Emails = methodsIn(in.Emails, w.Emails, w.Email)
	in.Phones = methodsIn(in.Phones, w.Phones, w.Phone)
	if w.Addresses != nil {
		in.Addresses = make([]model.ContactAddress, len(*w.Addresses))
		for i, a := range *w.Addresses {
			in.Addresses[i] = model.ContactAddress{PostalAddress: a.in(), Primary: a.Primary}
		}
	}
	return in
}

// methodsIn is the list a write asks for: all of them, or the old list
// with the primary one replaced, first (so that its errors are at
// position 0).
func methodsIn(old []model.ContactMethod, all *[]ContactMethod, primary *string) []model.ContactMethod {
	if all != nil {
		out := make([]model.ContactMethod, len(*all))
		for i, m := range *all {
			out[i] = model.ContactMethod{Value: m.Value, Primary: m.Primary}
		}
		return out
	}
	if primary == nil {
		return old
	}
	out := []model.ContactMethod{{Value: *primary, Primary: true}}
	for _, m := range old {
		if !m.Primary {
			out = append(out, m)
		}
	}
	return out
}

// contactProblem answers a contact's save: with the email or phone
// shorthand, a message about position 0 is about that member.
func (s *Server) contactProblem(err error, w *ContactWrite) error {
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		for short, list := range map[string]bool{"email": w.Emails == nil && w.Email != nil, "phone": w.Phones == nil && w.Phone != nil} {
			if msg, ok := fe[short+".0"]; ok && list {
				delete(fe, short+".0")
				fe[short] = msg
			}
		}
	}
	return s.problem(err)
}

type contactCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           ContactWrite
}

func (s *Server) createContact(ctx context.Context, in *contactCreateInput) (*contactOutput, error) {
	c, err := s.CRM.SaveContact(ctx, sessionOf(ctx), 0, in.Body.over(&model.Contact{}))
	if err != nil {
		return nil, s.contactProblem(err, &in.Body)
	}
	return s.contactAnswer(ctx, c.ID, http.StatusCreated)
}

type contactUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The contact's ETag; required"`
	Body    ContactWrite
}

func (s *Server) updateContact(ctx context.Context, in *contactUpdateInput) (*contactOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	sess := sessionOf(ctx)
	old, err := s.CRM.Contact(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	change := in.Body.over(old)
	change.Version = version
	if _, err := s.CRM.SaveContact(ctx, sess, in.ID, change); err != nil {
		return nil, s.contactProblem(err, &in.Body)
	}
	return s.contactAnswer(ctx, in.ID, 0)
}

func (s *Server) deleteContact(ctx context.Context, in *recordIDInput) (*struct{}, error) {
	if err := s.CRM.DeleteContact(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}
