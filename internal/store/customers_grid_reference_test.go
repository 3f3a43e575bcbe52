package store_test

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// The brute-force page of the equivalence test: every row the scope
// allows and the filters match, compared in Go by the sort's terms (texts
// by the database's order of them, a missing value first on SQLite and
// last on PostgreSQL, as each orders NULL ascending), then the id, all in
// the sort's direction, cut to the page. It shares nothing with the grid.

// referencePage returns the page's ids and how many rows match.
func (w *gridWorld) referencePage(q store.CustomerQuery, allows func(owner int64) bool) ([]int64, int) {
	var found []*gridRow
	for i := range w.rows {
		if c := &w.rows[i]; allows(c.owner) && matches(&q, c) {
			found = append(found, c)
		}
	}
	slices.SortFunc(found, func(a, b *gridRow) int {
		n := cmp.Or(w.compareTerms(q.Sort, a, b), cmp.Compare(a.id, b.id))
		if q.Desc {
			return -n
		}
		return n
	})
	from, to := min(q.Offset, len(found)), min(q.Offset+max(q.Limit, 1), len(found))
	ids := []int64{}
	for _, c := range found[from:to] {
		ids = append(ids, c.id)
	}
	return ids, len(found)
}

// compareTerms compares a and b by the sort's terms before the id.
func (w *gridWorld) compareTerms(sort string, a, b *gridRow) int {
	text := func(x, y string) int { return cmp.Compare(w.rank[x], w.rank[y]) }
	name := func(kind string, x, y *int64) int {
		var nx, ny string
		if x != nil {
			nx = w.names[kind][*x]
		}
		if y != nil {
			ny = w.names[kind][*y]
		}
		return cmp.Or(text(nx, ny), w.compareMissing(x, y))
	}
	switch sort {
	case "id":
		return 0
	case "channel", "owner":
		x, y := a.channel, b.channel
		if sort == "owner" {
			x, y = a.owner, b.owner
		}
		return name(sort, &x, &y)
	case "website":
		return name(sort, a.website, b.website)
	case "store":
		return name(sort, a.store, b.store)
	case "group":
		return name(sort, a.group, b.group)
	case "first_name":
		return cmp.Or(text(lower(a.first), lower(b.first)), text(lower(a.last), lower(b.last)))
	case "email":
		return text(lower(a.email), lower(b.email))
	case "lifetime":
		return cmp.Or(text(a.currency, b.currency), cmp.Compare(a.lifetime, b.lifetime))
	case "country":
		return cmp.Or(text(a.country, b.country), text(a.updated, b.updated))
	case "region":
		return cmp.Or(text(lower(a.region), lower(b.region)), text(a.country, b.country))
	case "newsletter":
		return w.compareMissing(boolValue(a.subscribed), boolValue(b.subscribed))
	case "sync":
		return cmp.Compare(a.state, b.state)
	case "created_at":
		return text(a.created, b.created)
	case "updated_at":
		return text(a.updated, b.updated)
	}
	return cmp.Or(text(a.last, b.last), text(a.first, b.first)) // "name", "last_name" and the default
}

// compareMissing compares two values that may be missing (NULL).
func (w *gridWorld) compareMissing(x, y *int64) int {
	first := -1 // SQLite: NULL is the least value
	if w.d.Dialect == db.Postgres {
		first = 1
	}
	switch {
	case x == nil && y == nil:
		return 0
	case x == nil:
		return first
	case y == nil:
		return -first
	}
	return cmp.Compare(*x, *y)
}

func boolValue(b *bool) *int64 {
	if b == nil {
		return nil
	}
	v := int64(0)
	if *b {
		v = 1
	}
	return &v
}

// matches reports whether c matches every filter of q.
func matches(q *store.CustomerQuery, c *gridRow) bool {
	return matchesLinks(q, c) && matchesTexts(q, c) && matchesValues(q, c) &&
		inRange(c.created, q.CreatedFrom, q.CreatedTo) && inRange(c.updated, q.UpdatedFrom, q.UpdatedTo)
}

func matchesLinks(q *store.CustomerQuery, c *gridRow) bool {
	is := func(want int64, got *int64) bool { return want == 0 || got != nil && *got == want }
	return is(q.ContactID, c.contact) && is(q.AccountID, c.account) && (len(q.IDs) == 0 || slices.Contains(q.IDs, c.id)) &&
		is(q.ChannelID, &c.channel) && is(q.WebsiteID, c.website) && is(q.StoreID, c.store) && is(q.OwnerID, &c.owner) &&
		(len(q.GroupIDs) == 0 || c.group != nil && slices.Contains(q.GroupIDs, *c.group))
}

func matchesTexts(q *store.CustomerQuery, c *gridRow) bool {
	email := strings.HasPrefix(lower(c.email), strings.ToLower(q.Email))
	if q.EmailMatch == "contains" {
		email = strings.Contains(lower(c.email), strings.ToLower(q.Email))
	}
	return email && strings.HasPrefix(lower(c.first), strings.ToLower(q.FirstName)) &&
		strings.HasPrefix(lower(c.last), strings.ToLower(q.LastName))
}

func matchesValues(q *store.CustomerQuery, c *gridRow) bool {
	if q.Country != "" && c.country != q.Country || q.Region != "" && lower(c.region) != strings.ToLower(q.Region) ||
		q.LifetimeMin != nil && c.lifetime < *q.LifetimeMin || q.LifetimeMax != nil && c.lifetime > *q.LifetimeMax {
		return false
	}
	newsletter := map[string]bool{"": true, "yes": c.subscribed != nil && *c.subscribed,
		"no": c.subscribed != nil && !*c.subscribed, "unknown": c.subscribed == nil}
	flag := map[string]int{"pending": model.SyncPendingSend, "conflict": model.SyncConflict, "removed": model.SyncRemovedRemote,
		"failed": model.SyncFailed}
	sync := q.SyncState == "" || q.SyncState == "in_sync" && c.state == 0 || q.SyncState != "pending" && c.state&flag[q.SyncState] != 0 ||
		q.SyncState == "pending" && c.state&(model.SyncPendingSend|model.SyncRemovedRemote) == model.SyncPendingSend // removed: not waiting
	return newsletter[q.Newsletter] && sync
}

// inRange reports whether a Magento time ("" when not in Magento) is in
// [from, to), a zero bound being open; a customer not in Magento is in no
// range.
func inRange(at string, from, to time.Time) bool {
	if from.IsZero() && to.IsZero() {
		return true
	}
	return at != "" && (from.IsZero() || at >= model.FormatMagentoTime(from)) && (to.IsZero() || at < model.FormatMagentoTime(to))
}
