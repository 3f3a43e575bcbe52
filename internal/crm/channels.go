package crm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/magento"
	"magecrm/internal/magentosync"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// ChannelInput is what a person fills in to add or change a channel. Text
// fields hold what was typed, so that a mistake can be shown next to it.
type ChannelInput struct {
	Name string
	// Type is the kind of store, chosen when the channel is added: "" or
	// magento2 for Magento 2 / Adobe Commerce, magento1 for Magento 1 /
	// OpenMage. It cannot change afterwards: on edit it is left blank.
	Type     string
	BaseURL  string
	AdminURL string
	// AuthKind is how a Magento 2 channel signs in; a Magento 1 channel
	// always signs in with a SOAP API user and key.
	AuthKind string
	// Credentials are the typed secrets. On edit a blank field keeps the
	// stored value: secrets are never shown back to be re-submitted.
	Credentials    model.Credentials
	CAFile         string
	SkipTLSVerify  bool
	WSICompliance  bool   // Magento 1 only: the store's WS-I Compliance setting
	Website        string // "-1" for every website, or a Magento website id
	SyncStartDate  string // YYYY-MM-DD
	TwoWay         bool
	Priority       string
	DefaultOwnerID int64
	SyncInterval   string // minutes
	Enabled        bool
}

// ChannelTypes lists the kinds of store a channel connects to, for forms.
var ChannelTypes = []model.ChannelType{model.Magento2, model.Magento1}

// ChannelTypeLabel names a channel type in the pages.
func ChannelTypeLabel(t model.ChannelType) string {
	switch t {
	case model.Magento2:
		return "Magento 2 / Adobe Commerce"
	case model.Magento1:
		return "Magento 1 / OpenMage"
	}
	return string(t)
}

// AuthKinds lists the ways a Magento 2 channel can sign in, for forms.
var AuthKinds = []model.AuthKind{model.AuthAdminToken, model.AuthBearer, model.AuthOAuth}

// AuthKindLabel names an auth kind in the pages.
func AuthKindLabel(k model.AuthKind) string {
	switch k {
	case model.AuthAdminToken:
		return "Admin user and password (token)"
	case model.AuthBearer:
		return "Integration access token (Bearer)"
	case model.AuthOAuth:
		return "Integration OAuth 1.0a keys"
	case model.AuthSOAP:
		return "SOAP API user and key"
	}
	return string(k)
}

// credentialField names one credential, its form field and its label.
type credentialField struct {
	Field, Label string
	get          func(*model.Credentials) *string
}

var credentialFields = []credentialField{
	{"username", "Admin user name", func(c *model.Credentials) *string { return &c.Username }},
	{"password", "Admin password", func(c *model.Credentials) *string { return &c.Password }},
	{"access_token", "Access token", func(c *model.Credentials) *string { return &c.AccessToken }},
	{"consumer_key", "Consumer key", func(c *model.Credentials) *string { return &c.ConsumerKey }},
	{"consumer_secret", "Consumer secret", func(c *model.Credentials) *string { return &c.ConsumerSecret }},
	{"access_token_secret", "Access token secret", func(c *model.Credentials) *string { return &c.AccessTokenSecret }},
	{"api_user", "API user", func(c *model.Credentials) *string { return &c.APIUser }},
	{"api_key", "API key", func(c *model.Credentials) *string { return &c.APIKey }},
}

// RequiredCredentials lists the form fields of the credentials an auth
// kind needs.
func RequiredCredentials(k model.AuthKind) []string {
	switch k {
	case model.AuthAdminToken:
		return []string{"username", "password"}
	case model.AuthBearer:
		return []string{"access_token"}
	case model.AuthOAuth:
		return []string{"consumer_key", "consumer_secret", "access_token", "access_token_secret"}
	case model.AuthSOAP:
		return []string{"api_user", "api_key"}
	}
	return nil
}

// Sync interval bounds and default, in minutes.
const (
	minSyncInterval     = 1
	maxSyncInterval     = 1440
	DefaultSyncInterval = 15
)

