package web

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/magento"
	"magecrm/internal/magentosync"
	"magecrm/internal/model"
)

// channelPage is what a channel's page shows.
type channelPage struct {
	Channel   *model.Channel
	Perm      crm.ChannelPermissions
	TypeLabel string
	AuthLabel string
	SignInAs  string // the admin or API user name, "" when the sign-in has none
	OwnerName string
	Interval  string // "every …" in words
	// Polling says how often and when Magento was last asked for changed
	// customers; Reconcile, when every customer is compared.
	Polling, Reconcile string
	Activity           *crm.ChannelActivity
	Progress           runProgress
	Check              []magento.CheckStep
	CheckOK            bool
}

// Page sizes of the channel page's tables.
const (
	recentRuns   = 10
	recentErrors = 50
)

func (s *Server) showChannel(w http.ResponseWriter, r *http.Request) {
	s.renderChannelPage(w, r, nil)
}

// renderChannelPage shows a channel's settings, its sync and, after
// "Check connection", the steps of the check.
func (s *Server) renderChannelPage(w http.ResponseWriter, r *http.Request, check []magento.CheckStep) {
	sess := sessionOf(r)
	ctx := r.Context()
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	ch, err := s.CRM.Channel(ctx, sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	p := &channelPage{Channel: ch, TypeLabel: crm.ChannelTypeLabel(ch.Type), AuthLabel: crm.AuthKindLabel(ch.AuthKind),
		SignInAs: cmp.Or(ch.Credentials.Username, ch.Credentials.APIUser), Interval: intervalText(ch.SyncInterval),
		Check: check, CheckOK: crm.CheckPassed(check)}
	if p.Perm, err = s.CRM.ChannelPermissions(ctx, sess, ch); err != nil {
		s.serviceError(w, r, err)
		return
	}
	if p.Activity, err = s.CRM.ChannelActivity(ctx, sess, id, recentRuns, recentErrors); err != nil {
		s.serviceError(w, r, err)
		return
	}
	p.Progress = newRunProgress(p.Activity.Current)
	p.Polling, p.Reconcile = s.pollingText(p.Activity.PolledAt), reconcileText()
	p.OwnerName = fmt.Sprintf("user #%d", ch.DefaultOwnerID)
	if u, err := s.CRM.User(ctx, sess, ch.DefaultOwnerID); err == nil {
		p.OwnerName = u.DisplayName()
	}
	s.render(w, r, http.StatusOK, "channel_show", &view{Title: "Channel " + ch.Name, Data: p})
}

// FieldLabel names a conflict's field: a customer field as the history
// names it, or an address by its Magento id.
func (p *channelPage) FieldLabel(f string) string {
	if key, ok := strings.CutPrefix(f, "address "); ok {
		if id, ok := strings.CutPrefix(key, "m"); ok {
			return "Address (Magento id " + id + ")"
		}
		return "Address added in magecrm"
	}
	return historyLabel(f)
}

// runProgress is where a run stands, for the page and its JSON endpoint.
type runProgress struct {
	Running bool    `json:"running"`
	RunID   int64   `json:"run_id"`
	Step    string  `json:"step"`
	Fetched int     `json:"fetched"`
	Total   int     `json:"total"`
	Rate    float64 `json:"rate"`
	ETA     int64   `json:"eta_seconds"`
	Text    string  `json:"text"`
}

func newRunProgress(run *crm.SyncRun) runProgress {
	if run == nil {
		return runProgress{Text: "No sync is running."}
	}
	p := runProgress{Running: true, RunID: run.ID, Step: run.Step, Fetched: run.Fetched, Total: run.Total, Rate: run.Rate,
		ETA: int64(run.ETA.Round(time.Second) / time.Second)}
	step := run.Step
	if step == "" {
		step = "starting"
	}
	p.Text = fmt.Sprintf("%s — %s: %s read", runKindLabel(run.Kind), step, thousands(run.Fetched))
	if run.Total > 0 {
		p.Text += " of " + thousands(run.Total)
	}
	if run.Rate >= 1 { // indexes are built a few a second at most
		p.Text += fmt.Sprintf(" · %s per second", thousands(int(run.Rate+0.5)))
	}
	if run.ETA > 0 {
		p.Text += " · about " + run.ETA.Round(time.Second).String() + " left"
	}
	return p
}

// runKindLabels name the kinds of run as the person asked for them.
var runKindLabels = map[string]string{
	crm.RunInitial: "First import", crm.RunFull: "Full re-import", crm.RunIncremental: "Sync",
	crm.RunReconcile: "Sync and reconcile",
}

// runKindLabel names a kind of run in words.
func runKindLabel(kind string) string {
	if l, ok := runKindLabels[kind]; ok {
		return l
	}
	return kind
}

// pollingText says how often the channel is asked for changed customers
// and when it last was.
func (s *Server) pollingText(polled time.Time) string {
	every := magentosync.DefaultPollEvery
	if s.Sync != nil {
		every = s.Sync.PollInterval()
	}
	text := "every " + intervalText(every) + " while enabled"
	if !polled.IsZero() {
		text += "; last asked " + polled.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	return text
}

// reconcileText says when every customer is compared with Magento.
func reconcileText() string {
	return fmt.Sprintf("every night after %02d:00 UTC, and with Reconcile now: each customer's fields, addresses and newsletter "+
		"state are compared with Magento, to catch changes that do not show as changed (address-only and newsletter-only) "+
		"and customers deleted in Magento", magentosync.NightlyReconcileHour)
}

// intervalText says an interval in words: "15 seconds", "15 minutes",
// "2 hours"; one that is not a whole number of minutes is said in seconds.
func intervalText(d time.Duration) string {
	n, unit := int(d/time.Minute), "minute"
	if d%time.Minute != 0 {
		n, unit = int(d/time.Second), "second"
	}
	if unit == "minute" && n >= 60 && n%60 == 0 {
		n, unit = n/60, "hour"
	}
	if n != 1 {
		unit += "s"
	}
	return strconv.Itoa(n) + " " + unit
}

// thousands writes n with thin separators every three digits: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
