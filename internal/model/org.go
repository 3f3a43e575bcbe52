package model

import (
	"time"

	"magecrm/internal/acl"
)

// Organization is the company using magecrm; every record belongs to one.
type Organization struct {
	ID   int64
	Name string
}

// BusinessUnit is a node in the organization's tree of units.
type BusinessUnit struct {
	ID             int64
	OrganizationID int64
	ParentID       int64 // 0 for the root unit
	Name           string
	CreatedAt      time.Time
	// UpdatedAt is the time of its last change, made to grow with every
	// save: its version.
	UpdatedAt time.Time
	Depth     int // set by tree listings: 0 for the root
}

// User is a person who signs in to magecrm.
type User struct {
	ID             int64
	OrganizationID int64
	BusinessUnitID int64
	Username       string
	Email          string
	FirstName      string
	LastName       string
	Enabled        bool
	RoleIDs        []int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Filled by listings for display.
	BusinessUnitName string
	RoleNames        []string
}

// DisplayName is the user's full name, or their user name without one.
func (u *User) DisplayName() string {
	switch {
	case u.FirstName != "" && u.LastName != "":
		return u.FirstName + " " + u.LastName
	case u.FirstName+u.LastName != "":
		return u.FirstName + u.LastName
	}
	return u.Username
}

// Role is a named set of access grants.
type Role struct {
	ID             int64
	OrganizationID int64
	Name           string
	Builtin        bool
	Permissions    acl.Permissions
	UserCount      int
	// UpdatedAt is the time of its last change, made to grow with every
	// save: its version. On a change, the version it was made on (zero:
	// as it is now).
	UpdatedAt time.Time
}
