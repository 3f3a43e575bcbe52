package testrig

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/model"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// Secret is the instance secret a rig seals credentials with; a magecrm
// process a test starts on the rig's database needs it (MAGECRM_SECRET).
const Secret = "the tests' instance secret, not a real one"

// Rig is one test's organization on a migrated database.
type Rig struct {
	T       testing.TB
	DB      *db.DB
	Secrets *secret.Box
	Store   *store.Store
	CRM     *crm.Service
	// OrgID and RootUnit are the organization and its top business unit.
	OrgID, RootUnit int64
	// Admin is the administrator made on first start, with AdminPassword
	// (empty when the database was set up before).
	Admin         *model.User
	AdminPassword string
}

// New sets up magecrm on d as on first start. log receives the services'
// log; nil discards it.
func New(t testing.TB, d *db.DB, log *slog.Logger) *Rig {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	box, err := secret.New(Secret)
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(d, box)
	r := &Rig{T: t, DB: d, Secrets: box, Store: st, CRM: crm.New(st, box, log)}
	// On a database another rig set up already, the administrator exists
	// and AdminPassword stays empty.
	if r.AdminPassword, err = r.CRM.EnsureAdmin(context.Background()); err != nil {
		t.Fatalf("first start: %v", err)
	}
	if r.OrgID, r.RootUnit, err = st.Bootstrap(context.Background(), "Main organization"); err != nil {
		t.Fatal(err)
	}
	users, err := st.Users(context.Background(), r.OrgID, store.UserFilter{Query: "admin"})
	if err != nil || len(users) != 1 {
		t.Fatalf("the administrator: %v, %v", users, err)
	}
	r.Admin = &users[0]
	return r
}

// Unit adds a business unit below parent and returns its id.
func (r *Rig) Unit(name string, parent int64) int64 {
	r.T.Helper()
	id, err := r.Store.CreateBusinessUnit(context.Background(), r.OrgID, parent, name)
	if err != nil {
		r.T.Fatalf("add unit %s: %v", name, err)
	}
	return id
}

// RoleID returns the id of the role with this name.
func (r *Rig) RoleID(name string) int64 {
	r.T.Helper()
	role, err := r.Store.RoleByName(context.Background(), r.OrgID, name)
	if err != nil {
		r.T.Fatalf("role %s: %v", name, err)
	}
	return role.ID
}

// User adds an enabled user with one role (by name) in the named business
// unit ("" for the top unit), as the command line does.
func (r *Rig) User(username, password, role, unit string) *model.User {
	r.T.Helper()
	u, err := r.CRM.AddUser(context.Background(), crm.UserInput{Username: username, FirstName: "Test", LastName: username,
		Password: password}, role, unit)
	if err != nil {
		r.T.Fatalf("add user %s: %v", username, err)
	}
	return u
}

// UserSpec is a user made directly in the store, for tests below the
// services: zero fields take the top unit, the Sales Representative role,
// the first name "Test" and the user name as last name; without a password
// the user cannot sign in.
type UserSpec struct {
	Username, Password string
	Role               string
	Unit               int64
	First, Last        string
	Disabled           bool
}

// AddUser adds a user as spec says.
func (r *Rig) AddUser(spec UserSpec) *model.User {
	r.T.Helper()
	if spec.Role == "" {
		spec.Role = acl.RoleSalesRep
	}
	if spec.Unit == 0 {
		spec.Unit = r.RootUnit
	}
	if spec.First == "" && spec.Last == "" {
		spec.First, spec.Last = "Test", spec.Username
	}
	hash := "no password"
	if spec.Password != "" {
		hash = auth.HashPassword(spec.Password)
	}
	u := &model.User{OrganizationID: r.OrgID, BusinessUnitID: spec.Unit, Username: spec.Username, FirstName: spec.First,
		LastName: spec.Last, Enabled: !spec.Disabled, RoleIDs: []int64{r.RoleID(spec.Role)}}
	if err := r.Store.CreateUser(context.Background(), u, hash); err != nil {
		r.T.Fatalf("add user %s: %v", spec.Username, err)
	}
	return u
}

// SignIn signs a user in through the service and returns their session.
func (r *Rig) SignIn(username, password string) *crm.Session {
	r.T.Helper()
	token, err := r.CRM.Login(context.Background(), crm.SignIn{Username: username, Password: password})
	if err != nil {
		r.T.Fatalf("sign in as %s: %v", username, err)
	}
	sess, err := r.CRM.Authenticate(context.Background(), token)
	if err != nil {
		r.T.Fatalf("session of %s: %v", username, err)
	}
	return sess
}

// insert runs an INSERT … RETURNING id and returns the id.
func (r *Rig) insert(q string, args ...any) int64 {
	r.T.Helper()
	var id int64
	if err := r.DB.QueryRowContext(context.Background(), q+" RETURNING id", args...).Scan(&id); err != nil {
		r.T.Fatalf("%s: %v", q, err)
	}
	return id
}

// TableText returns every value of every row of a table, as text, for
// tests that scan the database for secrets kept in plain text.
func (r *Rig) TableText(table string) string {
	r.T.Helper()
	rows, err := r.DB.QueryContext(context.Background(), "SELECT * FROM "+table)
	if err != nil {
		r.T.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		r.T.Fatal(err)
	}
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			r.T.Fatal(err)
		}
		for _, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%v\t", v)
		}
		b.WriteString("\n")
	}
	if err := rows.Err(); err != nil {
		r.T.Fatal(err)
	}
	return b.String()
}