// DefaultSyncStartDate is the sync start date a new channel form offers:
// early enough to import every customer of a store.
const DefaultSyncStartDate = "2000-01-01"

// channelRecord is what access decisions need to know of a channel: it is
// owned by the user who added it.
func (s *Service) channelRecord(ctx context.Context, ch *model.Channel) (acl.Record, error) {
	rec := acl.Record{OwnerUserID: ch.OwnerUserID, OrganizationID: ch.OrganizationID}
	owner, err := s.Store.User(ctx, ch.OrganizationID, ch.OwnerUserID)
	if err != nil {
		return rec, fmt.Errorf("load channel owner: %w", err)
	}
	rec.OwnerBusinessUnitID = owner.BusinessUnitID
	return rec, nil
}

// channelFor loads a channel with its credentials opened and checks that
// the actor may do act on it; out of scope is ErrNotFound.
func (s *Service) channelFor(ctx context.Context, sess *Session, id int64, act acl.Action) (*model.Channel, error) {
	ch, err := s.Store.Channel(ctx, id)
	if err != nil {
		return nil, err
	}
	if ch.OrganizationID != sess.Actor.OrganizationID {
		return nil, ErrNotFound
	}
	rec, err := s.channelRecord(ctx, ch)
	if err != nil {
		return nil, err
	}
	if !sess.Actor.Decide(acl.Channel, acl.View, rec) {
		return nil, ErrNotFound
	}
	if act != acl.View && !sess.Actor.Decide(acl.Channel, act, rec) {
		return nil, ErrForbidden
	}
	return ch, nil
}

// withoutSecrets returns a copy of ch fit for pages: every credential but
// the admin and API user names is blanked.
func withoutSecrets(ch *model.Channel) *model.Channel {
	c := *ch
	c.Credentials = model.Credentials{Username: ch.Credentials.Username, APIUser: ch.Credentials.APIUser}
	return &c
}

// Channels lists the channels the actor may view.
func (s *Service) Channels(ctx context.Context, sess *Session) ([]store.ChannelListing, error) {
	if !sess.Actor.Can(acl.Channel, acl.View) {
		return nil, ErrForbidden
	}
	return s.Store.Channels(ctx, sess.Actor.Scope(acl.Channel, acl.View))
}

// Channel returns a channel the actor may view, without its secrets.
func (s *Service) Channel(ctx context.Context, sess *Session, id int64) (*model.Channel, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.View)
	if err != nil {
		return nil, err
	}
	return withoutSecrets(ch), nil
}

// ChannelPermissions says what the actor may do with a channel.
type ChannelPermissions struct {
	Edit, Delete bool
}

// ChannelPermissions returns what the actor may do with ch.
func (s *Service) ChannelPermissions(ctx context.Context, sess *Session, ch *model.Channel) (ChannelPermissions, error) {
	rec, err := s.channelRecord(ctx, ch)
	if err != nil {
		return ChannelPermissions{}, err
	}
	return ChannelPermissions{
		Edit:   sess.Actor.Decide(acl.Channel, acl.Edit, rec),
		Delete: sess.Actor.Decide(acl.Channel, acl.Delete, rec),
	}, nil
}

// validateConnection checks what a connection needs — type, base URL,
// auth kind, credentials, certificate and WS-I settings — and writes them
// into ch. Blank credentials keep those already in ch.
func validateConnection(in *ChannelInput, ch *model.Channel, fe FieldErrors) {
	in.BaseURL = strings.TrimSpace(in.BaseURL)
	in.AdminURL = strings.TrimSpace(in.AdminURL)
	in.CAFile = strings.TrimSpace(in.CAFile)
	known := chooseType(in, ch, fe)
	if msg := baseURLError(in.BaseURL, ch.Type); msg != "" {
		fe["base_url"] = msg
	}
	if in.AdminURL != "" {
		if u, err := url.Parse(in.AdminURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			fe["admin_url"] = "Enter the full address of Magento's admin, starting with https://, like https://shop.example.com/admin — or leave it empty."
		}
	}
	kind := model.AuthKind(in.AuthKind)
	if ch.Type == model.Magento1 {
		kind = model.AuthSOAP
		if in.CAFile != "" || in.SkipTLSVerify {
			fe["ca_file"] = "Magento 1 channels use the system's certificate authorities: leave the certificate settings empty."
		}
	}
	switch {
	case !known: // which credentials it needs depends on the type
	case ch.Type != model.Magento1 && !slices.Contains(AuthKinds, kind):
		fe["auth_kind"] = "Choose how magecrm signs in to Magento."
	default:
		keepCredentials(in, ch, kind, fe)
	}
	ch.BaseURL, ch.AdminURL, ch.CAFile, ch.SkipTLSVerify = in.BaseURL, in.AdminURL, in.CAFile, in.SkipTLSVerify
	ch.WSICompliance = ch.Type == model.Magento1 && in.WSICompliance
}

