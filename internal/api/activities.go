package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// Activity is a note, call, email, task, event or attachment about
// records, as a timeline lists it.
type Activity struct {
	ID         int64      `json:"id"`
	Kind       string     `json:"kind" enum:"note,call,email,task,event,attachment"`
	Subject    string     `json:"subject"`
	Body       string     `json:"body" doc:"Markdown"`
	OccurredAt time.Time  `json:"occurred_at" doc:"A call's time, an event's start, otherwise when it was written"`
	OwnerID    int64      `json:"owner_id" doc:"A task's assignee, otherwise its author"`
	Owner      string     `json:"owner"`
	Phone      string     `json:"phone,omitempty"`
	Direction  string     `json:"direction,omitempty"`
	Seconds    int        `json:"duration_seconds,omitempty"`
	DueAt      *time.Time `json:"due_at,omitempty"`
	Priority   string     `json:"priority,omitempty"`
	Status     string     `json:"status,omitempty"`
	EndsAt     *time.Time `json:"ends_at,omitempty"`
	AllDay     bool       `json:"all_day,omitempty"`
	Place      string     `json:"place,omitempty"`
	EmailTo    string     `json:"email_to,omitempty"`
	EmailState string     `json:"email_state,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func activityOut(a *model.Activity) Activity {
	return Activity{ID: a.ID, Kind: string(a.Kind), Subject: a.Subject, Body: a.Body, OccurredAt: a.OccurredAt,
		OwnerID: a.OwnerUserID, Owner: a.OwnerName, Phone: a.Phone, Direction: a.Direction, Seconds: int(a.Duration.Seconds()),
		DueAt: timeOrNil(a.DueAt), Priority: a.Priority, Status: a.Status, EndsAt: timeOrNil(a.EndsAt), AllDay: a.AllDay,
		Place: a.Place, EmailTo: a.EmailTo, EmailState: a.EmailState, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

type timelineInput struct {
	ID     int64  `path:"id"`
	Kind   string `query:"kind" enum:"note,call,email,task,event,attachment"`
	From   string `query:"from" doc:"On or after this day, YYYY-MM-DD"`
	To     string `query:"to" doc:"On or before this day, YYYY-MM-DD"`
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
	Cursor string `query:"cursor" doc:"The next (older) page's position, from the previous page's next link"`
}

type timelineOutput struct {
	Body struct {
		Items []Activity `json:"items" doc:"Newest first"`
		Next  string     `json:"next,omitempty" doc:"The next (older) page's URL; absent on the last page"`
	}
}

// timeline answers a record's activities for one kind of record.
func (s *Server) timeline(entity, path string) func(context.Context, *timelineInput) (*timelineOutput, error) {
	return func(ctx context.Context, in *timelineInput) (*timelineOutput, error) {
		t, err := s.CRM.Timeline(ctx, sessionOf(ctx), crm.TimelineInput{Entity: entity, ID: in.ID,
			Kind: model.ActivityKind(in.Kind), From: in.From, To: in.To, Before: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, s.listProblem(err)
		}
		out := &timelineOutput{}
		out.Body.Items = make([]Activity, len(t.Activities))
		for i := range t.Activities {
			out.Body.Items[i] = activityOut(&t.Activities[i])
		}
		out.Body.Next = nextPage(path+"/"+itoa(in.ID)+"/activities", t.Next, in.Limit, map[string]string{"kind": in.Kind, "from": in.From, "to": in.To})
		return out, nil
	}
}

func activityRoutes(s *Server) {
	for _, r := range []struct{ entity, path, name string }{
		{model.TargetCustomer, "/customers", "customer"}, {model.TargetContact, "/contacts", "contact"}, {model.TargetAccount, "/accounts", "account"},
	} {
		huma.Register(s.api, op(http.MethodGet, r.path+"/{id}/activities", "list-"+r.name+"-activities", "Activities",
			"The "+r.name+"'s activities, newest first", 403, 404, 422), s.timeline(r.entity, r.path))
	}
}
