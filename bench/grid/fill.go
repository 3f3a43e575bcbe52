package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/model"
)

// benchPassword signs in the benchmark's users.
const benchPassword = "bench-password-1"

var firstNames = strings.Fields(`James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Maria Anna Lukas Emma Paul Marie Louis Camille Hugo Lea Jan
Sophie Felix Mia Noah Lina Elias Hanna Ben Clara Mark Laura Martin Julia Marco Giulia Pablo Lucia Olivia Liam Ava Ethan
Isla Oscar Freya Leo Ella Max Nora Finn Ida Jonas Alma Erik Ingrid Sven Astrid Mateo Valentina Diego Camila Yuki Haruto`)

var lastNames = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell
Mitchell Carter Roberts Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Dubois Durand Lefebvre
Moreau Laurent Simon Michel Leroy Roux David Bertrand Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino
Greco Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Sato Suzuki Takahashi`)

var domains = []string{"example.com", "mail.test", "shop.test", "post.example", "web.example"}

// countryWeights: about a third of customers in the US, then the big
// European markets, then a long tail.
var countryWeights = []struct {
	code   string
	weight int
}{{"US", 30}, {"DE", 15}, {"GB", 10}, {"FR", 10}, {"CA", 6}, {"AU", 5}, {"IT", 5}, {"ES", 5}, {"AT", 3}, {"CH", 3},
	{"NL", 3}, {"SE", 2}, {"JP", 2}, {"BR", 1}}

// fill makes the organization (5 units, an administrator and 20 Sales
// Representatives spread over the units), a channel with 2 websites, 4
// stores and 4 groups, and customers rows unless the database has them.
func fill(ctx context.Context, d *db.DB, svc *crm.Service, customers int) error {
	var have int
	d.QueryRowContext(ctx, "SELECT COUNT(*) FROM magento_customers").Scan(&have)
	if have >= customers {
		return nil
	}
	if have > 0 {
		return fmt.Errorf("the database holds %d customers, not %d: give an empty one", have, customers)
	}
	st := svc.Store
	org, root, err := st.Bootstrap(ctx, "Bench organization")
	if err != nil {
		return err
	}
	adminRole, err := st.RoleByName(ctx, org, acl.RoleAdministrator)
	if err != nil {
		return err
	}
	repRole, err := st.RoleByName(ctx, org, acl.RoleSalesRep)
	if err != nil {
		return err
	}
	hash := auth.HashPassword(benchPassword)
	admin := &model.User{OrganizationID: org, BusinessUnitID: root, Username: "admin", FirstName: "Ada", LastName: "Admin", Enabled: true, RoleIDs: []int64{adminRole.ID}}
	if err := st.CreateUser(ctx, admin, hash); err != nil {
		return err
	}
	var owners []int64
	for u := range 5 {
		unit, err := st.CreateBusinessUnit(ctx, org, root, fmt.Sprintf("Sales %d", u+1))
		if err != nil {
			return err
		}
		for i := range 4 {
			n := u*4 + i + 1
			rep := &model.User{OrganizationID: org, BusinessUnitID: unit, Username: fmt.Sprintf("rep%d", n),
				FirstName: "Rep", LastName: fmt.Sprint(n), Enabled: true, RoleIDs: []int64{repRole.ID}}
			if err := st.CreateUser(ctx, rep, hash); err != nil {
				return err
			}
			owners = append(owners, rep.ID)
		}
	}
	var channel int64
	err = d.QueryRowContext(ctx, `INSERT INTO channels (organization_id, owner_user_id, name, base_url, admin_url, auth_kind, two_way, default_owner_id, created_at, updated_at)
		VALUES ($1, $2, 'Bench shop', 'https://shop.example/', 'https://shop.example/admin', 'bearer', TRUE, $2, 0, 0) RETURNING id`, org, admin.ID).Scan(&channel)
	if err != nil {
		return err
	}
	var websites, stores, groups []int64
	for i, name := range []string{"Main Website", "Europe"} {
		var id int64
		if err := d.QueryRowContext(ctx, "INSERT INTO magento_websites (channel_id, origin_id, code, name) VALUES ($1, $2, $3, $4) RETURNING id", channel, i+1, fmt.Sprint("w", i), name).Scan(&id); err != nil {
			return err
		}
		websites = append(websites, id)
	}
	for i, name := range []string{"Default Store View", "English", "Deutsch", "Français"} {
		var id int64
		if err := d.QueryRowContext(ctx, "INSERT INTO magento_stores (channel_id, origin_id, website_id, code, name) VALUES ($1, $2, $3, $4, $5) RETURNING id", channel, i+1, websites[i/2], fmt.Sprint("s", i), name).Scan(&id); err != nil {
			return err
		}
		stores = append(stores, id)
	}
	for i, code := range []string{"General", "Wholesale", "Retailer", "VIP"} {
		var id int64
		if err := d.QueryRowContext(ctx, "INSERT INTO magento_customer_groups (channel_id, origin_id, code) VALUES ($1, $2, $3) RETURNING id", channel, i+1, code).Scan(&id); err != nil {
			return err
		}
		groups = append(groups, id)
	}
	return insertCustomers(ctx, d, org, channel, customers, owners, stores, websites, groups)
}

const customerCols = 22

func insertCustomers(ctx context.Context, d *db.DB, org, channel int64, n int, owners, stores, websites, groups []int64) error {
	rng := rand.New(rand.NewPCG(1, 2))
	totalWeight := 0
	for _, c := range countryWeights {
		totalWeight += c.weight
	}
	const perStatement, perTx = 500, 20_000
	stmt := "INSERT INTO magento_customers (organization_id, channel_id, origin_id, website_id, store_id, group_id, first_name, last_name, email, gender, dob, is_subscribed, billing_country, billing_region, lifetime_value, currency, created_at, updated_at, remote_created_at, remote_updated_at, owner_user_id, sync_state) VALUES " + rowPlaceholders(perStatement)
	epoch := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	span := int64(3 * 365 * 24 * time.Hour / time.Millisecond)
	args := make([]any, 0, perStatement*customerCols)
	for done := 0; done < n; {
		tx, err := d.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		prep, err := tx.PrepareContext(ctx, stmt)
		if err != nil {
			tx.Rollback()
			return err
		}
		for batchEnd := min(done+perTx, n); done < batchEnd; {
			args = args[:0]
			for range perStatement {
				i := done
				if i >= n {
					i = n + rng.IntN(1<<30) // filler rows of a last, partial statement are removed below
				}
				args = appendCustomer(args, rng, i, org, channel, owners, stores, websites, groups, totalWeight, epoch, span)
				done++
			}
			if _, err := prep.ExecContext(ctx, args...); err != nil {
				prep.Close()
				tx.Rollback()
				return err
			}
		}
		prep.Close()
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	if _, err := d.ExecContext(ctx, "DELETE FROM magento_customers WHERE origin_id > $1", n); err != nil {
		return err
	}
	// Fresh statistics, and on PostgreSQL a visibility map, as autovacuum
	// would leave them after a large import: index-only scans need it.
	stmt = "ANALYZE"
	if d.Dialect == db.Postgres {
		stmt = "VACUUM ANALYZE"
	}
	_, err := d.ExecContext(ctx, stmt)
	return err
}

func appendCustomer(args []any, rng *rand.Rand, i int, org, channel int64, owners, stores, websites, groups []int64, totalWeight int, epoch, span int64) []any {
	first := firstNames[rng.IntN(len(firstNames))]
	last := lastNames[rng.IntN(len(lastNames))]
	email := fmt.Sprintf("%s.%s%d@%s", strings.ToLower(first), strings.ToLower(last), i, domains[rng.IntN(len(domains))])
	w := rng.IntN(totalWeight)
	country := ""
	for _, c := range countryWeights {
		if w < c.weight {
			country = c.code
			break
		}
		w -= c.weight
	}
	region := ""
	if rs := model.Regions(country); len(rs) > 0 {
		region = rs[rng.IntN(len(rs))].Name
	}
	store := rng.IntN(len(stores))
	var subscribed any
	switch rng.IntN(10) {
	case 0, 1, 2:
		subscribed = true
	case 3:
		subscribed = nil
	default:
		subscribed = false
	}
	created := epoch + rng.Int64N(span)
	updated := created + rng.Int64N(epoch+span-created+1)
	state := 0
	if rng.IntN(100) == 0 {
		state = model.SyncPendingSend
	}
	dob := ""
	if rng.IntN(2) == 0 {
		dob = fmt.Sprintf("%d-%02d-%02d", 1950+rng.IntN(55), 1+rng.IntN(12), 1+rng.IntN(28))
	}
	return append(args, org, channel, i+1, websites[store/2], stores[store], groups[rng.IntN(len(groups))], first, last,
		email, 1+rng.IntN(3), dob, subscribed, country, region, float64(rng.IntN(500000))/100, "USD", created, updated,
		model.FormatMagentoTime(time.UnixMilli(created)), model.FormatMagentoTime(time.UnixMilli(updated)), owners[rng.IntN(len(owners))], state)
}

func rowPlaceholders(rows int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range customerCols {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", r*customerCols+c+1)
		}
		b.WriteByte(')')
	}
	return b.String()
}
