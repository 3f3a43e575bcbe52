package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// activityScopeOf is the scope of an actor with level on activities and
// on customers alike.
func activityScopeOf(w *customerWorld, user, unit int64, level acl.Level) store.ActivityScope {
	a := actorOf(w, user, unit, level)
	a.Permissions[acl.Key{Entity: acl.Activity, Action: acl.View}] = level
	return store.ActivityScope{
		Activity: a.Scope(acl.Activity, acl.View),
		Targets:  map[string]acl.Scope{model.TargetCustomer: a.Scope(acl.MagentoCustomer, acl.View)},
	}
}

func addActivity(t *testing.T, w *customerWorld, a *model.Activity, at time.Time) *model.Activity {
	t.Helper()
	a.OrganizationID = w.org
	if a.CreatedByUserID == 0 {
		a.CreatedByUserID = a.OwnerUserID
	}
	if err := w.st.CreateActivity(context.Background(), store.ActivityChange{Activity: a, ActorID: a.CreatedByUserID, At: at}); err != nil {
		t.Fatal(err)
	}
	return a
}

func titles(list []model.Activity) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Title()
	}
	return out
}

func TestActivityTimelineScopeAndSummaries(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newCustomerWorld(t, d)
		anna := w.add(t, seedCustomer{first: "Anna", last: "Zimmer", email: "anna@zimmer.de", owner: w.rep, store: w.storeA, group: w.groupGeneral})
		bob := w.add(t, seedCustomer{first: "Bob", last: "Adams", email: "bob@adams.com", owner: w.boss, store: w.storeA, group: w.groupGeneral})
		contact := exec(t, d, "INSERT INTO contacts (organization_id, owner_user_id, first_name, last_name, created_at, updated_at) VALUES ($1, $2, 'Carl', 'Contact', 0, 0)", w.org, w.rep)
		base := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
		onAnna := []model.ActivityTarget{{Entity: model.TargetCustomer, EntityID: anna}}
		addActivity(t, w, &model.Activity{Kind: model.KindNote, OwnerUserID: w.rep, Body: "first note", Targets: onAnna}, base)
		call := addActivity(t, w, &model.Activity{Kind: model.KindCall, OwnerUserID: w.rep, Subject: "Quote call", Phone: "+49 1",
			Direction: model.CallOutgoing, Duration: 5 * time.Minute, OccurredAt: base.Add(2 * time.Hour),
			Targets: append(onAnna, model.ActivityTarget{Entity: model.TargetContact, EntityID: contact})}, base.Add(time.Hour))
		addActivity(t, w, &model.Activity{Kind: model.KindTask, OwnerUserID: w.mate, CreatedByUserID: w.rep, Subject: "Send quote",
			Status: model.TaskOpen, Priority: "high", DueAt: base.Add(48 * time.Hour), Targets: onAnna}, base.Add(3*time.Hour))
		addActivity(t, w, &model.Activity{Kind: model.KindNote, OwnerUserID: w.boss, Body: "boss note",
			Targets: []model.ActivityTarget{{Entity: model.TargetCustomer, EntityID: bob}}}, base)

		org := activityScopeOf(w, w.boss, w.root, acl.Organization)
		list, next, err := w.st.Timeline(ctx, store.TimelineQuery{Scope: org, Entity: model.TargetCustomer, EntityID: anna, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := titles(list), []string{"Send quote", "Quote call", "first note"}; !slices.Equal(got, want) || next != nil {
			t.Fatalf("timeline %v (next %v), want %v newest first", got, next, want)
		}
		if got := list[1]; len(got.Targets) != 2 || got.Targets[1].Name != "Carl Contact" || got.Duration != 5*time.Minute || got.Phone != "+49 1" {
			t.Fatalf("call read back as %+v", got)
		}
		calls, _, err := w.st.Timeline(ctx, store.TimelineQuery{Scope: org, Entity: model.TargetCustomer, EntityID: anna, Kind: model.KindCall})
		if err != nil || len(calls) != 1 || calls[0].ID != call.ID {
			t.Fatalf("kind filter: %v %v", titles(calls), err)
		}
		dated, _, err := w.st.Timeline(ctx, store.TimelineQuery{Scope: org, Entity: model.TargetCustomer, EntityID: anna,
			From: base.Add(time.Hour), To: base.Add(3 * time.Hour)})
		if err != nil || !slices.Equal(titles(dated), []string{"Quote call"}) {
			t.Fatalf("date filter: %v %v", titles(dated), err)
		}
		page1, next, err := w.st.Timeline(ctx, store.TimelineQuery{Scope: org, Entity: model.TargetCustomer, EntityID: anna, Limit: 2})
		if err != nil || !slices.Equal(titles(page1), []string{"Send quote", "Quote call"}) || next == nil || next.ID != call.ID {
			t.Fatalf("first page of 2: %v next %+v %v", titles(page1), next, err)
		}
		page2, next, err := w.st.Timeline(ctx, store.TimelineQuery{Scope: org, Entity: model.TargetCustomer, EntityID: anna, Limit: 2, Before: next})
		if err != nil || !slices.Equal(titles(page2), []string{"first note"}) || next != nil {
			t.Fatalf("second page: %v next %+v %v", titles(page2), next, err)
		}

		// "Own" sees only their own activities; the task belongs to its assignee.
		own := activityScopeOf(w, w.rep, w.sales, acl.Own)
		list, _, _ = w.st.Timeline(ctx, store.TimelineQuery{Scope: own, Entity: model.TargetCustomer, EntityID: anna})
		if !slices.Equal(titles(list), []string{"Quote call", "first note"}) {
			t.Fatalf("rep's own timeline: %v", titles(list))
		}
		// An activity about a record out of scope cannot be loaded.
		if _, err := w.st.Activity(ctx, activityScopeOf(w, w.mate, w.sales, acl.BusinessUnit), call.ID); err != nil {
			t.Fatalf("mate (business unit) should see the call about Anna: %v", err)
		}
		if _, err := w.st.Activity(ctx, activityScopeOf(w, w.mate, w.sales, acl.Own), call.ID); err != store.ErrNotFound {
			t.Fatalf("mate (own) loading rep's call: %v, want ErrNotFound", err)
		}

		sums, err := w.st.ActivitySummaries(ctx, model.TargetCustomer, []int64{anna, bob, 999})
		if err != nil {
			t.Fatal(err)
		}
		if s := sums[anna]; s.OpenTasks != 1 || !s.LastActivityAt.Equal(base.Add(3*time.Hour)) {
			t.Fatalf("Anna's summary %+v", s)
		}
		if _, ok := sums[999]; ok || sums[bob].OpenTasks != 0 {
			t.Fatalf("summaries %+v", sums)
		}
		// The task is mate's, but it is about Anna, whom "own" does not let
		// mate see: it stays hidden until mate may see her.
		if tasks, err := w.st.OpenTasks(ctx, activityScopeOf(w, w.mate, w.sales, acl.Own), w.mate, 10); err != nil || len(tasks) != 0 {
			t.Fatalf("mate (own) sees tasks about a customer out of scope: %v %v", titles(tasks), err)
		}
		tasks, err := w.st.OpenTasks(ctx, activityScopeOf(w, w.mate, w.sales, acl.BusinessUnit), w.mate, 10)
		if err != nil || !slices.Equal(titles(tasks), []string{"Send quote"}) {
			t.Fatalf("mate's open tasks: %v %v", titles(tasks), err)
		}
		if n, err := w.st.CountOpenTasks(ctx, activityScopeOf(w, w.mate, w.sales, acl.BusinessUnit), w.mate, 100); err != nil || n != 1 {
			t.Fatalf("mate's open task count %d %v", n, err)
		}

		// Done tasks leave the count; the history of both records has the call.
		done := tasks[0]
		done.Status = model.TaskDone
		if err := w.st.UpdateActivity(ctx, &tasks[0], store.ActivityChange{Activity: &done, ActorID: w.mate, At: base.Add(4 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		sums, _ = w.st.ActivitySummaries(ctx, model.TargetCustomer, []int64{anna})
		if sums[anna].OpenTasks != 0 {
			t.Fatalf("after done: %+v", sums[anna])
		}
		hist, err := w.st.Audit(ctx, store.ContactEntity, contact, 10)
		if err != nil || len(hist) != 1 || hist[0].Action != "added call" || hist[0].Changes["call"][1] != "Quote call" {
			t.Fatalf("contact history %+v %v", hist, err)
		}
	})
}

func TestActivityCommentsAndDelete(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newCustomerWorld(t, d)
		anna := w.add(t, seedCustomer{first: "Anna", last: "Zimmer", email: "anna@zimmer.de", owner: w.rep, store: w.storeA, group: w.groupGeneral})
		at := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
		a := addActivity(t, w, &model.Activity{Kind: model.KindNote, OwnerUserID: w.rep, Body: "a note",
			Targets: []model.ActivityTarget{{Entity: model.TargetCustomer, EntityID: anna}}}, at)
		c := &model.ActivityComment{AuthorUserID: w.mate, Body: "agreed", CreatedAt: at}
		if err := w.st.AddActivityComment(ctx, a, c); err != nil {
			t.Fatal(err)
		}
		list, err := w.st.ActivityComments(ctx, a.ID)
		if err != nil || len(list) != 1 || list[0].Body != "agreed" || list[0].AuthorName != "mate User" {
			t.Fatalf("comments %+v %v", list, err)
		}
		got, err := w.st.Activity(ctx, activityScopeOf(w, w.boss, w.root, acl.Organization), a.ID)
		if err != nil || got.CommentCount != 1 {
			t.Fatalf("comment count: %+v %v", got, err)
		}
		if _, err := w.st.DeleteActivity(ctx, store.ActivityChange{Activity: got, ActorID: w.rep, At: at}); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRow("SELECT COUNT(*) FROM activity_comments").Scan(&n); err != nil || n != 0 {
			t.Fatalf("comments left after delete: %d %v", n, err)
		}
		if _, err := w.st.Activity(ctx, activityScopeOf(w, w.boss, w.root, acl.Organization), a.ID); err != store.ErrNotFound {
			t.Fatalf("deleted activity: %v", err)
		}
		hist, _ := w.st.Audit(ctx, store.CustomerEntity, anna, 10)
		if len(hist) != 3 || hist[0].Action != "deleted note" || hist[1].Action != "commented on note" {
			t.Fatalf("history %+v", hist)
		}
	})
}

func TestEntityKindsDefaultToAllAndSave(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newCustomerWorld(t, d)
		k, err := w.st.EntityKinds(ctx, w.org, model.TargetContact)
		if err != nil || len(k.List()) != len(model.ActivityKinds) {
			t.Fatalf("default kinds %v %v", k.List(), err)
		}
		if err := w.st.SetEntityKinds(ctx, w.org, model.TargetContact, model.EntityKinds{model.KindCall: true, model.KindTask: true}); err != nil {
			t.Fatal(err)
		}
		if err := w.st.SetEntityKinds(ctx, w.org, model.TargetContact, model.EntityKinds{model.KindCall: true}); err != nil {
			t.Fatal(err)
		}
		k, err = w.st.EntityKinds(ctx, w.org, model.TargetContact)
		if err != nil || len(k.List()) != 1 || !k[model.KindCall] {
			t.Fatalf("saved kinds %v %v", k.List(), err)
		}
	})
}
