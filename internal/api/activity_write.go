package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// ActivityWrite is what a note, call, task or event form holds; in a
// change, members left out keep their value. Members that do not belong
// to the activity's kind are ignored.
type ActivityWrite struct {
	Subject         *string  `json:"subject,omitempty" doc:"A call's topic, a task's or event's title, an email's subject"`
	Body            *string  `json:"body,omitempty" doc:"Markdown: a note's text, a description, an email's message"`
	OccurredAt      *string  `json:"occurred_at,omitempty" doc:"A call's time (default: now) or an event's start, as 2024-03-31T14:30 (UTC) or RFC 3339; an all-day event's first day as 2024-03-31"`
	Phone           *string  `json:"phone,omitempty" doc:"A call's number"`
	Direction       *string  `json:"direction,omitempty" enum:"in,out" doc:"A call's direction; default out"`
	DurationMinutes *int     `json:"duration_minutes,omitempty" doc:"A call's length in whole minutes"`
	DueAt           *string  `json:"due_at,omitempty" doc:"A task's due time, like occurred_at; empty for none"`
	RemindAt        *string  `json:"remind_at,omitempty" doc:"When to remind the task's assignee, before due_at; empty for none"`
	Priority        *string  `json:"priority,omitempty" enum:"low,normal,high" doc:"A task's priority; default normal"`
	Status          *string  `json:"status,omitempty" enum:"open,in_progress,done" doc:"A task's status; default open"`
	OwnerID         *int64   `json:"owner_id,omitempty" doc:"A task's assignee: a user you may assign activities to (default: you)"`
	EndsAt          *string  `json:"ends_at,omitempty" doc:"An event's end (default: an hour after the start); an all-day event's last day"`
	AllDay          *bool    `json:"all_day,omitempty" doc:"An event that takes whole days"`
	Place           *string  `json:"place,omitempty" doc:"Where an event is"`
	AttendeeUserIDs *[]int64 `json:"attendee_user_ids,omitempty" doc:"Users invited to an event"`
	InviteRecords   *bool    `json:"invite_records,omitempty" doc:"Also invite the customers and contacts the event is about"`
}

// ActivityCreate is a new activity about the record of the path.
type ActivityCreate struct {
	Kind string `json:"kind" enum:"note,call,task,event,email" doc:"Files are attached with POST …/attachments"`
	ActivityWrite
	To   string           `json:"to,omitempty" doc:"An email's recipient address; the email is sent in the background and its state shows in email_state"`
	Also []ActivityTarget `json:"also,omitempty" doc:"Further records it is about, each one you may view"`
}

// ActivityTarget is a record an activity is about.
type ActivityTarget struct {
	Entity string `json:"entity" enum:"customer,contact,account"`
	ID     int64  `json:"id"`
	Name   string `json:"name,omitempty" readOnly:"true" doc:"In answers only"`
}

// targetNames are the API's names of the records activities are about.
var targetNames = map[string]string{model.TargetCustomer: "customer", model.TargetContact: "contact", model.TargetAccount: "account"}

func targetIn(t ActivityTarget) model.ActivityTarget {
	for entity, name := range targetNames {
		if name == t.Entity {
			return model.ActivityTarget{Entity: entity, EntityID: t.ID}
		}
	}
	return model.ActivityTarget{Entity: t.Entity, EntityID: t.ID}
}

