package model

import "time"

// Contact is a person the sales team knows, owned like a customer; it may
// belong to an account.
type Contact struct {
	ID             int64
	OrganizationID int64
	OwnerUserID    int64
	AccountID      int64 // 0 when none
	FirstName      string
	LastName       string
	Email          string
	Phone          string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Filled by reads for display.
	OwnerName   string
	AccountName string
	// AccountVisible says whether the reader may view the account; when
	// not, AccountName is empty and pages show neither name nor link.
	AccountVisible bool
}

// Name is the contact's full name, or their email without one.
func (c *Contact) Name() string {
	switch {
	case c.FirstName != "" && c.LastName != "":
		return c.FirstName + " " + c.LastName
	case c.FirstName+c.LastName != "":
		return c.FirstName + c.LastName
	}
	return c.Email
}

// Account is a company (or household) the sales team sells to.
type Account struct {
	ID             int64
	OrganizationID int64
	OwnerUserID    int64
	Name           string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	OwnerName      string // filled by reads for display
}
