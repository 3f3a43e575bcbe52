package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/model"
)

// ActivityComment is one comment on an activity.
type ActivityComment struct {
	ID        int64     `json:"id"`
	AuthorID  int64     `json:"author_id" doc:"0 when its author was removed"`
	Author    string    `json:"author"`
	Body      string    `json:"body" doc:"Markdown"`
	CreatedAt time.Time `json:"created_at"`
}

func commentOut(c *model.ActivityComment) ActivityComment {
	return ActivityComment{ID: c.ID, AuthorID: c.AuthorUserID, Author: c.AuthorName, Body: c.Body, CreatedAt: c.CreatedAt}
}

type commentListOutput struct {
	Body struct {
		Items []ActivityComment `json:"items" doc:"Oldest first, all of them"`
	}
}

func (s *Server) listActivityComments(ctx context.Context, in *recordIDInput) (*commentListOutput, error) {
	d, err := s.CRM.ActivityDetails(ctx, sessionOf(ctx), in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &commentListOutput{}
	out.Body.Items = make([]ActivityComment, len(d.Comments))
	for i := range d.Comments {
		out.Body.Items[i] = commentOut(&d.Comments[i])
	}
	return out, nil
}

type commentCreateInput struct {
	ID             int64  `path:"id"`
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           struct {
		Body string `json:"body" doc:"Markdown"`
	}
}

type commentOutput struct {
	Body ActivityComment
}

func (s *Server) createActivityComment(ctx context.Context, in *commentCreateInput) (*commentOutput, error) {
	sess := sessionOf(ctx)
	c, err := s.CRM.AddActivityComment(ctx, sess, in.ID, in.Body.Body)
	if err != nil {
		return nil, s.activityProblem(err)
	}
	c.AuthorName = sess.User.DisplayName()
	return &commentOutput{Body: commentOut(c)}, nil
}

type commentIDInput struct {
	ID      int64 `path:"id"`
	Comment int64 `path:"comment"`
}

func (s *Server) deleteActivityComment(ctx context.Context, in *commentIDInput) (*struct{}, error) {
	if err := s.CRM.DeleteActivityComment(ctx, sessionOf(ctx), in.ID, in.Comment); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}

func activityCommentRoutes(s *Server) {
	a := s.api
	huma.Register(a, op(http.MethodGet, "/activities/{id}/comments", "list-activity-comments", "Activities", "An activity's comments", 403, 404), s.listActivityComments)
	huma.Register(a, created("/activities/{id}/comments", "create-activity-comment", "Activities",
		"Comment on an activity (needs the permission to create activities)", 403, 404, 422), s.createActivityComment)
	huma.Register(a, op(http.MethodDelete, "/activities/{id}/comments/{comment}", "delete-activity-comment", "Activities",
		"Delete a comment: your own, or any on an activity you may delete", 403, 404), s.deleteActivityComment)
}