// chooseType sets a new channel's type from the input; a saved channel
// keeps its own, since its records came from that store. It reports
// whether the type is known.
func chooseType(in *ChannelInput, ch *model.Channel, fe FieldErrors) bool {
	t := model.ChannelType(strings.TrimSpace(in.Type))
	switch {
	case ch.ID != 0 && t != "" && t != ch.Type:
		fe["type"] = "A channel's type cannot change: add a new channel for a " + ChannelTypeLabel(t) + " store."
	case ch.ID != 0:
	case t == "":
		ch.Type = model.Magento2
	case slices.Contains(ChannelTypes, t):
		ch.Type = t
	default:
		fe["type"] = "Choose the kind of store: Magento 2 / Adobe Commerce, or Magento 1 / OpenMage."
		return false
	}
	return true
}

// keepCredentials writes into ch only the secrets kind needs: typed ones,
// else the stored ones of the same field.
func keepCredentials(in *ChannelInput, ch *model.Channel, kind model.AuthKind, fe FieldErrors) {
	stored := ch.Credentials
	ch.AuthKind, ch.Credentials = kind, model.Credentials{}
	for _, f := range RequiredCredentials(kind) {
		v := *credentialByField(&in.Credentials, f)
		if f != "password" && f != "api_key" { // a password or key may really end in a space
			v = strings.TrimSpace(v)
		}
		if v == "" {
			v = *credentialByField(&stored, f)
		}
		if v == "" {
			fe[f] = missingCredential(kind, f)
		}
		*credentialByField(&ch.Credentials, f) = v
	}
}

// missingCredential asks for a credential the auth kind needs.
func missingCredential(kind model.AuthKind, field string) string {
	switch field {
	case "api_user":
		return "Enter the API user: the user name of System → Web Services → SOAP/XML-RPC Users in the store's admin."
	case "api_key":
		return "Enter the API key of that SOAP/XML-RPC user: it is the user's password."
	}
	return "Enter the " + strings.ToLower(credentialLabel(field)) + ": " + AuthKindLabel(kind) + " needs it."
}

func credentialByField(c *model.Credentials, field string) *string {
	for _, f := range credentialFields {
		if f.Field == field {
			return f.get(c)
		}
	}
	panic("unknown credential field " + field)
}

func credentialLabel(field string) string {
	for _, f := range credentialFields {
		if f.Field == field {
			return f.Label
		}
	}
	return field
}

// apiPaths are the ends of an address that point into Magento rather than
// at the store, with the path magecrm adds itself, per channel type.
var apiPaths = map[model.ChannelType]struct {
	suffixes []string
	adds     string
}{
	model.Magento2: {[]string{"/rest", "/rest/v1", "/rest/default/v1", "/rest/all/v1", "/admin", "/index.php/rest"}, "the REST path"},
	model.Magento1: {[]string{"/api", "/api/v2_soap", "/api/soap", "/api/xmlrpc", "/admin"}, "/api/v2_soap/"},
}

