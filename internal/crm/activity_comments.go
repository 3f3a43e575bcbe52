package crm

import (
	"context"
	"strings"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// ActivityDetails is everything an activity's page shows.
type ActivityDetails struct {
	Activity *model.Activity
	Comments []model.ActivityComment
	May      ActivityPermissions
}

// ActivityDetails loads an activity the actor may view with its comments.
func (s *Service) ActivityDetails(ctx context.Context, sess *Session, id int64) (*ActivityDetails, error) {
	a, err := s.Activity(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	d := &ActivityDetails{Activity: a}
	if d.May, err = s.ActivityPermissions(ctx, sess, a); err != nil {
		return nil, err
	}
	d.Comments, err = s.Store.ActivityComments(ctx, id)
	return d, err
}

// AddActivityComment adds a comment to an activity the actor may view;
// commenting needs the Activities create permission.
func (s *Service) AddActivityComment(ctx context.Context, sess *Session, activityID int64, body string) (*model.ActivityComment, error) {
	a, err := s.Activity(ctx, sess, activityID)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Can(acl.Activity, acl.Create) {
		return nil, ErrForbidden
	}
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return nil, FieldErrors{"comment": "Write the comment."}
	case len(body) > maxBodyLength:
		return nil, FieldErrors{"comment": "Use at most 100,000 characters."}
	}
	c := &model.ActivityComment{ActivityID: a.ID, AuthorUserID: sess.User.ID, Body: body, CreatedAt: s.Now()}
	if err := s.Store.AddActivityComment(ctx, a, c); err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteActivityComment removes a comment: its author may, and so may
// whoever may delete the activity.
func (s *Service) DeleteActivityComment(ctx context.Context, sess *Session, activityID, id int64) error {
	a, err := s.Activity(ctx, sess, activityID)
	if err != nil {
		return err
	}
	c, err := s.Store.ActivityComment(ctx, activityID, id)
	if err != nil {
		return err
	}
	if c.AuthorUserID != sess.User.ID {
		rec, err := s.activityAccess(ctx, a)
		if err != nil {
			return err
		}
		if !sess.Actor.Decide(acl.Activity, acl.Delete, rec) {
			return ErrForbidden
		}
	}
	return s.Store.DeleteActivityComment(ctx, a, c, sess.User.ID, s.Now())
}
