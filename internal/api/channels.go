package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
	"magecrm/internal/magentosync"
)

// Channel is one connection to one Magento installation; its credentials
// are never shown.
type Channel struct {
	ID             int64      `json:"id"`
	Name           string     `json:"name"`
	Type           string     `json:"type" enum:"magento2,magento1"`
	BaseURL        string     `json:"base_url"`
	AdminURL       string     `json:"admin_url"`
	AuthKind       string     `json:"auth_kind" enum:"admin_token,bearer,oauth,soap" doc:"How it signs in; the credentials are never shown"`
	CAFile         string     `json:"ca_file"`
	SkipTLSVerify  bool       `json:"skip_tls_verify"`
	WSICompliance  bool       `json:"wsi_compliance" doc:"Magento 1 only"`
	AddressCalls   int        `json:"address_calls" doc:"Magento 1 only: address requests the import sends at once"`
	WebsiteID      int64      `json:"website_id" doc:"Magento's website id, or -1 for every website"`
	SyncStartDate  string     `json:"sync_start_date" doc:"YYYY-MM-DD"`
	TwoWay         bool       `json:"two_way" doc:"Changes made in magecrm are sent to Magento"`
	Priority       string     `json:"priority" enum:"remote,local" doc:"Whose change wins when both sides changed a field"`
	DefaultOwnerID int64      `json:"default_owner_id"`
	SyncInterval   int        `json:"sync_interval_minutes"`
	Enabled        bool       `json:"enabled"`
	LastRunStatus  string     `json:"last_run_status,omitempty" doc:"Absent when it never ran"`
	LastRunStarted *time.Time `json:"last_run_started_at,omitempty"`
	LastRunError   string     `json:"last_run_error,omitempty"`
	ErrorCount     int        `json:"sync_error_count" doc:"Records the sync could not take, over all runs kept"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func channelOut(l *crm.ChannelListing) Channel {
	c := l.Channel
	out := Channel{ID: c.ID, Name: c.Name, Type: string(c.Type), BaseURL: c.BaseURL, AdminURL: c.AdminURL,
		AuthKind: string(c.AuthKind), CAFile: c.CAFile, SkipTLSVerify: c.SkipTLSVerify, WSICompliance: c.WSICompliance,
		AddressCalls: c.AddressCalls, SyncStartDate: c.SyncStartDate.Format(time.DateOnly), WebsiteID: c.WebsiteID, TwoWay: c.TwoWay, Priority: string(c.Priority), DefaultOwnerID: c.DefaultOwnerID,
		SyncInterval: int(c.SyncInterval.Minutes()), Enabled: c.Enabled, LastRunStatus: l.LastRunStatus,
		LastRunError: l.LastRunError, ErrorCount: l.ErrorCount, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if !l.LastRunStarted.IsZero() {
		out.LastRunStarted = &l.LastRunStarted
	}
	return out
}

type channelListOutput struct {
	Body struct {
		Items []Channel `json:"items"`
	}
}

func (s *Server) listChannels(ctx context.Context, _ *struct{}) (*channelListOutput, error) {
	list, err := s.CRM.Channels(ctx, sessionOf(ctx))
	if err != nil {
		return nil, s.problem(err)
	}
	out := &channelListOutput{}
	out.Body.Items = make([]Channel, len(list))
	for i := range list {
		out.Body.Items[i] = channelOut(&list[i])
	}
	return out, nil
}

type channelOutput struct {
	ETag     string `header:"ETag" doc:"The channel's version; send it as If-Match to change the channel"`
	Location string `header:"Location" doc:"Set on create"`
	Body     Channel
}

func (s *Server) getChannel(ctx context.Context, in *recordIDInput) (*channelOutput, error) {
	list, err := s.CRM.Channels(ctx, sessionOf(ctx))
	if err != nil {
		return nil, s.problem(err)
	}
	for i := range list {
		if list[i].ID == in.ID {
			return &channelOutput{ETag: versionTag(list[i].UpdatedAt.UnixMilli()), Body: channelOut(&list[i])}, nil
		}
	}
	return nil, s.problem(crm.ErrNotFound)
}

// SyncRun is one run of a channel's sync.
type SyncRun struct {
	ID         int64      `json:"id"`
	Kind       string     `json:"kind" doc:"initial, incremental or reconcile"`
	Status     string     `json:"status"`
	Step       string     `json:"step" doc:"What it is doing now, e.g. customers"`
	Total      int        `json:"total" doc:"Records the current step expects; 0 when unknown"`
	Fetched    int        `json:"fetched"`
	Created    int        `json:"created"`
	Updated    int        `json:"updated"`
	Unchanged  int        `json:"unchanged"`
	Removed    int        `json:"removed"`
	Failed     int        `json:"failed"`
	Error      string     `json:"error"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty" doc:"Absent while running"`
}

func runOut(r *crm.SyncRun) SyncRun {
	out := SyncRun{ID: r.ID, Kind: r.Kind, Status: r.Status, Step: r.Step, Total: r.Total, Fetched: r.Fetched,
		Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged, Removed: r.Removed, Failed: r.Failed,
		Error: r.Error, StartedAt: r.StartedAt}
	if !r.FinishedAt.IsZero() {
		out.FinishedAt = &r.FinishedAt
	}
	return out
}

