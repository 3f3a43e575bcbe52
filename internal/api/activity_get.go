package api

import (
	"context"
	"net/http"
	"time"

	"magecrm/internal/crm"
)

// ActivityDetail is one activity with the records it is about, its
// attendees, its file and what you may do with it.
type ActivityDetail struct {
	Activity
	RemindAt     *time.Time         `json:"remind_at,omitempty"`
	CreatedByID  int64              `json:"created_by_id" doc:"0 when its author was removed"`
	CreatedBy    string             `json:"created_by"`
	Targets      []ActivityTarget   `json:"targets" doc:"The records it is about; the first is the one it was added from"`
	Attendees    []ActivityAttendee `json:"attendees" doc:"An event's invited users, customers and contacts"`
	EmailError   string             `json:"email_error,omitempty" doc:"Why the last attempt to send an email failed"`
	Attachment   *AttachmentInfo    `json:"attachment,omitempty"`
	CommentCount int                `json:"comment_count"`
	May          ActivityMay        `json:"may"`
}

// ActivityAttendee is one person invited to an event: a user, or a
// customer or contact it is about.
type ActivityAttendee struct {
	UserID int64  `json:"user_id,omitempty"`
	Entity string `json:"entity,omitempty" enum:"customer,contact"`
	ID     int64  `json:"id,omitempty" doc:"The customer's or contact's id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
}

// AttachmentInfo describes the file of an attachment activity.
type AttachmentInfo struct {
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type" doc:"Found from the file's content, not its name"`
	Size        int64  `json:"size"`
	Download    string `json:"download" doc:"GET it for the file"`
}

// ActivityMay says what the caller may do with an activity.
type ActivityMay struct {
	Edit    bool `json:"edit"`
	Delete  bool `json:"delete"`
	Comment bool `json:"comment"`
}

func activityDetailOut(d *crm.ActivityDetails) ActivityDetail {
	a := d.Activity
	out := ActivityDetail{Activity: activityOut(a), RemindAt: timeOrNil(a.RemindAt), CreatedByID: a.CreatedByUserID,
		CreatedBy: a.CreatedByName, Targets: make([]ActivityTarget, len(a.Targets)), Attendees: make([]ActivityAttendee, len(a.Attendees)),
		EmailError: a.EmailError, CommentCount: len(d.Comments), May: ActivityMay{Edit: d.May.Edit, Delete: d.May.Delete, Comment: d.May.Comment}}
	for i, t := range a.Targets {
		out.Targets[i] = ActivityTarget{Entity: targetNames[t.Entity], ID: t.EntityID, Name: t.Name}
	}
	for i, at := range a.Attendees {
		out.Attendees[i] = ActivityAttendee{UserID: at.UserID, Entity: targetNames[at.Entity], ID: at.EntityID, Name: at.Name, Email: at.Email}
	}
	if f := a.Attachment; f != nil {
		out.Attachment = &AttachmentInfo{FileName: f.FileName, ContentType: f.ContentType, Size: f.Size,
			Download: Prefix + "/activities/" + itoa(a.ID) + "/file"}
	}
	return out
}

type activityOutput struct {
	ETag     string `header:"ETag" doc:"The activity's version; send it as If-Match to change it"`
	Location string `header:"Location" doc:"Set on create"`
	Body     ActivityDetail
}

// activityAnswer reads an activity for an answer; status 201 adds its Location.
func (s *Server) activityAnswer(ctx context.Context, id int64, status int) (*activityOutput, error) {
	d, err := s.CRM.ActivityDetails(ctx, sessionOf(ctx), id)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &activityOutput{ETag: versionTag(d.Activity.UpdatedAt.UnixMilli()), Body: activityDetailOut(d)}
	if status == http.StatusCreated {
		out.Location = Prefix + "/activities/" + itoa(id)
	}
	return out, nil
}

func (s *Server) getActivity(ctx context.Context, in *recordIDInput) (*activityOutput, error) {
	return s.activityAnswer(ctx, in.ID, 0)
}
