package magentosync

import (
	"context"

	"magecrm/internal/jobs"
	"magecrm/internal/model"
)

// takeLease takes the channel's import lease for holder. A lease held by a
// process of this machine that no longer exists (killed, crashed) is taken
// over at once rather than after it runs out, so a restarted sync resumes
// without waiting.
func (e *Engine) takeLease(ctx context.Context, ch *model.Channel, holder string) (bool, error) {
	ok, err := e.st.AcquireLease(ctx, ch.ID, importConnector, holder, e.Now(), e.LeaseTTL)
	if ok || err != nil {
		return ok, err
	}
	current, err := e.st.LeaseHolder(ctx, ch.ID, importConnector)
	if err != nil || !e.deadHere(current) {
		return false, err
	}
	e.log.Info("taking over the sync lease of a process that is gone", "channel", ch.Name, "holder", current)
	return e.st.TakeOverLease(ctx, ch.ID, importConnector, current, holder, e.Now(), e.LeaseTTL)
}

// deadHere reports whether a lease holder ("host:pid:…") is a process of
// this machine that does not exist any more.
func (e *Engine) deadHere(holder string) bool { return jobs.Gone(holder) }