// SyncError is a record a sync could not take, and why.
type SyncError struct {
	ID        int64     `json:"id"`
	RunID     int64     `json:"run_id"`
	Entity    string    `json:"entity" doc:"customer, order, website, …"`
	RemoteID  string    `json:"remote_id" doc:"Magento's id; empty when it could not be read"`
	Message   string    `json:"message"`
	Warning   bool      `json:"warning" doc:"true: the record was taken, with the changes the message names; false: it could not be taken"`
	CreatedAt time.Time `json:"created_at"`
}

type channelActivityInput struct {
	ID    int64 `path:"id"`
	Limit int   `query:"limit" minimum:"1" maximum:"500" default:"50" doc:"The newest this many"`
}

type runListOutput struct {
	Body struct {
		Current *SyncRun  `json:"current,omitempty" doc:"The run going on; absent when none"`
		Items   []SyncRun `json:"items"`
	}
}

func (s *Server) listChannelRuns(ctx context.Context, in *channelActivityInput) (*runListOutput, error) {
	act, err := s.CRM.ChannelActivity(ctx, sessionOf(ctx), in.ID, in.Limit, 0)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &runListOutput{}
	if act.Current != nil {
		cur := runOut(act.Current)
		out.Body.Current = &cur
	}
	out.Body.Items = make([]SyncRun, len(act.Runs))
	for i := range act.Runs {
		out.Body.Items[i] = runOut(&act.Runs[i])
	}
	return out, nil
}

type syncErrorListOutput struct {
	Body struct {
		Items []SyncError `json:"items"`
		Total int         `json:"total" doc:"Over all runs kept"`
	}
}

func (s *Server) listChannelSyncErrors(ctx context.Context, in *channelActivityInput) (*syncErrorListOutput, error) {
	act, err := s.CRM.ChannelActivity(ctx, sessionOf(ctx), in.ID, 0, in.Limit)
	if err != nil {
		return nil, s.problem(err)
	}
	out := &syncErrorListOutput{}
	out.Body.Total = act.ErrorsAndWarnings()
	out.Body.Items = make([]SyncError, len(act.Errors))
	for i, e := range act.Errors {
		out.Body.Items[i] = SyncError{ID: e.ID, RunID: e.RunID, Entity: e.Entity, RemoteID: e.RemoteID, Message: e.Message,
			Warning: e.Warning(), CreatedAt: e.CreatedAt}
	}
	return out, nil
}

type syncStartInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Kind string `json:"kind,omitempty" enum:"now,reconcile,full" default:"now" doc:"now: changes since the last run; reconcile: also compare every customer with Magento; full: read every customer again"`
	}
}

type syncStartOutput struct {
	Location string `header:"Location" doc:"Where the run's progress shows"`
	Body     struct {
		Message string `json:"message"`
	}
}

var syncKinds = map[string]magentosync.RunOptions{"now": {}, "reconcile": {Reconcile: true}, "full": {Full: true}}

func (s *Server) startChannelSync(ctx context.Context, in *syncStartInput) (*syncStartOutput, error) {
	ch, err := s.CRM.ChannelToSync(ctx, sessionOf(ctx), in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	if s.Sync == nil {
		return nil, huma.Error503ServiceUnavailable("The sync does not run in this magecrm process, so it cannot be started from here.")
	}
	kind := in.Body.Kind
	if kind == "" {
		kind = "now"
	}
	s.Sync.RequestRun(ch.ID, syncKinds[kind])
	out := &syncStartOutput{Location: Prefix + "/channels/" + itoa(ch.ID) + "/runs"}
	out.Body.Message = "The run was asked for; follow it at " + out.Location + "."
	return out, nil
}

func channelRoutes(s *Server) {
	a := s.api
	huma.Register(a, op(http.MethodGet, "/channels", "list-channels", "Channels", "List channels", 403), s.listChannels)
	huma.Register(a, op(http.MethodGet, "/channels/{id}", "get-channel", "Channels", "Get a channel", 403, 404), s.getChannel)
	huma.Register(a, op(http.MethodGet, "/channels/{id}/structure", "get-channel-structure", "Channels", "The channel's websites, store views and customer groups", 403, 404), s.getChannelStructure)
	start := op(http.MethodPost, "/channels/{id}/syncs", "start-channel-sync", "Channels", "Start a sync run of the channel", 403, 404, 409, 503)
	start.DefaultStatus = http.StatusAccepted
	huma.Register(a, start, s.startChannelSync)
	huma.Register(a, op(http.MethodGet, "/channels/{id}/runs", "list-channel-runs", "Channels", "The channel's current and recent sync runs", 403, 404), s.listChannelRuns)
	huma.Register(a, op(http.MethodGet, "/channels/{id}/sync-errors", "list-channel-sync-errors", "Channels", "Records the channel's sync could not take, and records it took with a warning", 403, 404), s.listChannelSyncErrors)
}
