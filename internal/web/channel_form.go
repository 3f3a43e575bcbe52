package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/magento"
	"magecrm/internal/model"
)

// channelForm is what the channel form shows: the channel being edited
// (nil on create), the choices, and the result of "Check connection".
// On create every type's fields are in the page (the script shows the
// chosen type's); on edit only those of the channel's type, which is fixed.
type channelForm struct {
	Channel     *model.Channel
	Types       []choice
	Magento2    bool // the Magento 2 fields are in the page
	Magento1    bool // the Magento 1 fields are in the page
	TypeLabel   string
	AuthKinds   []choice
	Credentials []credentialInput
	KeyStored   bool // a Magento 1 API key is stored and kept when left blank
	Owners      []model.User
	Check       []magento.CheckStep
	CheckOK     bool
	// Websites are the store's websites, read by a check that passed or,
	// on edit, by the channel's last sync: the form offers them by name
	// instead of the id field.
	Websites []crm.WebsiteChoice
}

// credentialInput is one credential field of the form.
type credentialInput struct {
	Field, Label, Type string
	Kinds              string // the auth kinds that use it, space separated, for the script
	UsedWith           string // the same in words, for the hint
	Stored             bool   // a stored value is kept when left blank
}

// authKindShort names an auth kind in a credential's hint.
var authKindShort = map[model.AuthKind]string{
	model.AuthAdminToken: "admin user and password",
	model.AuthBearer:     "Bearer access token",
	model.AuthOAuth:      "OAuth",
}

// credentialInputs lists the credential fields; ch is the stored channel
// (nil on create), whose secrets are kept when their field is left blank.
func credentialInputs(ch *model.Channel) []credentialInput {
	out := []credentialInput{
		{Field: "username", Label: "Admin user name", Type: "text"},
		{Field: "password", Label: "Admin password", Type: "password"},
		{Field: "access_token", Label: "Access token", Type: "password"},
		{Field: "consumer_key", Label: "Consumer key", Type: "password"},
		{Field: "consumer_secret", Label: "Consumer secret", Type: "password"},
		{Field: "access_token_secret", Label: "Access token secret", Type: "password"},
	}
	for i := range out {
		var kinds, words []string
		for _, k := range crm.AuthKinds {
			if slices.Contains(crm.RequiredCredentials(k), out[i].Field) {
				kinds, words = append(kinds, string(k)), append(words, authKindShort[k])
			}
		}
		out[i].Kinds, out[i].UsedWith = strings.Join(kinds, " "), strings.Join(words, " and ")
		out[i].Stored = ch != nil && out[i].Type == "password" && slices.Contains(crm.RequiredCredentials(ch.AuthKind), out[i].Field)
	}
	return out
}

// choice is one option of a radio group.
type choice struct{ Value, Label string }

func authKindChoices() []choice {
	out := make([]choice, len(crm.AuthKinds))
	for i, k := range crm.AuthKinds {
		out[i] = choice{Value: string(k), Label: crm.AuthKindLabel(k)}
	}
	return out
}

func typeChoices() []choice {
	out := make([]choice, len(crm.ChannelTypes))
	for i, t := range crm.ChannelTypes {
		out[i] = choice{Value: string(t), Label: crm.ChannelTypeLabel(t)}
	}
	return out
}

// secretFields are the credential fields never filled from storage.
var secretFields = []string{"password", "access_token", "consumer_key", "consumer_secret", "access_token_secret", "api_key"}

// channelFields are the form's other fields, shown again as typed.
var channelFields = []string{"name", "type", "base_url", "admin_url", "auth_kind", "username", "api_user", "wsi", "address_calls", "ca_file",
	"skip_tls_verify", "website", "sync_start_date", "two_way", "priority", "default_owner", "sync_interval", "enabled", "version"}

// parseChannelForm reads a posted channel form into the service's input
// and the values to show again, without the secrets: a form that comes
// back with a mistake never holds them (see answerFormCheck for the one
// exception).
func parseChannelForm(r *http.Request) (crm.ChannelInput, url.Values) {
	r.ParseForm()
	f := r.PostForm
	in := crm.ChannelInput{
		Name:     f.Get("name"),
		Type:     f.Get("type"),
		BaseURL:  f.Get("base_url"),
		AdminURL: f.Get("admin_url"),
		AuthKind: f.Get("auth_kind"),
		Credentials: model.Credentials{
			Username:          f.Get("username"),
			Password:          f.Get("password"),
			AccessToken:       f.Get("access_token"),
			ConsumerKey:       f.Get("consumer_key"),
			ConsumerSecret:    f.Get("consumer_secret"),
			AccessTokenSecret: f.Get("access_token_secret"),
			APIUser:           f.Get("api_user"),
			APIKey:            f.Get("api_key"),
		},
		CAFile:        f.Get("ca_file"),
		SkipTLSVerify: f.Get("skip_tls_verify") == "on",
		WSICompliance: f.Get("wsi") == "on",
		AddressCalls:  f.Get("address_calls"),
		Website:       f.Get("website"),
		SyncStartDate: f.Get("sync_start_date"),
		TwoWay:        f.Get("two_way") == "on",
		Priority:      f.Get("priority"),
		SyncInterval:  f.Get("sync_interval"),
		Enabled:       f.Get("enabled") == "on",
		Version:       formVersion(r),
	}
	in.DefaultOwnerID, _ = strconv.ParseInt(f.Get("default_owner"), 10, 64)
	shown := url.Values{}
	for _, k := range channelFields {
		if v := f.Get(k); v != "" {
			shown.Set(k, v)
		}
	}
	return in, shown
}

