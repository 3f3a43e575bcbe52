package crm

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// ActivityInput is what a person fills in to add or edit a note, call,
// task or calendar event. Times are as forms send them: 2006-01-02T15:04
// (UTC), or 2006-01-02 for all-day events.
type ActivityInput struct {
	Kind model.ActivityKind
	// Targets are the records the activity is about, on create: the first
	// is the record the form was opened from.
	Targets  []model.ActivityTarget
	Subject  string
	Body     string
	When     string // a call's time, an event's start
	Phone    string
	Incoming bool
	Minutes  string // a call's duration
	Due      string
	Remind   string
	Priority string
	Status   string
	OwnerID  int64 // a task's assignee; 0 keeps the current (or the actor on create)
	End      string
	AllDay   bool
	Place    string
	// AttendeeUserIDs are the users invited to an event; InviteRecords
	// also invites the customers and contacts it is about.
	AttendeeUserIDs []int64
	InviteRecords   bool
	// Version is the activity's last change time the edit was made on
	// (edit only; zero: as it is now). An activity changed since is ErrStale.
	Version time.Time
}

// maxBodyLength bounds a note's, description's or comment's text.
const maxBodyLength = 100_000

// CreateActivity adds a note, call, task or event about the records of in
// (every one the actor may view; the first one's entity must offer the kind).
func (s *Service) CreateActivity(ctx context.Context, sess *Session, in ActivityInput) (*model.Activity, error) {
	if !sess.Actor.Can(acl.Activity, acl.Create) {
		return nil, ErrForbidden
	}
	if in.Kind == model.KindEmail || in.Kind == model.KindAttachment {
		return nil, Refusal("Emails are sent with Send email, and files added with Attach file.")
	}
	targets, err := s.activityTargets(ctx, sess, in.Kind, in.Targets)
	if err != nil {
		return nil, err
	}
	a := &model.Activity{OrganizationID: sess.Actor.OrganizationID, OwnerUserID: sess.User.ID,
		CreatedByUserID: sess.User.ID, Kind: in.Kind, Targets: targets}
	if err := s.applyActivityInput(ctx, sess, a, in, true); err != nil {
		return nil, err
	}
	if err := s.Store.CreateActivity(ctx, store.ActivityChange{Activity: a, ActorID: sess.User.ID, At: s.Now().UTC()}); err != nil {
		return nil, err
	}
	return a, nil
}

// activityTargets checks every record is visible to the actor and the first
// one's entity offers the kind; the records are returned with their names.
func (s *Service) activityTargets(ctx context.Context, sess *Session, kind model.ActivityKind, in []model.ActivityTarget) ([]model.ActivityTarget, error) {
	if len(in) == 0 {
		return nil, Refusal("Open the customer, contact or account the activity is about, and add it there.")
	}
	if err := s.kindOffered(ctx, sess, kind, in[0].Entity); err != nil {
		return nil, err
	}
	var out []model.ActivityTarget
	for _, t := range in {
		if slices.ContainsFunc(out, func(o model.ActivityTarget) bool { return o.Entity == t.Entity && o.EntityID == t.EntityID }) {
			continue
		}
		rec, err := s.activityRecord(ctx, sess, t.Entity, t.EntityID)
		if err != nil {
			return nil, err
		}
		out = append(out, rec.Target())
	}
	return out, nil
}

