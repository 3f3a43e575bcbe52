package push

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"magecrm/internal/connector"
	"magecrm/internal/jobs"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// send sends one channel's customers.
type send struct {
	st   *store.Store
	ch   *model.Channel
	sink connector.Sink
	now  func() time.Time

	mu    sync.Mutex
	batch map[int64]*store.PushCustomer // by customer id; see prepareBatch
	ready map[int64]prepared            // by customer id; see prepare
}

// prepared is what prepareBatch and prepare read for one customer's send.
type prepared struct {
	cur    *store.PushCustomer
	remote *connector.Remote // nil: the send reads it
	at     time.Time         // when Magento was read
}

// preparedFor is how long a prepared read is used: the PUT sends back
// Magento's whole record as read, so a read any older would overwrite an
// admin's edit made in Magento meanwhile (the worker prepares each round
// shortly before it starts; this bounds a round that waits long).
const preparedFor = 2 * time.Second

// prepareBatch reads the customers of a batch of jobs from the database in
// one query. Their rows may be saved again before they are sent: the
// record step reads those again (store.RecordPushes checks every row's
// version) and leaves them waiting to be sent once more.
func (s *send) prepareBatch(ctx context.Context, js []jobs.Job) {
	curs, err := s.st.PushCustomers(ctx, jobCustomerIDs(js))
	if err != nil {
		curs = nil // each send reads its own
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batch = curs
}

// prepare reads Magento's records of a round of jobs' customers that it
// has, in one request, for handle. Whatever it cannot read (an error, a
// customer Magento did not answer) each send reads for itself, with the
// usual handling of errors. A record that lacks the newsletter state
// (every search result: see connector.Magento2Sink.ReadMany) is used only
// for a customer whose newsletter has not changed here since the last
// agreed state.
func (s *send) prepare(ctx context.Context, js []jobs.Job) {
	ready := map[int64]prepared{}
	s.mu.Lock()
	for _, id := range jobCustomerIDs(js) {
		if cur := s.batch[id]; cur != nil {
			ready[id] = prepared{cur: cur}
		}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.ready == nil {
			s.ready = map[int64]prepared{}
		}
		maps.Copy(s.ready, ready)
	}()
	at := s.now()
	var origins []int64
	for id, p := range ready {
		p.at = at
		ready[id] = p
		if p.cur.OriginID != 0 && p.cur.SyncState&model.SyncRemovedRemote == 0 {
			origins = append(origins, p.cur.OriginID)
		}
	}
	br, ok := s.sink.(connector.BatchReader)
	if !ok || len(origins) < 2 {
		return
	}
	remotes, err := br.ReadMany(ctx, origins)
	if err != nil {
		return
	}
	for id, p := range ready {
		r := remotes[p.cur.OriginID]
		if r != nil && (!slices.Contains(r.Unread, "newsletter") || p.cur.Base != nil && p.cur.Base.Fields["newsletter"] == p.cur.Local.Fields["newsletter"]) {
			p.remote = r
			ready[id] = p
		}
	}
}

// jobCustomerIDs is the customers of js.
func jobCustomerIDs(js []jobs.Job) []int64 {
	ids := make([]int64, 0, len(js))
	for _, j := range js {
		if id, err := store.CustomerIDOfJob(j.Key); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// take returns what prepare read for customer id, once, unless it is
// older than preparedFor.
func (s *send) take(id int64) prepared {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.ready[id]
	delete(s.ready, id)
	if s.now().Sub(p.at) > preparedFor {
		return prepared{}
	}
	return p
}

// record writes the outcomes of a group of successful sends.
func (s *send) record(ctx context.Context, tx *sql.Tx, outcomes []any) error {
	outs := make([]store.PushOutcome, len(outcomes))
	for i, o := range outcomes {
		outs[i] = o.(store.PushOutcome)
	}
	return s.st.RecordPushes(ctx, tx, outs)
}

// handle sends the customer of job j as it is now.
func (s *send) handle(ctx context.Context, j jobs.Job) jobs.Result {
	id, err := store.CustomerIDOfJob(j.Key)
	if err != nil {
		return jobs.Fail(err, nil)
	}
	p := s.take(id)
	cur, remote := p.cur, p.remote
	if cur == nil {
		cur, err = s.st.PushCustomer(ctx, id)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return jobs.Done(nil) // deleted in magecrm meanwhile: nothing to send
	case err != nil:
		return jobs.Retry(err, 0, nil)
	case cur.SyncState&model.SyncRemovedRemote != 0:
		return jobs.Done(nil) // only "Create again in Magento" sends it again
	}
	var out *store.PushOutcome
	if cur.OriginID == 0 {
		out, err = s.create(ctx, cur)
	} else {
		out, err = s.update(ctx, cur, remote)
	}
	if err != nil {
		return s.failure(cur, err)
	}
	return jobs.DoneWith(*out)
}

// create sends a customer Magento does not have yet. When an earlier
// create was sent and its answer never recorded (lost, or the process
// died), the customer is looked up first and adopted if found; a Magento
// customer with the same email that magecrm did not create is never
// adopted here (Magento refuses the create, and a person may link them).
func (s *send) create(ctx context.Context, cur *store.PushCustomer) (*store.PushOutcome, error) {
	if cur.SyncState&model.SyncCreateSent != 0 {
		found, err := s.sink.Find(ctx, cur.Local.Fields["email"], cur.WebsiteOrigin)
		if err != nil {
			return nil, err
		}
		if found != nil {
			return s.update(ctx, cur, found)
		}
	}
	if err := s.st.MarkCreateSent(ctx, cur.ID); err != nil {
		return nil, err
	}
	r, err := s.sink.Create(ctx, cur.Local, cur.Password)
	if err != nil {
		return nil, err
	}
	return &store.PushOutcome{CustomerID: cur.ID, ChannelID: s.ch.ID, Sent: cur, OriginID: r.ID, Result: r.Snapshot,
		RemoteUpdatedAt: r.UpdatedAt, NewAddresses: matchNewAddresses(cur.Local, r.Snapshot), At: s.now()}, nil
}

// update merges the customer with Magento's (read now unless given: an
// adopted customer) and sends the result where it differs, or with the
// password waiting to be sent, where the store can set it.
func (s *send) update(ctx context.Context, cur *store.PushCustomer, remote *connector.Remote) (*store.PushOutcome, error) {
	var err error
	if remote == nil {
		if remote, err = s.sink.Read(ctx, cur.OriginID); err != nil {
			return nil, err
		}
	}
	base, agreed := remote.Snapshot, model.Snapshot{} // without a base, every difference is magecrm's change
	if cur.Base != nil {
		base, agreed = *cur.Base, *cur.Base
	}
	local, base, sentBefore := takeSentAddresses(cur.Local, base, remote.Snapshot, agreed)
	remote.Complete(base)
	m := model.Merge(base, local, remote.Snapshot, s.ch.Priority == model.LocalWins)
	if local.Fields["newsletter"] != base.Fields["newsletter"] {
		// Sent whatever Magento seemed to hold: a wrong read must not
		// swallow an opt-out (see connector.Magento2Sink.ReadMany).
		remote.Resend = []string{"newsletter"}
	}
	after := remote
	setter, setsPassword := s.sink.(connector.PasswordSetter)
	setsPassword = setsPassword && cur.Password != ""
	switch {
	case setsPassword: // sent even when nothing else changed
		if after, err = setter.UpdateWithPassword(ctx, remote, m.Result, cur.Password); err != nil {
			return nil, err
		}
	case !m.Result.Equal(remote.Snapshot) || len(remote.Resend) > 0:
		if after, err = s.sink.Update(ctx, remote, m.Result); err != nil {
			return nil, err
		}
	}
	added := matchNewAddresses(local, after.Snapshot, remote.Snapshot)
	maps.Copy(added, sentBefore)
	return &store.PushOutcome{CustomerID: cur.ID, ChannelID: s.ch.ID, Sent: cur, OriginID: after.ID, Result: after.Snapshot,
		RemoteUpdatedAt: after.UpdatedAt, NewAddresses: added, Conflicts: m.Conflicts, At: s.now()}, nil
}

// takeSentAddresses finds the addresses magecrm added that an earlier
// send made in Magento without its answer being recorded (lost, the
// process died, or a Magento 1 create stopped after some of its address
// calls): Magento has them, the last agreed state does not. Each is
// paired with its Magento address by content and counted as agreed, so
// that it is neither created a second time nor taken for a change on both
// sides. It returns local and base with those addresses under their
// Magento keys, and the pairs.
func takeSentAddresses(local, base, remote, agreed model.Snapshot) (model.Snapshot, model.Snapshot, map[string]string) {
	pairs := matchNewAddresses(local, remote, agreed)
	if len(pairs) == 0 {
		return local, base, pairs
	}
	local.Addresses, base.Addresses = maps.Clone(local.Addresses), maps.Clone(base.Addresses)
	if base.Addresses == nil {
		base.Addresses = map[string]map[string]string{}
	}
	for from, to := range pairs {
		local.Addresses[to] = local.Addresses[from]
		delete(local.Addresses, from)
		base.Addresses[to] = maps.Clone(remote.Addresses[to])
	}
	return local, base, pairs
}

// failure turns a send's error into the job's outcome, recorded on the
// customer so that its page and the grid show it, unless the customer was
// saved since cur was read or an import merge left nothing to send.
func (s *send) failure(cur *store.PushCustomer, err error) jobs.Result {
	var refused *connector.RefusedError
	var busy *connector.BusyError
	record := func(f store.PushFailure) func(context.Context, *sql.Tx) error {
		f.Sent = cur
		return func(ctx context.Context, tx *sql.Tx) error { return s.st.RecordPushFailure(ctx, tx, cur.ID, f) }
	}
	switch {
	case errors.Is(err, connector.ErrGone):
		msg := "This customer was deleted in Magento. Use Create again in Magento to send it as a new customer."
		if cur.Password != "" {
			msg += " The new password set here was not sent and is erased: Create again sends the customer without one, and Magento emails them a link to choose one."
		}
		return jobs.Done(record(store.PushFailure{Message: msg, Removed: true}))
	case errors.As(err, &refused) && refused.EmailTaken:
		msg := model.EmailTakenInMagento + ": " + sentence(refused.Message) +
			" Link this customer to Magento's, or change the email address."
		return jobs.Fail(err, record(store.PushFailure{Message: msg + passwordWaits(cur, refused), Final: true, CreatedID: refused.CreatedID}))
	case errors.As(err, &refused):
		msg := "Magento refused the customer: " + sentence(refused.Message)
		if refused.CreatedID != 0 {
			msg += " Magento has the customer without it; fix it here and the next send completes the customer."
		}
		msg += passwordWaits(cur, refused)
		return jobs.Fail(err, record(store.PushFailure{Message: msg, Final: true, CreatedID: refused.CreatedID}))
	case errors.As(err, &busy):
		return jobs.Retry(err, busy.After, record(store.PushFailure{Message: "Magento asked to wait; sending again shortly."}))
	}
	return jobs.Retry(err, 0, record(store.PushFailure{Message: fmt.Sprintf("Sending failed, trying again: %v", err)}))
}

// passwordWaits tells, after a refusal, that the new password cur carried
// was not set and waits for the send after the fix (unless Magento made
// the customer, with the password, before refusing a part of it).
func passwordWaits(cur *store.PushCustomer, refused *connector.RefusedError) string {
	if cur.Password == "" || refused.CreatedID != 0 {
		return ""
	}
	return " The new password is not set yet: it is sent with the fix."
}

// sentence ends Magento's message with a full stop (Magento 1's have
// none), so that magecrm's words can follow it.
func sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" || strings.ContainsAny(msg[len(msg)-1:], ".!?") {
		return msg
	}
	return msg + "."
}

// matchNewAddresses pairs the addresses magecrm added (keys "new…") with
// the ones Magento now has that were not there before (not in the
// earlier snapshots), by their content.
func matchNewAddresses(local, now model.Snapshot, before ...model.Snapshot) map[string]string {
	out := map[string]string{}
	taken := map[string]bool{}
	for _, b := range before {
		for k := range b.Addresses {
			taken[k] = true
		}
	}
	for lk, la := range local.Addresses {
		if !strings.HasPrefix(lk, "new") {
			continue
		}
		for rk, ra := range now.Addresses {
			if !taken[rk] && sameContent(la, ra) {
				out[lk], taken[rk] = rk, true
				break
			}
		}
	}
	return out
}

// sameContent compares what a person types of an address; Magento may add
// a region id or move the default flags.
func sameContent(a, b map[string]string) bool {
	for _, f := range []string{"firstname", "lastname", "street", "city", "postcode", "country", "telephone", "company"} {
		if a[f] != b[f] {
			return false
		}
	}
	return true
}