// baseURLError explains what is wrong with a store's base URL for a
// channel of type t, or "".
func baseURLError(raw string, t model.ChannelType) string {
	if raw == "" {
		return "Enter the store's address, like https://shop.example.com/."
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		return "Enter the store's full address starting with https:// (or http://), like https://shop.example.com/."
	case u.User != nil:
		return "Leave the user name and password out of the address; enter them as credentials below."
	case u.RawQuery != "" || u.Fragment != "":
		return "Enter the store's address without ?… or #…, like https://shop.example.com/."
	}
	p := strings.TrimSuffix(u.Path, "/")
	api := apiPaths[t]
	for _, suffix := range api.suffixes {
		if tail := p[max(0, len(p)-len(suffix)):]; strings.EqualFold(tail, suffix) {
			msg := "Enter the store's address without " + tail + ": magecrm adds " + api.adds + " itself, e.g. https://shop.example.com/"
			if t == model.Magento1 {
				msg += " (or https://shop.example.com/index.php/ for a store without URL rewrites)"
			}
			return msg + "."
		}
	}
	return ""
}

// validateChannel checks a whole input and writes it into ch (which holds
// the stored channel on edit); what is wrong is returned as FieldErrors.
// assignable lists the users who may be the default owner.
func (s *Service) validateChannel(ctx context.Context, in *ChannelInput, ch *model.Channel, assignable []model.User) error {
	fe := FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		fe["name"] = "Enter a name for the channel, e.g. the store's name."
	case len(in.Name) > 100:
		fe["name"] = "Use at most 100 characters."
	default:
		taken, err := s.Store.ChannelNameTaken(ctx, ch.OrganizationID, in.Name, ch.ID)
		if err != nil {
			return err
		}
		if taken {
			fe["name"] = errNameTaken["name"]
		}
	}
	validateConnection(in, ch, fe)

	website, err := strconv.ParseInt(strings.TrimSpace(in.Website), 10, 64)
	if err != nil || (website < 1 && website != model.AllWebsites) {
		fe["website"] = "Enter -1 for all websites, or the id of one Magento website (1 is usually Main Website)."
	}
	start, err := time.Parse(time.DateOnly, strings.TrimSpace(in.SyncStartDate))
	switch {
	case err != nil:
		fe["sync_start_date"] = "Enter a date as YYYY-MM-DD, like 2020-01-31."
	case start.After(s.Now()):
		fe["sync_start_date"] = "Choose a date that is not in the future: customers created since then are imported."
	}
	prio := model.Priority(in.Priority)
	if prio != model.RemoteWins && prio != model.LocalWins {
		fe["priority"] = "Choose whose change wins when a field was changed on both sides."
	}
	if !slices.ContainsFunc(assignable, func(u model.User) bool { return u.ID == in.DefaultOwnerID && u.Enabled }) {
		fe["default_owner"] = "Choose an active user from the list: imported customers are assigned to them."
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(in.SyncInterval))
	if err != nil || minutes < minSyncInterval || minutes > maxSyncInterval {
		fe["sync_interval"] = fmt.Sprintf("Enter a whole number of minutes from %d to %d (a day).", minSyncInterval, maxSyncInterval)
	}
	ch.Name, ch.WebsiteID, ch.SyncStartDate, ch.TwoWay, ch.Priority = in.Name, website, start, in.TwoWay, prio
	ch.DefaultOwnerID, ch.SyncInterval, ch.Enabled = in.DefaultOwnerID, time.Duration(minutes)*time.Minute, in.Enabled
	return fe.orNil()
}

// ChannelOwnerChoices lists the users who may be the default owner of a
// channel: those the actor may assign customers to, and on edit (ch not
// nil) the channel's current default owner, since keeping the owner
// someone else chose is not assigning.
func (s *Service) ChannelOwnerChoices(ctx context.Context, sess *Session, ch *model.Channel) ([]model.User, error) {
	owners, err := s.AssignableOwners(ctx, sess, acl.MagentoCustomer)
	if err != nil || ch == nil || slices.ContainsFunc(owners, func(u model.User) bool { return u.ID == ch.DefaultOwnerID }) {
		return owners, err
	}
	u, err := s.Store.User(ctx, ch.OrganizationID, ch.DefaultOwnerID)
	if err != nil {
		return nil, err
	}
	return append(owners, *u), nil
}

