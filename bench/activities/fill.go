package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/db"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// benchPassword signs in the benchmark's users.
const benchPassword = "bench-password-1"

// customers is how many customers the tasks are spread over.
const customers = 10_000

// fill makes an organization (an administrator and 20 Sales
// Representatives in 5 units), a channel with customers, busy activities
// on the first customer (owned by rep1) and tasks on the others, about
// half open. It returns the busy
// customer's id; a database filled before is used as it is.
func fill(ctx context.Context, d *db.DB, st *store.Store, busy, tasks int) (int64, error) {
	var first int64
	if d.QueryRowContext(ctx, "SELECT COALESCE(MIN(id), 0) FROM magento_customers").Scan(&first); first != 0 {
		return first, nil // filled by an earlier run
	}
	org, root, err := st.Bootstrap(ctx, "Bench organization")
	if err != nil {
		return 0, err
	}
	users, err := addUsers(ctx, st, org, root)
	if err != nil {
		return 0, err
	}
	var channel int64
	if err := d.QueryRowContext(ctx, `INSERT INTO channels (organization_id, owner_user_id, name, base_url, admin_url, auth_kind,
		two_way, default_owner_id, created_at, updated_at) VALUES ($1, $2, 'Bench shop', 'https://shop.example/', '', 'bearer', TRUE, $2, 0, 0)
		RETURNING id`, org, users[0]).Scan(&channel); err != nil {
		return 0, err
	}
	ids := make([]int64, 0, customers)
	rows := make([][]any, 0, customers)
	for i := range customers {
		rows = append(rows, []any{org, channel, i + 1, "First", fmt.Sprintf("Customer %05d", i), fmt.Sprintf("c%d@shop.example", i), users[1+i%20], 0, 0})
	}
	if err := bulk(ctx, d, "magento_customers (organization_id, channel_id, origin_id, first_name, last_name, email, owner_user_id, created_at, updated_at)", rows); err != nil {
		return 0, err
	}
	r, err := d.QueryContext(ctx, "SELECT id FROM magento_customers ORDER BY id")
	if err != nil {
		return 0, err
	}
	for r.Next() {
		var id int64
		r.Scan(&id)
		ids = append(ids, id)
	}
	r.Close()
	return ids[0], addActivities(ctx, d, org, users, ids, busy, tasks)
}

func addUsers(ctx context.Context, st *store.Store, org, root int64) ([]int64, error) {
	adminRole, err := st.RoleByName(ctx, org, acl.RoleAdministrator)
	if err != nil {
		return nil, err
	}
	repRole, err := st.RoleByName(ctx, org, acl.RoleSalesRep)
	if err != nil {
		return nil, err
	}
	hash := auth.HashPassword(benchPassword)
	admin := &model.User{OrganizationID: org, BusinessUnitID: root, Username: "admin", Enabled: true, RoleIDs: []int64{adminRole.ID}}
	if err := st.CreateUser(ctx, admin, hash); err != nil {
		return nil, err
	}
	users := []int64{admin.ID}
	for u := range 5 {
		unit, err := st.CreateBusinessUnit(ctx, org, root, fmt.Sprintf("Sales %d", u+1))
		if err != nil {
			return nil, err
		}
		for i := range 4 {
			rep := &model.User{OrganizationID: org, BusinessUnitID: unit, Username: fmt.Sprintf("rep%d", u*4+i+1),
				Enabled: true, RoleIDs: []int64{repRole.ID}}
			if err := st.CreateUser(ctx, rep, hash); err != nil {
				return nil, err
			}
			users = append(users, rep.ID)
		}
	}
	return users, nil
}

// addActivities writes busy activities about the first customer and tasks
// about the others, with their targets.
func addActivities(ctx context.Context, d *db.DB, org int64, users, customerIDs []int64, busy, tasks int) error {
	rng := rand.New(rand.NewPCG(3, 4))
	now := time.Now().UnixMilli()
	day := int64(24 * time.Hour / time.Millisecond)
	kinds := []string{"note", "call", "task", "event", "note", "call"}
	var acts, targets [][]any
	id := int64(0)
	for i := range busy + tasks {
		id++
		// A task is about a customer and, as a sales team works, nine in
		// ten are assigned to the customer's owner; the administrator
		// gets the rest.
		c := 1 + i%(len(customerIDs)-1)
		kind, owner, customer := "task", users[1+c%20], customerIDs[c]
		if i%10 == 0 {
			owner = users[0]
		}
		if i < busy {
			kind, owner, customer = kinds[i%len(kinds)], users[1], customerIDs[0]
		}
		status, due := "", int64(0)
		if kind == "task" {
			status, due = []string{"open", "in_progress", "done", "done"}[rng.IntN(4)], now+(rng.Int64N(120)-60)*day
		}
		at := now - int64(busy+tasks-i)*60_000
		acts = append(acts, []any{id, org, owner, owner, kind, fmt.Sprintf("%s %d", kind, i), "Talked about the order; **follow up**.",
			at, status, "normal", due, at, at})
		targets = append(targets, []any{id, model.TargetCustomer, customer, 0})
	}
	if err := bulk(ctx, d, `activities (id, organization_id, owner_user_id, created_by_user_id, kind, subject, body, occurred_at,
		status, priority, due_at, created_at, updated_at)`, acts); err != nil {
		return err
	}
	return bulk(ctx, d, "activity_targets (activity_id, entity, entity_id, position)", targets)
}

// bulk inserts rows into table (with its column list), many per statement.
func bulk(ctx context.Context, d *db.DB, table string, rows [][]any) error {
	const perStatement = 500
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for len(rows) > 0 {
		n := min(perStatement, len(rows))
		var b strings.Builder
		args := make([]any, 0, n*len(rows[0]))
		for r, row := range rows[:n] {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for c, v := range row {
				if c > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				fmt.Fprintf(&b, "$%d", len(args))
			}
			b.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+table+" VALUES "+b.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return tx.Commit()
}
