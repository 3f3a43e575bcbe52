package api

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// ChannelWrite is what the channel form holds: a new channel (members
// left out take the form's defaults), or a change of one (members left
// out keep their value).
type ChannelWrite struct {
	Name     *string `json:"name,omitempty"`
	Type     *string `json:"type,omitempty" enum:"magento2,magento1" doc:"Chosen when the channel is added (default magento2); it cannot change"`
	BaseURL  *string `json:"base_url,omitempty" doc:"The store's address, like https://shop.example.com/"`
	AdminURL *string `json:"admin_url,omitempty" doc:"Magento's admin, for Create Order; empty for none"`
	AuthKind *string `json:"auth_kind,omitempty" enum:"admin_token,bearer,oauth" doc:"How a Magento 2 channel signs in (default admin_token); Magento 1 always uses its SOAP API user and key"`
	// Credentials are write-only: never in an answer.
	Credentials   *ChannelCredentials `json:"credentials,omitempty" doc:"Write-only. In a change, a secret left out keeps the stored one — unless the base URL, sign-in method, user or certificate settings change, then it must be sent again"`
	CAFile        *string             `json:"ca_file,omitempty" doc:"A PEM file of certificate authorities on the server, for a store with its own"`
	SkipTLSVerify *bool               `json:"skip_tls_verify,omitempty"`
	WSICompliance *bool               `json:"wsi_compliance,omitempty" doc:"Magento 1: the store's WS-I Compliance setting"`
	AddressCalls  *int                `json:"address_calls,omitempty" doc:"Magento 1: address requests the import may send at once"`
	WebsiteID     *int64              `json:"website_id,omitempty" doc:"The Magento website to import, or -1 (the default) for every website"`
	SyncStartDate *string             `json:"sync_start_date,omitempty" doc:"YYYY-MM-DD: customers created since are imported (default 2000-01-01)"`
	TwoWay        *bool               `json:"two_way,omitempty" doc:"Changes made in magecrm are sent to Magento"`
	Priority      *string             `json:"priority,omitempty" enum:"remote,local" doc:"Whose change wins when both sides changed a field (default remote)"`
	DefaultOwner  *int64              `json:"default_owner_id,omitempty" doc:"Imported customers' owner: a user you may assign customers to (default you)"`
	SyncInterval  *int                `json:"sync_interval_minutes,omitempty" doc:"1 to 1440 (default 15)"`
	Enabled       *bool               `json:"enabled,omitempty" doc:"Default true"`
}

// ChannelCredentials are a channel's sign-in: which ones it needs depends
// on auth_kind (admin_token: username, password; bearer: access_token;
// oauth: the four keys) or, for Magento 1, api_user and api_key.
type ChannelCredentials struct {
	Username          *string `json:"username,omitempty"`
	Password          *string `json:"password,omitempty"`
	AccessToken       *string `json:"access_token,omitempty"`
	ConsumerKey       *string `json:"consumer_key,omitempty"`
	ConsumerSecret    *string `json:"consumer_secret,omitempty"`
	AccessTokenSecret *string `json:"access_token_secret,omitempty"`
	APIUser           *string `json:"api_user,omitempty"`
	APIKey            *string `json:"api_key,omitempty"`
}

// newChannelInput is the new channel form's defaults.
func newChannelInput(sess *crm.Session) crm.ChannelInput {
	return crm.ChannelInput{Type: string(model.Magento2), AuthKind: string(model.AuthAdminToken),
		Website: strconv.Itoa(model.AllWebsites), SyncStartDate: crm.DefaultSyncStartDate, Priority: string(model.RemoteWins),
		DefaultOwnerID: sess.User.ID, SyncInterval: strconv.Itoa(crm.DefaultSyncInterval), Enabled: true}
}

// channelInputOf is a saved channel as its edit form holds it: secrets
// blank (kept), the type blank (fixed).
func channelInputOf(ch *model.Channel) crm.ChannelInput {
	return crm.ChannelInput{Name: ch.Name, BaseURL: ch.BaseURL, AdminURL: ch.AdminURL, AuthKind: string(ch.AuthKind),
		Credentials: model.Credentials{Username: ch.Credentials.Username, APIUser: ch.Credentials.APIUser}, CAFile: ch.CAFile,
		SkipTLSVerify: ch.SkipTLSVerify, WSICompliance: ch.WSICompliance, AddressCalls: strconv.Itoa(ch.AddressCalls),
		Website: strconv.FormatInt(ch.WebsiteID, 10), SyncStartDate: ch.SyncStartDate.Format(time.DateOnly), TwoWay: ch.TwoWay,
		Priority: string(ch.Priority), DefaultOwnerID: ch.DefaultOwnerID, SyncInterval: strconv.Itoa(int(ch.SyncInterval / time.Minute)),
		Enabled: ch.Enabled}
}