// errNameTaken is also the answer when another channel took the name
// between validation and saving.
var errNameTaken = FieldErrors{"name": "Another channel has this name; choose another."}

// CreateChannel adds a channel owned by the actor.
func (s *Service) CreateChannel(ctx context.Context, sess *Session, in ChannelInput) (*model.Channel, error) {
	org := sess.Actor.OrganizationID
	if !sess.Actor.Decide(acl.Channel, acl.Create, acl.Record{OwnerUserID: sess.User.ID, OwnerBusinessUnitID: sess.User.BusinessUnitID, OrganizationID: org}) {
		return nil, ErrForbidden
	}
	owners, err := s.ChannelOwnerChoices(ctx, sess, nil)
	if err != nil {
		return nil, err
	}
	ch := &model.Channel{OrganizationID: org, OwnerUserID: sess.User.ID}
	if err := s.validateChannel(ctx, &in, ch, owners); err != nil {
		return nil, err
	}
	return ch, s.saveNewChannel(ctx, ch, sess.User.Username)
}

func (s *Service) saveNewChannel(ctx context.Context, ch *model.Channel, by string) error {
	err := s.Store.CreateChannel(ctx, ch)
	if errors.Is(err, store.ErrDuplicate) {
		return errNameTaken
	}
	if err != nil {
		return err
	}
	s.Log.Info("channel created", "channel", ch.Name, "id", ch.ID, "by", by)
	return nil
}

// UpdateChannel saves changes to a channel; blank credentials keep the
// stored ones.
func (s *Service) UpdateChannel(ctx context.Context, sess *Session, id int64, in ChannelInput) (*model.Channel, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	owners, err := s.ChannelOwnerChoices(ctx, sess, ch)
	if err != nil {
		return nil, err
	}
	if err := s.validateChannel(ctx, &in, ch, owners); err != nil {
		return nil, err
	}
	err = s.Store.UpdateChannel(ctx, ch)
	if errors.Is(err, store.ErrDuplicate) {
		return nil, errNameTaken
	}
	if err != nil {
		return nil, err
	}
	s.Log.Info("channel updated", "channel", ch.Name, "id", ch.ID, "by", sess.User.Username)
	return withoutSecrets(ch), nil
}

// SetChannelEnabled switches a channel's sync on or off.
func (s *Service) SetChannelEnabled(ctx context.Context, sess *Session, id int64, enabled bool) (*model.Channel, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetChannelEnabled(ctx, ch.OrganizationID, id, enabled); err != nil {
		return nil, err
	}
	ch.Enabled = enabled
	s.Log.Info("channel switched", "channel", ch.Name, "id", id, "enabled", enabled, "by", sess.User.Username)
	return withoutSecrets(ch), nil
}

// ChannelContents counts what deleting a channel would remove, for the
// confirmation page.
func (s *Service) ChannelContents(ctx context.Context, sess *Session, id int64) (*model.Channel, store.ChannelContents, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Delete)
	if err != nil {
		return nil, store.ChannelContents{}, err
	}
	n, err := s.Store.ChannelContents(ctx, id)
	return withoutSecrets(ch), n, err
}

// DeleteChannel removes a channel and everything imported through it.
// Magento is not touched.
func (s *Service) DeleteChannel(ctx context.Context, sess *Session, id int64) error {
	ch, err := s.channelFor(ctx, sess, id, acl.Delete)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteChannel(ctx, ch.OrganizationID, id); err != nil {
		return err
	}
	s.Log.Info("channel deleted", "channel", ch.Name, "id", id, "by", sess.User.Username)
	return nil
}

// checkTimeout bounds a whole connection check, so a page never hangs on
// a store that does not answer.
const checkTimeout = 45 * time.Second

// CheckChannel tries a saved channel's connection step by step.
func (s *Service) CheckChannel(ctx context.Context, sess *Session, id int64) ([]magento.CheckStep, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.View)
	if err != nil {
		return nil, err
	}
	return s.checkConnection(ctx, ch)
}

