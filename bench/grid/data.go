package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// benchPassword signs in the benchmark's users.
const benchPassword = "bench-password-1"

// reps is how many Sales Representatives own the customers.
const reps = 20

// importCustomers makes the organization (5 units, an administrator and
// 20 Sales Representatives), and imports n customers from a simulated
// Magento 2 store with the real import (magentosync over loopback HTTP),
// unless the database holds them already. The import gives every customer
// the channel's default owner; they are then spread over the
// representatives, as a sales team's assignments would, and the planner's
// statistics refreshed as the README tells after a big import.
func importCustomers(ctx context.Context, d *db.DB, svc *crm.Service, n int) (time.Duration, error) {
	var have int
	d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_customers").Scan(&have)
	if have >= n {
		return 0, svc.Store.RefreshPlannerStatistics(ctx)
	}
	if have > 0 {
		return 0, fmt.Errorf("the database holds %d customers, not %d: give an empty one", have, n)
	}
	st := svc.Store
	org, admin, owners, err := makeUsers(ctx, st)
	if err != nil {
		return 0, err
	}
	sim, err := magesim.New(magesim.Options{Customers: n, Seed: 1, OrdersPerCustomer: -1, BearerEnabled: true})
	if err != nil {
		return 0, err
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	ch := &model.Channel{OrganizationID: org, OwnerUserID: admin, DefaultOwnerID: admin, Name: "Bench shop",
		Type: model.Magento2, BaseURL: srv.URL, AuthKind: model.AuthBearer, TwoWay: true,
		Credentials: model.Credentials{AccessToken: magesim.DefaultAccessToken}, WebsiteID: model.AllWebsites,
		Priority: model.RemoteWins, SyncInterval: time.Hour, Enabled: true}
	if err := st.CreateChannel(ctx, ch); err != nil {
		return 0, err
	}
	eng := magentosync.NewEngine(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	start := time.Now()
	sum, err := eng.Run(ctx, ch.ID, magentosync.RunOptions{Full: true})
	if err != nil {
		return 0, fmt.Errorf("import: %w", err)
	}
	took := time.Since(start)
	if sum.Created != n {
		return 0, fmt.Errorf("import created %d customers, want %d", sum.Created, n)
	}
	fmt.Fprintf(os.Stderr, "%s: imported %d customers in %s\n", d.Dialect, n, took.Round(time.Second))
	if err := assignOwners(ctx, d, owners); err != nil {
		return 0, err
	}
	return took, st.RefreshPlannerStatistics(ctx)
}

// assignOwners gives customer i to representative i mod len(owners), in
// one pass over the table (one statement per owner read the table 20
// times). Every row is written again, and on PostgreSQL each update leaves
// a dead row version and new entries in the indexes that hold the owner:
// VACUUM clears them, so the grid is not timed on a table twice its size.
func assignOwners(ctx context.Context, d *db.DB, owners []int64) error {
	start := time.Now()
	var when strings.Builder
	for i, owner := range owners { // ids this program made: literals PostgreSQL types as bigint
		fmt.Fprintf(&when, " WHEN %d THEN %d", i, owner)
	}
	_, err := d.ExecContext(ctx, fmt.Sprintf("UPDATE magento_customers SET owner_user_id = CASE id %% %d%s END",
		len(owners), when.String()))
	if err != nil {
		return fmt.Errorf("assign owners: %w", err)
	}
	if d.Dialect == db.Postgres {
		if _, err := d.ExecContext(ctx, "VACUUM magento_customers"); err != nil {
			return fmt.Errorf("vacuum after assigning owners: %w", err)
		}
	}
	fmt.Fprintf(os.Stderr, "%s: owners assigned in %s\n", d.Dialect, time.Since(start).Round(time.Second))
	return nil
}

// makeUsers creates the organization, its administrator and the
// representatives, 4 in each of 5 units.
func makeUsers(ctx context.Context, st *store.Store) (org, admin int64, owners []int64, err error) {
	org, root, err := st.Bootstrap(ctx, "Bench organization")
	if err != nil {
		return 0, 0, nil, err
	}
	adminRole, err := st.RoleByName(ctx, org, acl.RoleAdministrator)
	if err != nil {
		return 0, 0, nil, err
	}
	repRole, err := st.RoleByName(ctx, org, acl.RoleSalesRep)
	if err != nil {
		return 0, 0, nil, err
	}
	hash := auth.HashPassword(benchPassword)
	a := &model.User{OrganizationID: org, BusinessUnitID: root, Username: "admin", FirstName: "Ada", LastName: "Admin",
		Email: "admin@bench.example", Enabled: true, RoleIDs: []int64{adminRole.ID}}
	if err := st.CreateUser(ctx, a, hash); err != nil {
		return 0, 0, nil, err
	}
	for u := range 5 {
		unit, err := st.CreateBusinessUnit(ctx, org, root, fmt.Sprintf("Sales %d", u+1))
		if err != nil {
			return 0, 0, nil, err
		}
		for i := range reps / 5 {
			n := u*reps/5 + i + 1
			rep := &model.User{OrganizationID: org, BusinessUnitID: unit, Username: fmt.Sprintf("rep%d", n),
				FirstName: "Rep", LastName: fmt.Sprint(n), Email: fmt.Sprintf("rep%d@bench.example", n), Enabled: true,
				RoleIDs: []int64{repRole.ID}}
			if err := st.CreateUser(ctx, rep, hash); err != nil {
				return 0, 0, nil, err
			}
			owners = append(owners, rep.ID)
		}
	}
	return org, a.ID, owners, nil
}