// UpdateActivity saves a change of an activity the actor may edit.
func (s *Service) UpdateActivity(ctx context.Context, sess *Session, id int64, in ActivityInput) (*model.Activity, error) {
	old, err := s.mayActivity(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	if old.Kind == model.KindEmail {
		return nil, Refusal("A sent email cannot be changed. Add a comment to it instead.")
	}
	if stale(in.Version, old.UpdatedAt) {
		return nil, ErrStale
	}
	a := *old
	in.Kind = old.Kind
	if err := s.applyActivityInput(ctx, sess, &a, in, false); err != nil {
		return nil, err
	}
	at := nextVersion(s.Now().UTC(), old.UpdatedAt)
	if err := s.Store.UpdateActivity(ctx, old, store.ActivityChange{Activity: &a, ActorID: sess.User.ID, At: at}); err != nil {
		return nil, err
	}
	return &a, nil
}

// SetTaskStatus moves a task the actor may edit to open, in progress or done.
func (s *Service) SetTaskStatus(ctx context.Context, sess *Session, id int64, status string) (*model.Activity, error) {
	old, err := s.mayActivity(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	if old.Kind != model.KindTask || !slices.Contains(model.TaskStatuses, status) {
		return nil, Refusal("Only a task has a status: open, in progress or done.")
	}
	a := *old
	a.Status = status
	at := nextVersion(s.Now().UTC(), old.UpdatedAt)
	if err := s.Store.UpdateActivity(ctx, old, store.ActivityChange{Activity: &a, ActorID: sess.User.ID, At: at}); err != nil {
		return nil, err
	}
	return &a, nil
}

// DeleteActivity removes an activity the actor may delete, with its
// comments and files.
func (s *Service) DeleteActivity(ctx context.Context, sess *Session, id int64) (*model.Activity, error) {
	a, err := s.mayActivity(ctx, sess, id, acl.Delete)
	if err != nil {
		return nil, err
	}
	files, err := s.Store.DeleteActivity(ctx, store.ActivityChange{Activity: a, ActorID: sess.User.ID, At: s.Now().UTC()})
	if err != nil {
		return nil, err
	}
	s.removeFiles(files)
	return a, nil
}

// applyActivityInput validates in and copies it onto a.
func (s *Service) applyActivityInput(ctx context.Context, sess *Session, a *model.Activity, in ActivityInput, creating bool) error {
	fe := FieldErrors{}
	a.Subject, a.Body = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	if len(a.Subject) > maxFieldLength {
		fe["subject"] = "Use at most 255 characters."
	}
	if len(a.Body) > maxBodyLength {
		fe["body"] = "Use at most 100,000 characters."
	}
	switch a.Kind {
	case model.KindNote:
		if a.Body == "" {
			fe["body"] = "Write the note."
		}
	case model.KindCall:
		s.applyCall(a, in, fe)
	case model.KindTask:
		if err := s.applyTask(ctx, sess, a, in, creating, fe); err != nil {
			return err
		}
	case model.KindEvent:
		if err := s.applyEvent(ctx, sess, a, in, fe); err != nil {
			return err
		}
	case model.KindAttachment:
	default:
		return Refusal("There is no such kind of activity.")
	}
	return fe.orNil()
}

func (s *Service) applyCall(a *model.Activity, in ActivityInput, fe FieldErrors) {
	if a.Subject == "" {
		fe["subject"] = "Say what the call was about."
	}
	a.Phone = strings.TrimSpace(in.Phone)
	if len(a.Phone) > 64 {
		fe["phone"] = "Use at most 64 characters."
	}
	a.Direction = model.CallOutgoing
	if in.Incoming {
		a.Direction = model.CallIncoming
	}
	a.Duration = 0
	if m := strings.TrimSpace(in.Minutes); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 || n > 24*60 {
			fe["minutes"] = "Enter the call's length in whole minutes, like 5."
		}
		a.Duration = time.Duration(n) * time.Minute
	}
	a.OccurredAt = parseWhen(in.When, "when", fe)
	if a.OccurredAt.IsZero() && fe["when"] == "" {
		a.OccurredAt = s.Now().UTC().Truncate(time.Minute)
	}
}

func (s *Service) applyTask(ctx context.Context, sess *Session, a *model.Activity, in ActivityInput, creating bool, fe FieldErrors) error {
	if a.Subject == "" {
		fe["subject"] = "Say what is to be done."
	}
	a.DueAt = parseWhen(in.Due, "due", fe)
	a.RemindAt = parseWhen(in.Remind, "remind", fe)
	if !a.RemindAt.IsZero() && !a.DueAt.IsZero() && a.RemindAt.After(a.DueAt) {
		fe["remind"] = "Set the reminder before the due time."
	}
	a.Priority = in.Priority
	if a.Priority == "" {
		a.Priority = "normal"
	}
	if !slices.Contains(model.TaskPriorities, a.Priority) {
		fe["priority"] = "Choose low, normal or high."
	}
	a.Status = in.Status
	if a.Status == "" {
		a.Status = model.TaskOpen
	}
	if !slices.Contains(model.TaskStatuses, a.Status) {
		fe["status"] = "Choose open, in progress or done."
	}
	if creating {
		a.OccurredAt = time.Time{}
	}
	return s.checkRecordOwner(ctx, sess, acl.Activity, &a.OwnerUserID, &a.OwnerName, in.OwnerID, creating, fe)
}

func (s *Service) applyEvent(ctx context.Context, sess *Session, a *model.Activity, in ActivityInput, fe FieldErrors) error {
	if a.Subject == "" {
		fe["subject"] = "Give the event a title."
	}
	a.Place = strings.TrimSpace(in.Place)
	if len(a.Place) > maxFieldLength {
		fe["place"] = "Use at most 255 characters."
	}
	a.AllDay = in.AllDay
	if a.AllDay {
		a.OccurredAt = parseDay(in.When, "when", 0, fe)
		a.EndsAt = parseDay(in.End, "end", 1, fe)
		if a.EndsAt.IsZero() && !a.OccurredAt.IsZero() {
			a.EndsAt = a.OccurredAt.AddDate(0, 0, 1)
		}
	} else {
		a.OccurredAt = parseWhen(in.When, "when", fe)
		a.EndsAt = parseWhen(in.End, "end", fe)
		if a.EndsAt.IsZero() && !a.OccurredAt.IsZero() {
			a.EndsAt = a.OccurredAt.Add(time.Hour)
		}
	}
	if a.OccurredAt.IsZero() && fe["when"] == "" {
		fe["when"] = "Enter when the event starts."
	}
	if !a.OccurredAt.IsZero() && !a.EndsAt.IsZero() && !a.EndsAt.After(a.OccurredAt) && fe["end"] == "" {
		fe["end"] = "Set the end after the start."
	}
	return s.eventAttendees(ctx, sess, a, in, fe)
}

// eventAttendees sets the event's attendees: the chosen users of the
// organization and, when asked, its customers and contacts.
func (s *Service) eventAttendees(ctx context.Context, sess *Session, a *model.Activity, in ActivityInput, fe FieldErrors) error {
	users, err := s.Store.Users(ctx, sess.Actor.OrganizationID, store.UserFilter{})
	if err != nil {
		return err
	}
	a.Attendees = nil
	for _, id := range in.AttendeeUserIDs {
		i := slices.IndexFunc(users, func(u model.User) bool { return u.ID == id })
		if i < 0 {
			fe["attendees"] = "Choose attendees from the list."
			continue
		}
		a.Attendees = append(a.Attendees, model.Attendee{UserID: id, Name: users[i].DisplayName(), Email: users[i].Email})
	}
	if !in.InviteRecords {
		return nil
	}
	for _, t := range a.Targets {
		if t.Entity == model.TargetAccount {
			continue
		}
		rec, err := s.activityRecord(ctx, sess, t.Entity, t.EntityID)
		if err != nil {
			return err
		}
		a.Attendees = append(a.Attendees, model.Attendee{Entity: t.Entity, EntityID: t.EntityID, Name: rec.Name, Email: rec.Email})
	}
	return nil
}

// parseWhen reads a date and time as forms send it (UTC); "" is zero.
func parseWhen(s, field string, fe FieldErrors) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339, "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	fe[field] = "Enter a date and time like 2024-03-31T14:30."
	return time.Time{}
}

// parseDay reads a date; plusDays 1 turns an inclusive last day into the
// exclusive start of the next day. "" is zero.
func parseDay(s, field string, plusDays int, fe FieldErrors) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10] // a date and time field's day
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		fe[field] = "Enter a date like 2024-03-31."
		return time.Time{}
	}
	return t.AddDate(0, 0, plusDays)
}