// CheckChannelInput tries the connection a form describes before it is
// saved: id 0 for a new channel, or the channel being edited, whose
// stored credentials fill the fields left blank. Only the connection
// fields are validated.
func (s *Service) CheckChannelInput(ctx context.Context, sess *Session, id int64, in ChannelInput) ([]magento.CheckStep, error) {
	ch := &model.Channel{OrganizationID: sess.Actor.OrganizationID}
	if id != 0 {
		var err error
		if ch, err = s.channelFor(ctx, sess, id, acl.Edit); err != nil {
			return nil, err
		}
	} else if !sess.Actor.Can(acl.Channel, acl.Create) {
		return nil, ErrForbidden
	}
	fe := FieldErrors{}
	validateConnection(&in, ch, fe)
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	return s.checkConnection(ctx, ch)
}

// checkConnection tries ch's store with the client of its type: Magento 2's
// REST steps, or Magento 1's WSDL, login, store list and customer list.
func (s *Service) checkConnection(ctx context.Context, ch *model.Channel) ([]magento.CheckStep, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	if ch.Type == model.Magento1 {
		c, err := magentosync.NewMagento1Client(ch)
		if err != nil {
			return []magento.CheckStep{{Name: "settings", Fix: err.Error()}}, nil
		}
		var steps []magento.CheckStep
		for _, st := range c.CheckConnection(ctx) {
			steps = append(steps, magento.CheckStep{Name: st.Name, OK: st.OK, Detail: st.Detail, Fix: st.Fix})
		}
		return steps, nil
	}
	c, err := magentosync.NewMagentoClient(ch)
	if err != nil {
		return []magento.CheckStep{{Name: "settings", Fix: err.Error()}}, nil
	}
	return c.CheckConnection(ctx), nil
}

// CheckPassed reports whether every step of a connection check passed.
func CheckPassed(steps []magento.CheckStep) bool {
	return len(steps) > 0 && !slices.ContainsFunc(steps, func(st magento.CheckStep) bool { return !st.OK })
}

// staleRunAfter is how long a run may go without reporting before the
// page stops showing it as going on: its process has stopped.
const staleRunAfter = 2 * time.Minute

// ChannelActivity is what a channel's sync has been doing, for its page.
type ChannelActivity struct {
	Current    *store.SyncRun // nil when no run is going on
	Runs       []store.SyncRun
	Errors     []store.SyncError
	ErrorCount int
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
	if a.ErrorCount, err = s.Store.SyncErrorCount(ctx, id); err != nil {
		return nil, err
	}
	return &a, nil
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

// AddChannel creates a channel from the command line, where the operator
// is trusted: no actor checks. The default owner, found by user name, also
// owns the channel.
func (s *Service) AddChannel(ctx context.Context, in ChannelInput, ownerName string) (*model.Channel, error) {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	owner, _, err := s.Store.UserCredentials(ctx, ownerName)
	if errors.Is(err, store.ErrNotFound) || (err == nil && owner.OrganizationID != orgID) {
		return nil, FieldErrors{"default_owner": "No user is named " + ownerName + "."}
	}
	if err != nil {
		return nil, err
	}
	in.DefaultOwnerID = owner.ID
	ch := &model.Channel{OrganizationID: orgID, OwnerUserID: owner.ID}
	if err := s.validateChannel(ctx, &in, ch, []model.User{*owner}); err != nil {
		return nil, err
	}
	return ch, s.saveNewChannel(ctx, ch, "command line")
}

// AllChannels lists every channel of the organization, for the command line.
func (s *Service) AllChannels(ctx context.Context) ([]store.ChannelListing, error) {
	orgID, _, err := s.Store.Bootstrap(ctx, "Main organization")
	if err != nil {
		return nil, err
	}
	return s.Store.Channels(ctx, acl.WholeOrganization(orgID))
}

// CheckChannelNamed tries the connection of the channel with this name,
// for the command line.
func (s *Service) CheckChannelNamed(ctx context.Context, name string) ([]magento.CheckStep, error) {
	ch, err := s.Store.ChannelByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no channel is named %q (magecrm channel list shows them)", name)
	}
	if err != nil {
		return nil, err
	}
	return s.checkConnection(ctx, ch)
}
