package crm

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// targetEntities are the acl entities of the records activities are
// about, keyed by target entity.
var targetEntities = map[string]acl.Entity{
	model.TargetCustomer: acl.MagentoCustomer,
	model.TargetContact:  acl.Contact,
	model.TargetAccount:  acl.Account,
}

// activityScope is what the actor may do act on: activities in their
// Activities scope about at least one record they may view.
func activityScope(sess *Session, act acl.Action) store.ActivityScope {
	sc := store.ActivityScope{Activity: sess.Actor.Scope(acl.Activity, act), Targets: map[string]acl.Scope{}}
	for target, e := range targetEntities {
		sc.Targets[target] = sess.Actor.Scope(e, acl.View)
	}
	return sc
}

// ActivityRecord is a record activities are about, as activity pages need it.
type ActivityRecord struct {
	Entity string
	ID     int64
	Name   string
	Email  string
	Phone  string
	// ContactID and AccountID are the customer's or contact's linked
	// records, offered as further records an activity may be about.
	ContactID, AccountID     int64
	ContactName, AccountName string
}

// Target is the record as an activity target.
func (r *ActivityRecord) Target() model.ActivityTarget {
	return model.ActivityTarget{Entity: r.Entity, EntityID: r.ID, Name: r.Name}
}

// Href is the record's page.
func (r *ActivityRecord) Href() string { return r.Target().Href() }

// activityRecord loads a record the actor may view; ErrNotFound otherwise.
func (s *Service) activityRecord(ctx context.Context, sess *Session, entity string, id int64) (*ActivityRecord, error) {
	r := &ActivityRecord{Entity: entity, ID: id}
	switch entity {
	case model.TargetCustomer:
		c, err := s.Customer(ctx, sess, id)
		if err != nil {
			return nil, hideForbidden(err)
		}
		r.Name, r.Email = c.FullName(), c.Email
		r.ContactID, r.ContactName, r.AccountID, r.AccountName = c.ContactID, c.ContactName, c.AccountID, c.AccountName
	case model.TargetContact:
		c, err := s.Contact(ctx, sess, id)
		if err != nil {
			return nil, hideForbidden(err)
		}
		r.Name, r.Email, r.Phone = c.Name(), c.Email, c.Phone
		r.AccountID, r.AccountName = c.AccountID, c.AccountName
	case model.TargetAccount:
		a, err := s.Account(ctx, sess, id)
		if err != nil {
			return nil, hideForbidden(err)
		}
		r.Name = a.Name
	default:
		return nil, ErrNotFound
	}
	return r, nil
}

// hideForbidden answers a record the actor may not view like one that
// does not exist.
func hideForbidden(err error) error {
	if err == ErrForbidden {
		return ErrNotFound
	}
	return err
}

// activityAccess is the acl view of one activity.
func (s *Service) activityAccess(ctx context.Context, a *model.Activity) (acl.Record, error) {
	unit, err := s.ownerUnit(ctx, a.OrganizationID, a.OwnerUserID)
	return acl.Record{OwnerUserID: a.OwnerUserID, OwnerBusinessUnitID: unit, OrganizationID: a.OrganizationID}, err
}

// Activity returns one activity the actor may view: in their Activities
// scope and about a record they may view.
func (s *Service) Activity(ctx context.Context, sess *Session, id int64) (*model.Activity, error) {
	if !sess.Actor.Can(acl.Activity, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Activity(ctx, activityScope(sess, acl.View), id)
}

// mayActivity loads an activity the actor may view and checks they may do
// act on it.
func (s *Service) mayActivity(ctx context.Context, sess *Session, id int64, act acl.Action) (*model.Activity, error) {
	a, err := s.Activity(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	rec, err := s.activityAccess(ctx, a)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.Activity, act, rec) {
		return nil, ErrForbidden
	}
	return a, nil
}

// ActivityPermissions says what the actor may do with one activity.
type ActivityPermissions struct {
	Edit, Delete, Comment bool
	// Retry: send an email again.
	Retry bool
}

// ActivityPermissions reports what the actor may do with an activity they view.
func (s *Service) ActivityPermissions(ctx context.Context, sess *Session, a *model.Activity) (ActivityPermissions, error) {
	rec, err := s.activityAccess(ctx, a)
	if err != nil {
		return ActivityPermissions{}, err
	}
	editable := a.Kind != model.KindEmail
	return ActivityPermissions{
		Edit:    editable && sess.Actor.Decide(acl.Activity, acl.Edit, rec),
		Retry:   a.Kind == model.KindEmail && sess.Actor.Decide(acl.Activity, acl.Edit, rec),
		Delete:  sess.Actor.Decide(acl.Activity, acl.Delete, rec),
		Comment: sess.Actor.Can(acl.Activity, acl.Create),
	}, nil
}

// Timeline is a record's activities as its page shows them.
type Timeline struct {
	Record     *ActivityRecord
	Activities []model.Activity
	// Next is the cursor of the next (older) page, "" on the last.
	Next string
	// Kinds are the kinds the record's entity offers: their quick-add
	// buttons show. Turned-off kinds keep their records listed.
	Kinds     []model.ActivityKind
	CanCreate bool
}

// TimelineInput selects a page of a record's timeline.
type TimelineInput struct {
	Entity   string
	ID       int64
	Kind     model.ActivityKind
	From, To string // dates, 2006-01-02; To is included
	// Before is a page's cursor (Timeline.Next); "" for the newest page.
	Before string
	Limit  int
}

// Timeline returns a page of the activities about a record the actor may
// view, newest first. Bad filter dates are FieldErrors.
func (s *Service) Timeline(ctx context.Context, sess *Session, in TimelineInput) (*Timeline, error) {
	rec, err := s.activityRecord(ctx, sess, in.Entity, in.ID)
	if err != nil {
		return nil, err
	}
	t := &Timeline{Record: rec, CanCreate: sess.Actor.Can(acl.Activity, acl.Create)}
	kinds, err := s.Store.EntityKinds(ctx, sess.Actor.OrganizationID, in.Entity)
	if err != nil {
		return nil, err
	}
	t.Kinds = kinds.List()
	if !sess.Actor.Can(acl.Activity, acl.View) {
		return t, nil
	}
	q := store.TimelineQuery{Scope: activityScope(sess, acl.View), Entity: in.Entity, EntityID: in.ID,
		Before: parseCursor(in.Before), Limit: in.Limit}
	if in.Kind.Valid() {
		q.Kind = in.Kind
	}
	fe := FieldErrors{}
	q.From = parseDay(in.From, "from", 0, fe)
	q.To = parseDay(in.To, "to", 1, fe)
	if err := fe.orNil(); err != nil {
		return t, err
	}
	var next *store.TimelineCursor
	if t.Activities, next, err = s.Store.Timeline(ctx, q); err != nil {
		return nil, err
	}
	if next != nil {
		t.Next = formatCursor(next.At, next.ID)
	}
	return t, nil
}

// formatCursor writes a place in a list ordered newest first: a time and
// an id, as "millis.id".
func formatCursor(at time.Time, id int64) string {
	return strconv.FormatInt(at.UnixMilli(), 10) + "." + strconv.FormatInt(id, 10)
}

// parseCursor reads a cursor of formatCursor; a malformed one is nil (for
// a timeline: the newest page).
func parseCursor(s string) *store.TimelineCursor {
	at, id, ok := strings.Cut(s, ".")
	ms, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return nil
	}
	return &store.TimelineCursor{At: time.UnixMilli(ms).UTC(), ID: n}
}

