package crm

import (
	"context"
	"errors"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// staleRunAfter is how long a run may go without reporting before the
// page stops showing it as going on: its process has stopped.
const staleRunAfter = 2 * time.Minute

// ChannelActivity is what a channel's sync has been doing, for its page.
type ChannelActivity struct {
	Current *store.SyncRun // nil when no run is going on
	Runs    []store.SyncRun
	// Errors lists the newest records the sync could not take, and those
	// it took with a warning (store.SyncError.Warning), counted apart.
	Errors                   []store.SyncError
	ErrorCount, WarningCount int
	// Refused lists customers whose last send Magento refused that the
	// actor may view.
	Refused []store.SyncProblem
	// Conflicts lists the open conflicts of customers the actor may view.
	Conflicts []ChannelConflict
	// PolledAt is when Magento was last asked for changed customers (by a
	// poll or a run); zero when never.
	PolledAt time.Time
}

// ErrorsAndWarnings is how many records the runs kept could not take or
// took with a warning.
func (a *ChannelActivity) ErrorsAndWarnings() int { return a.ErrorCount + a.WarningCount }

// ChannelConflict is a listed conflict with its values as people read
// them, and whether the actor may settle it.
type ChannelConflict struct {
	store.CustomerConflict
	KeptText, LostText string
	CanSettle          bool
}

// ChannelActivity returns a channel's current run, its recent runs and
// its most recent sync errors.
func (s *Service) ChannelActivity(ctx context.Context, sess *Session, id int64, runs, errs int) (*ChannelActivity, error) {
	if _, err := s.channelFor(ctx, sess, id, acl.View); err != nil {
		return nil, err
	}
	var a ChannelActivity
	var err error
	if a.Current, err = s.currentRun(ctx, id); err != nil {
		return nil, err
	}
	if a.Runs, err = s.Store.SyncRuns(ctx, id, runs); err != nil {
		return nil, err
	}
	if a.Errors, err = s.Store.SyncErrors(ctx, id, errs); err != nil {
		return nil, err
	}
	if a.ErrorCount, a.WarningCount, err = s.Store.SyncErrorCount(ctx, id); err != nil {
		return nil, err
	}
	if a.PolledAt, err = s.Store.ChannelPolledAt(ctx, id); err != nil {
		return nil, err
	}
	scope := sess.Actor.Scope(acl.MagentoCustomer, acl.View)
	if a.Refused, err = s.Store.SyncProblems(ctx, scope, id, model.SyncFailed, errs); err != nil {
		return nil, err
	}
	if a.Conflicts, err = s.channelConflicts(ctx, sess, id, nil, errs); err != nil {
		return nil, err
	}
	return &a, nil
}

// channelConflicts lists up to limit open conflicts of a channel's
// customers the actor may view, after a place in the list (nil: from the
// newest).
func (s *Service) channelConflicts(ctx context.Context, sess *Session, id int64, after *store.ConflictCursor, limit int) ([]ChannelConflict, error) {
	list, err := s.Store.ChannelConflictPage(ctx, sess.Actor.Scope(acl.MagentoCustomer, acl.View), id, after, limit)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	m, err := s.Store.MagentoStructure(ctx, sess.User.OrganizationID)
	if err != nil {
		return nil, err
	}
	out := make([]ChannelConflict, len(list))
	for i := range list {
		k := &list[i]
		out[i] = ChannelConflict{CustomerConflict: *k, KeptText: ConflictValue(m, k, k.Kept), LostText: ConflictValue(m, k, k.Lost),
			CanSettle: sess.Actor.Decide(acl.MagentoCustomer, acl.Edit, acl.Record{OwnerUserID: k.OwnerUserID,
				OwnerBusinessUnitID: k.OwnerUnitID, OrganizationID: k.OrganizationID})}
	}
	return out, nil
}

// ChannelProgress returns the run going on for a channel, or nil.
func (s *Service) ChannelProgress(ctx context.Context, sess *Session, id int64) (*store.SyncRun, error) {
	if _, err := s.channelFor(ctx, sess, id, acl.View); err != nil {
		return nil, err
	}
	return s.currentRun(ctx, id)
}

func (s *Service) currentRun(ctx context.Context, id int64) (*store.SyncRun, error) {
	r, err := s.Store.CurrentRun(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && r.Stale(s.Now(), staleRunAfter)) {
		return nil, nil
	}
	return r, err
}

// ChannelToSync checks that the actor may start a sync of a channel (edit
// access) and that the channel is enabled, and returns it without secrets.
func (s *Service) ChannelToSync(ctx context.Context, sess *Session, id int64) (*model.Channel, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	if !ch.Enabled {
		return nil, Refusal("The channel " + ch.Name + " is disabled. Enable it first, then sync it.")
	}
	return withoutSecrets(ch), nil
}
