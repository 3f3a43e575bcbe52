package crm

import (
	"context"
	"errors"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/auth"
	"magecrm/internal/model"
)

// MyWork is the signed-in user's open tasks, reminders and coming events.
type MyWork struct {
	Tasks []model.Activity // overdue and soonest due first
	// MoreTasks says Tasks holds only the most urgent of more open tasks.
	MoreTasks bool
	Reminders []model.Activity // open tasks whose reminder time has come
	Events    []model.Activity // from today on, soonest first
	Now       time.Time
	// FeedSince is when the user's calendar feed address was made; zero
	// when the feed is off.
	FeedSince time.Time
}

// myWorkLimit bounds each list of the My tasks page.
const myWorkLimit = 50

// eventHorizon is how far ahead My tasks lists events.
const eventHorizon = 60 * 24 * time.Hour

// MyWork loads the actor's open tasks, due reminders and coming events,
// limited to activities they may view.
func (s *Service) MyWork(ctx context.Context, sess *Session) (*MyWork, error) {
	if !sess.Actor.Can(acl.Activity, acl.View) {
		return nil, ErrForbidden
	}
	now := s.Now().UTC()
	w := &MyWork{Now: now}
	scope := activityScope(sess, acl.View)
	var err error
	if w.Tasks, err = s.Store.OpenTasks(ctx, scope, sess.User.ID, myWorkLimit); err != nil {
		return nil, err
	}
	w.MoreTasks = len(w.Tasks) == myWorkLimit
	for _, t := range w.Tasks {
		if t.ReminderDue(now) {
			w.Reminders = append(w.Reminders, t)
		}
	}
	day := now.Truncate(24 * time.Hour)
	if w.Events, err = s.Store.UpcomingEvents(ctx, scope, sess.User.ID, day, now.Add(eventHorizon), myWorkLimit); err != nil {
		return nil, err
	}
	w.FeedSince, err = s.Store.CalendarFeedSince(ctx, sess.User.ID)
	if errors.Is(err, ErrNotFound) {
		err = nil
	}
	return w, err
}

// OpenTaskCountCap is where the navigation's open task count stops
// counting (it shows "99+").
const OpenTaskCountCap = 100

// OpenTaskCount is how many open tasks the actor is assigned that they
// may view, for the navigation, at most OpenTaskCountCap.
func (s *Service) OpenTaskCount(ctx context.Context, sess *Session) (int, error) {
	if !sess.Actor.Can(acl.Activity, acl.View) {
		return 0, nil
	}
	return s.Store.CountOpenTasks(ctx, activityScope(sess, acl.View), sess.User.ID, OpenTaskCountCap)
}

// NewCalendarFeed makes a new secret address for the actor's calendar
// feed, replacing (and so revoking) the old one, and returns its token:
// it is shown once and only its hash is stored.
func (s *Service) NewCalendarFeed(ctx context.Context, sess *Session) (string, error) {
	if !sess.Actor.Can(acl.Activity, acl.View) {
		return "", ErrForbidden
	}
	token, hash := auth.NewSessionToken()
	return token, s.Store.SetCalendarFeed(ctx, sess.User.ID, hash, s.Now())
}

// DeleteCalendarFeed turns the actor's calendar feed off.
func (s *Service) DeleteCalendarFeed(ctx context.Context, sess *Session) error {
	return s.Store.DeleteCalendarFeed(ctx, sess.User.ID)
}

// feedPast is how far back a calendar feed lists events.
const feedPast = 90 * 24 * time.Hour

// CalendarFeed returns the events of the user whose feed token this is:
// those they own or attend and may view now (a disabled user's feed is
// empty), from 90 days ago to a year ahead. An unknown token is ErrNotFound.
func (s *Service) CalendarFeed(ctx context.Context, token string) (*model.User, []model.Activity, error) {
	if token == "" {
		return nil, nil, ErrNotFound
	}
	id, err := s.Store.CalendarFeedUser(ctx, auth.HashToken(token))
	if err != nil {
		return nil, nil, err
	}
	sess, err := s.sessionFor(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !sess.Actor.Can(acl.Activity, acl.View) {
		return sess.User, nil, nil
	}
	now := s.Now().UTC()
	events, err := s.Store.UpcomingEvents(ctx, activityScope(sess, acl.View), id, now.Add(-feedPast), now.AddDate(1, 0, 0), 5000)
	return sess.User, events, err
}

// Event returns a calendar event the actor may view, for its .ics download.
func (s *Service) Event(ctx context.Context, sess *Session, id int64) (*model.Activity, error) {
	a, err := s.Activity(ctx, sess, id)
	if err != nil {
		return nil, err
	}
	if a.Kind != model.KindEvent {
		return nil, ErrNotFound
	}
	return a, nil
}