// NewActivityForm is what a form for a new activity about a record needs.
type NewActivityForm struct {
	Record *ActivityRecord
	Kind   model.ActivityKind
	// Owners are the users a task may be assigned to; Users the users an
	// event may invite.
	Owners, Users []model.User
}

// NewActivityForm checks the actor may add an activity of kind about the
// record and returns what its form offers.
func (s *Service) NewActivityForm(ctx context.Context, sess *Session, kind model.ActivityKind, entity string, id int64) (*NewActivityForm, error) {
	if !sess.Actor.Can(acl.Activity, acl.Create) {
		return nil, ErrForbidden
	}
	rec, err := s.activityRecord(ctx, sess, entity, id)
	if err != nil {
		return nil, err
	}
	if err := s.kindOffered(ctx, sess, kind, entity); err != nil {
		return nil, err
	}
	f := &NewActivityForm{Record: rec, Kind: kind}
	if f.Owners, err = s.AssignableOwners(ctx, sess, acl.Activity); err != nil {
		return nil, err
	}
	f.Users, err = s.Store.Users(ctx, sess.Actor.OrganizationID, store.UserFilter{})
	return f, err
}

// kindOffered refuses a kind the entity does not offer.
func (s *Service) kindOffered(ctx context.Context, sess *Session, kind model.ActivityKind, entity string) error {
	if !kind.Valid() {
		return Refusal("There is no such kind of activity.")
	}
	kinds, err := s.Store.EntityKinds(ctx, sess.Actor.OrganizationID, entity)
	if err != nil {
		return err
	}
	if !kinds[kind] {
		return KindTurnedOff{Refusal(fmt.Sprintf("%ss are turned off for %s. An administrator can turn them on under System → Entities.",
			kind.Label(), model.TargetLabel(entity)))}
	}
	return nil
}

// KindTurnedOff refuses an activity kind that the record's entity does not
// offer (System → Entities). It is a Refusal.
type KindTurnedOff struct{ Refusal }

// Unwrap returns the refusal, so errors.As finds a Refusal in it.
func (k KindTurnedOff) Unwrap() error { return k.Refusal }

// ActivityFormChoices returns an activity the actor may edit with the
// users its form offers: assignees (tasks) and attendees (events).
func (s *Service) ActivityFormChoices(ctx context.Context, sess *Session, id int64) (*model.Activity, []model.User, []model.User, error) {
	a, err := s.mayActivity(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, nil, nil, err
	}
	owners, err := s.AssignableOwners(ctx, sess, acl.Activity)
	if err != nil {
		return nil, nil, nil, err
	}
	users, err := s.Store.Users(ctx, sess.Actor.OrganizationID, store.UserFilter{})
	return a, owners, users, err
}

// ActivitySummaries returns when records of an entity last had an activity
// and how many open tasks they have, for records the caller listed from a
// scoped query (the grid's page).
func (s *Service) ActivitySummaries(ctx context.Context, sess *Session, entity string, ids []int64) (map[int64]model.ActivitySummary, error) {
	if !sess.Actor.Can(acl.Activity, acl.View) {
		return map[int64]model.ActivitySummary{}, nil
	}
	return s.Store.ActivitySummaries(ctx, entity, ids)
}
