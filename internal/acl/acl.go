package acl

import (
	"slices"
	"strconv"
)

// Level is how far an access grant reaches.
type Level int

// The access levels, from nothing to the whole organization.
const (
	None Level = iota
	Own
	BusinessUnit
	Division
	Organization
)

// Levels lists every level in order, for forms.
var Levels = []Level{None, Own, BusinessUnit, Division, Organization}

// String names the level as the role pages show it.
func (l Level) String() string {
	switch l {
	case None:
		return "None"
	case Own:
		return "User (own)"
	case BusinessUnit:
		return "Business unit"
	case Division:
		return "Division"
	case Organization:
		return "Organization"
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// Valid reports whether l is one of the defined levels.
func (l Level) Valid() bool { return l >= None && l <= Organization }

// Entity names a kind of record access is granted on.
type Entity string

// The entities roles grant access on.
const (
	MagentoCustomer Entity = "magento_customer"
	Contact         Entity = "contact"
	Account         Entity = "account"
	Activity        Entity = "activity"
	Channel         Entity = "channel"
	User            Entity = "user"
	BusinessUnitE   Entity = "business_unit"
	Role            Entity = "role"
)

// Entities lists every entity in the order the role matrix shows them.
var Entities = []Entity{MagentoCustomer, Contact, Account, Activity, Channel, User, BusinessUnitE, Role}

// Label is the entity's name in the pages.
func (e Entity) Label() string {
	switch e {
	case MagentoCustomer:
		return "Magento customers"
	case Contact:
		return "Contacts"
	case Account:
		return "Accounts"
	case Activity:
		return "Activities"
	case Channel:
		return "Channels"
	case User:
		return "Users"
	case BusinessUnitE:
		return "Business units"
	case Role:
		return "Roles"
	}
	return string(e)
}

// Action is what is done to a record.
type Action string

// The actions a role grants levels for.
const (
	View   Action = "view"
	Create Action = "create"
	Edit   Action = "edit"
	Delete Action = "delete"
	Assign Action = "assign"
)

// Actions lists every action in the order the role matrix shows them.
var Actions = []Action{View, Create, Edit, Delete, Assign}

// Key addresses one cell of the role matrix.
type Key struct {
	Entity Entity
	Action Action
}

// Permissions maps matrix cells to levels; a missing cell is None.
type Permissions map[Key]Level

// Merge raises p to the higher level of p and q in every cell.
func (p Permissions) Merge(q Permissions) {
	for k, l := range q {
		if l > p[k] {
			p[k] = l
		}
	}
}

// Exceeding returns the cells of p that grant more than the actor holds,
// in matrix order; none means every grant of p is within the actor's own,
// so the actor may hand p to someone without raising anyone above themselves.
func (a *Actor) Exceeding(p Permissions) []Key {
	var over []Key
	for k, l := range p {
		if l > a.Level(k.Entity, k.Action) {
			over = append(over, k)
		}
	}
	slices.SortFunc(over, func(x, y Key) int {
		if c := slices.Index(Entities, x.Entity) - slices.Index(Entities, y.Entity); c != 0 {
			return c
		}
		return slices.Index(Actions, x.Action) - slices.Index(Actions, y.Action)
	})
	return over
}

// Covers reports whether every grant of p is within the actor's own.
func (a *Actor) Covers(p Permissions) bool { return len(a.Exceeding(p)) == 0 }

// Actor is a signed-in user as access decisions need them.
type Actor struct {
	UserID         int64
	OrganizationID int64
	BusinessUnitID int64
	// DivisionUnitIDs is the actor's unit and every unit below it.
	DivisionUnitIDs []int64
	Enabled         bool
	Permissions     Permissions
}

// Level is the actor's level for an entity and action; a disabled user has none.
func (a *Actor) Level(e Entity, act Action) Level {
	if a == nil || !a.Enabled {
		return None
	}
	return a.Permissions[Key{e, act}]
}

// Can reports whether the actor may do act on at least some records of e.
func (a *Actor) Can(e Entity, act Action) bool { return a.Level(e, act) > None }

// Record is what a decision needs to know of one record.
type Record struct {
	OwnerUserID         int64
	OwnerBusinessUnitID int64
	OrganizationID      int64
}

// Decide reports whether the actor may do act on the record.
func (a *Actor) Decide(e Entity, act Action, r Record) bool {
	if r.OrganizationID != a.OrganizationID {
		return false
	}
	switch a.Level(e, act) {
	case Own:
		return r.OwnerUserID == a.UserID
	case BusinessUnit:
		return r.OwnerBusinessUnitID == a.BusinessUnitID
	case Division:
		return slices.Contains(a.DivisionUnitIDs, r.OwnerBusinessUnitID)
	case Organization:
		return true
	}
	return false
}

// Scope is the set of records an actor may do one action on, as data:
// the level and the ids it compares against. Only store turns it into SQL,
// for each table it owns; the zero Scope selects nothing.
type Scope struct {
	Level          Level
	OrganizationID int64
	// UserID is the owner an Own scope allows.
	UserID int64
	// UnitIDs are the business units whose records a BusinessUnit or
	// Division scope allows (by the owner's unit, or the row's own unit
	// for records that carry one, like users).
	UnitIDs []int64
}

// Scope returns the records of e the actor may do act on.
func (a *Actor) Scope(e Entity, act Action) Scope {
	l := a.Level(e, act)
	s := Scope{Level: l}
	if l == None {
		return s
	}
	s.OrganizationID = a.OrganizationID
	switch l {
	case Own:
		s.UserID = a.UserID
	case BusinessUnit:
		s.UnitIDs = []int64{a.BusinessUnitID}
	case Division:
		s.UnitIDs = slices.Clone(a.DivisionUnitIDs)
	}
	return s
}

// WholeOrganization is the scope of every record of an organization, for
// callers trusted with all of it (the command line, the sync engine).
func WholeOrganization(orgID int64) Scope {
	return Scope{Level: Organization, OrganizationID: orgID}
}

// AssignableUnits returns the business units whose users the actor may
// make owners of e records, or nil with all=true for the whole organization.
func (a *Actor) AssignableUnits(e Entity) (units []int64, all bool) {
	switch a.Level(e, Assign) {
	case BusinessUnit:
		return []int64{a.BusinessUnitID}, false
	case Division:
		return a.DivisionUnitIDs, false
	case Organization:
		return nil, true
	}
	return nil, false
}

// Descendants returns unit and every unit below it, given each unit's
// parent (0 for a root).
func Descendants(unit int64, parents map[int64]int64) []int64 {
	children := map[int64][]int64{}
	for id, p := range parents {
		children[p] = append(children[p], id)
	}
	out := []int64{unit}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	slices.Sort(out)
	return out
}