// over lays the members sent over a channel's input.
func (w *ChannelWrite) over(in crm.ChannelInput) crm.ChannelInput {
	for _, f := range []struct{ to, from *string }{{&in.Name, w.Name}, {&in.Type, w.Type}, {&in.BaseURL, w.BaseURL},
		{&in.AdminURL, w.AdminURL}, {&in.AuthKind, w.AuthKind}, {&in.CAFile, w.CAFile}, {&in.SyncStartDate, w.SyncStartDate},
		{&in.Priority, w.Priority}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	for _, f := range []struct{ to, from *bool }{{&in.SkipTLSVerify, w.SkipTLSVerify}, {&in.WSICompliance, w.WSICompliance},
		{&in.TwoWay, w.TwoWay}, {&in.Enabled, w.Enabled}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	for _, f := range []struct {
		to   *string
		from *int
	}{{&in.AddressCalls, w.AddressCalls}, {&in.SyncInterval, w.SyncInterval}} {
		if f.from != nil {
			*f.to = strconv.Itoa(*f.from)
		}
	}
	if w.WebsiteID != nil {
		in.Website = strconv.FormatInt(*w.WebsiteID, 10)
	}
	if w.DefaultOwner != nil {
		in.DefaultOwnerID = *w.DefaultOwner
	}
	if c := w.Credentials; c != nil {
		for _, f := range []struct{ to, from *string }{{&in.Credentials.Username, c.Username}, {&in.Credentials.Password, c.Password},
			{&in.Credentials.AccessToken, c.AccessToken}, {&in.Credentials.ConsumerKey, c.ConsumerKey},
			{&in.Credentials.ConsumerSecret, c.ConsumerSecret}, {&in.Credentials.AccessTokenSecret, c.AccessTokenSecret},
			{&in.Credentials.APIUser, c.APIUser}, {&in.Credentials.APIKey, c.APIKey}} {
			if f.from != nil {
				*f.to = *f.from
			}
		}
	}
	return in
}

// credentialNames are the credentials' members, named as the form names
// their fields.
var credentialNames = jsonNames(reflect.TypeFor[ChannelCredentials]())

// channelFieldNames are the API's names of the channel form's fields;
// the credentials' are under credentials.
var channelFieldNames = map[string]string{"website": "website_id", "default_owner": "default_owner_id",
	"sync_interval": "sync_interval_minutes"}

// channelProblem answers a channel service's error with the API's field
// names.
func (s *Server) channelProblem(err error) error {
	var fe crm.FieldErrors
	if !errors.As(err, &fe) {
		return s.problem(err)
	}
	return renamedProblem(fe, func(k string) string {
		switch {
		case credentialNames[k]:
			return "credentials." + k
		case channelFieldNames[k] != "":
			return channelFieldNames[k]
		}
		return k
	})
}

// channelAnswer reads a channel for an answer; status 201 adds its Location.
func (s *Server) channelAnswer(ctx context.Context, id int64, status int) (*channelOutput, error) {
	out, err := s.getChannel(ctx, &recordIDInput{ID: id})
	if err != nil {
		return nil, err
	}
	if status == http.StatusCreated {
		out.Location = Prefix + "/channels/" + itoa(id)
	}
	return out, nil
}

type channelCreateInput struct {
	IdempotencyKey string `header:"Idempotency-Key" doc:"Makes a retried create answer the first create"`
	Body           ChannelWrite
}

func (s *Server) createChannel(ctx context.Context, in *channelCreateInput) (*channelOutput, error) {
	sess := sessionOf(ctx)
	ch, err := s.CRM.CreateChannel(ctx, sess, in.Body.over(newChannelInput(sess)))
	if err != nil {
		return nil, s.channelProblem(err)
	}
	return s.channelAnswer(ctx, ch.ID, http.StatusCreated)
}

type channelUpdateInput struct {
	ID      int64  `path:"id"`
	IfMatch string `header:"If-Match" doc:"The channel's ETag; required"`
	Body    ChannelWrite
}

func (s *Server) updateChannel(ctx context.Context, in *channelUpdateInput) (*channelOutput, error) {
	version, err := ifMatchTime(in.IfMatch)
	if err != nil {
		return nil, err
	}
	sess := sessionOf(ctx)
	stored, err := s.CRM.Channel(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	change := in.Body.over(channelInputOf(stored))
	change.Version = version
	if _, err := s.CRM.UpdateChannel(ctx, sess, in.ID, change); err != nil {
		return nil, s.channelProblem(err)
	}
	return s.channelAnswer(ctx, in.ID, 0)
}

func (s *Server) deleteChannel(ctx context.Context, in *recordIDInput) (*struct{}, error) {
	if err := s.CRM.DeleteChannel(ctx, sessionOf(ctx), in.ID); err != nil {
		return nil, s.problem(err)
	}
	return nil, nil
}

func channelWriteRoutes(s *Server) {
	a := s.api
	huma.Register(a, created("/channels", "create-channel", "Channels", "Add a channel (as the channel form; needs the channel create grant)", 403, 409, 422), s.createChannel)
	huma.Register(a, op(http.MethodPatch, "/channels/{id}", "update-channel", "Channels", "Change a channel's settings; needs If-Match", 403, 404, 409, 412, 422, 428), s.updateChannel)
	huma.Register(a, op(http.MethodDelete, "/channels/{id}", "delete-channel", "Channels",
		"Delete a channel with every customer, order and run imported through it (Magento is not touched)", 403, 404), s.deleteChannel)
	channelCheckRoutes(s)
}