// over lays the members sent over an activity's input.
func (w *ActivityWrite) over(in crm.ActivityInput) crm.ActivityInput {
	for _, f := range []struct{ to, from *string }{{&in.Subject, w.Subject}, {&in.Body, w.Body}, {&in.When, w.OccurredAt},
		{&in.Phone, w.Phone}, {&in.Due, w.DueAt}, {&in.Remind, w.RemindAt}, {&in.Priority, w.Priority},
		{&in.Status, w.Status}, {&in.End, w.EndsAt}, {&in.Place, w.Place}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	for _, f := range []struct{ to, from *bool }{{&in.AllDay, w.AllDay}, {&in.InviteRecords, w.InviteRecords}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if w.Direction != nil {
		in.Incoming = *w.Direction == model.CallIncoming
	}
	if w.DurationMinutes != nil {
		in.Minutes = strconv.Itoa(*w.DurationMinutes)
	}
	if w.OwnerID != nil {
		in.OwnerID = *w.OwnerID
	}
	if w.AttendeeUserIDs != nil {
		in.AttendeeUserIDs = *w.AttendeeUserIDs
	}
	return in
}

// activityInputOf is a saved activity as its edit form holds it.
func activityInputOf(a *model.Activity) crm.ActivityInput {
	in := crm.ActivityInput{Kind: a.Kind, Subject: a.Subject, Body: a.Body, When: formTime(a.OccurredAt), Phone: a.Phone,
		Incoming: a.Direction == model.CallIncoming, Due: formTime(a.DueAt), Remind: formTime(a.RemindAt), Priority: a.Priority,
		Status: a.Status, OwnerID: a.OwnerUserID, End: formTime(a.EndsAt), AllDay: a.AllDay, Place: a.Place}
	if a.Duration > 0 {
		in.Minutes = strconv.Itoa(int(a.Duration.Minutes()))
	}
	if a.AllDay {
		in.When, in.End = a.OccurredAt.Format(time.DateOnly), a.EndsAt.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	for _, at := range a.Attendees {
		if at.UserID != 0 {
			in.AttendeeUserIDs = append(in.AttendeeUserIDs, at.UserID)
		} else {
			in.InviteRecords = true
		}
	}
	return in
}

func formTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// activityFieldNames are the API's names of the activity form's fields.
var activityFieldNames = map[string]string{"when": "occurred_at", "minutes": "duration_minutes", "due": "due_at",
	"remind": "remind_at", "end": "ends_at", "attendees": "attendee_user_ids", "comment": "body"}

// activityProblem answers an activity service's error: a kind the record
// does not offer is a 422 on kind, field names are the API's.
func (s *Server) activityProblem(err error) error {
	var off crm.KindTurnedOff
	var fe crm.FieldErrors
	switch {
	case errors.As(err, &off):
		return huma.Error422UnprocessableEntity("This kind of activity is turned off for this record.",
			&huma.ErrorDetail{Location: "body.kind", Message: off.Error()})
	case errors.As(err, &fe):
		return renamedProblem(fe, func(k string) string {
			if n, ok := activityFieldNames[k]; ok {
				return n
			}
			return k
		})
	}
	return s.problem(err)
}

type activityCreateInput struct {
	ID             int64  `path:"id"`
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           ActivityCreate
}

// createActivity adds an activity about a record of entity.
func (s *Server) createActivity(entity string) func(context.Context, *activityCreateInput) (*activityOutput, error) {
	return func(ctx context.Context, in *activityCreateInput) (*activityOutput, error) {
		targets := []model.ActivityTarget{{Entity: entity, EntityID: in.ID}}
		for _, t := range in.Body.Also {
			targets = append(targets, targetIn(t))
		}
		sess := sessionOf(ctx)
		var a *model.Activity
		var err error
		if in.Body.Kind == string(model.KindEmail) {
			e := crm.EmailInput{Targets: targets, To: in.Body.To}
			if in.Body.Subject != nil {
				e.Subject = *in.Body.Subject
			}
			if in.Body.Body != nil {
				e.Body = *in.Body.Body
			}
			a, err = s.CRM.SendEmail(ctx, sess, e)
		} else {
			ai := in.Body.over(crm.ActivityInput{Kind: model.ActivityKind(in.Body.Kind)})
			ai.Targets = targets
			a, err = s.CRM.CreateActivity(ctx, sess, ai)
		}
		if err != nil {
			return nil, s.activityProblem(err)
		}
		return s.activityAnswer(ctx, a.ID, http.StatusCreated)
	}
}

type activityUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The activity's ETag; required"`
	Body    ActivityWrite
}

func (s *Server) updateActivity(ctx context.Context, in *activityUpdateInput) (*activityOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	sess := sessionOf(ctx)
	old, err := s.CRM.Activity(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	change := in.Body.over(activityInputOf(old))
	change.Version = version
	if _, err := s.CRM.UpdateActivity(ctx, sess, in.ID, change); err != nil {
		return nil, s.activityProblem(err)
	}
	return s.activityAnswer(ctx, in.ID, 0)
}

func (s *Server) deleteActivity(ctx context.Context, in *recordIDInput) (*struct{}, error) {
	if _, err := s.CRM.DeleteActivity(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}

func activityWriteRoutes(s *Server) {
	a := s.api
	for _, r := range []struct{ entity, path, name string }{
		{model.TargetCustomer, "/customers", "customer"}, {model.TargetContact, "/contacts", "contact"}, {model.TargetAccount, "/accounts", "account"},
	} {
		huma.Register(a, created(r.path+"/{id}/activities", "create-"+r.name+"-activity", "Activities",
			"Add a note, call, task or event about the "+r.name+", or send an email", 403, 404, 409, 422), s.createActivity(r.entity))
	}
	huma.Register(a, op(http.MethodGet, "/activities/{id}", "get-activity", "Activities", "Get an activity", 403, 404), s.getActivity)
	huma.Register(a, op(http.MethodPatch, "/activities/{id}", "update-activity", "Activities",
		"Change a note, call, task or event; needs If-Match (a sent email cannot change)", 403, 404, 409, 412, 422, 428), s.updateActivity)
	huma.Register(a, op(http.MethodDelete, "/activities/{id}", "delete-activity", "Activities",
		"Delete an activity with its comments and file", 403, 404), s.deleteActivity)
	activityCommentRoutes(s)
}