// channelFormValues fills a form with a channel's saved settings; secrets
// stay blank.
func channelFormValues(ch *model.Channel) url.Values {
	v := url.Values{
		"name":            {ch.Name},
		"base_url":        {ch.BaseURL},
		"admin_url":       {ch.AdminURL},
		"auth_kind":       {string(ch.AuthKind)},
		"username":        {ch.Credentials.Username},
		"api_user":        {ch.Credentials.APIUser},
		"ca_file":         {ch.CAFile},
		"website":         {strconv.FormatInt(ch.WebsiteID, 10)},
		"sync_start_date": {ch.SyncStartDate.Format(time.DateOnly)},
		"priority":        {string(ch.Priority)},
		"default_owner":   {strconv.FormatInt(ch.DefaultOwnerID, 10)},
		"sync_interval":   {strconv.Itoa(int(ch.SyncInterval / time.Minute))},
		"address_calls":   {strconv.Itoa(ch.AddressCalls)},
		"version":         {versionValue(ch.UpdatedAt)},
	}
	for k, on := range map[string]bool{"skip_tls_verify": ch.SkipTLSVerify, "wsi": ch.WSICompliance, "two_way": ch.TwoWay, "enabled": ch.Enabled} {
		if on {
			v.Set(k, "on")
		}
	}
	return v
}

// WebsiteListed reports whether a typed website id is All websites or one
// of the store's; another stays offered, so choosing by name loses no
// typed value.
func (f *channelForm) WebsiteListed(id string) bool {
	if id == "" || id == "-1" {
		return true
	}
	return slices.ContainsFunc(f.Websites, func(w crm.WebsiteChoice) bool { return strconv.FormatInt(w.ID, 10) == id })
}

// renderChannelForm shows the new or edit form of a channel.
func (s *Server) renderChannelForm(w http.ResponseWriter, r *http.Request, status int, ch *model.Channel, form url.Values, fe crm.FieldErrors, check *crm.ChannelCheck) {
	sess := sessionOf(r)
	owners, err := s.CRM.ChannelOwnerChoices(r.Context(), sess, ch)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	f := &channelForm{Channel: ch, Types: typeChoices(), Magento2: true, Magento1: true, AuthKinds: authKindChoices(),
		Credentials: credentialInputs(ch), Owners: owners}
	if check != nil {
		f.Check, f.CheckOK, f.Websites = check.Steps, crm.CheckPassed(check.Steps), check.Websites
	}
	if f.Websites == nil && ch != nil {
		if f.Websites, err = s.CRM.SyncedWebsites(r.Context(), sess, ch); err != nil {
			s.serviceError(w, r, err)
			return
		}
	}
	if ch != nil {
		f.Magento2, f.Magento1 = ch.Type != model.Magento1, ch.Type == model.Magento1
		f.TypeLabel, f.KeyStored = crm.ChannelTypeLabel(ch.Type), f.Magento1
	}
	title := "New channel"
	if ch != nil {
		title = "Edit channel " + ch.Name
	}
	s.render(w, r, status, "channel_form", &view{Title: title, Form: form, Errors: fe, Data: f})
}

// answerFormCheck shows the channel form again after "Check connection",
// with what was typed and the steps of the check (or what to fix first).
// Typed secrets come back only when the check passed.
func (s *Server) answerFormCheck(w http.ResponseWriter, r *http.Request, ch *model.Channel, shown url.Values, check *crm.ChannelCheck, err error) {
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderChannelForm(w, r, http.StatusUnprocessableEntity, ch, shown, fe, nil)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if crm.CheckPassed(check.Steps) {
		// The secrets just proved right stay in the form, so Save sends
		// them without typing them again.
		for _, k := range secretFields {
			if v := r.PostForm.Get(k); v != "" {
				shown.Set(k, v)
			}
		}
	}
	s.renderChannelForm(w, r, http.StatusOK, ch, shown, nil, check)
}
