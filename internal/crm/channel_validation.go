package crm

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/magento"
	"magecrm/internal/model"
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
	AddressCalls   string // Magento 1 only: customerAddressList calls at once; blank is the default
	Website        string // "-1" for every website, or a Magento website id
	SyncStartDate  string // YYYY-MM-DD
	TwoWay         bool
	Priority       string
	DefaultOwnerID int64
	SyncInterval   string // minutes
	Enabled        bool
	// Version is the channel's last change time the edit was made on
	// (edit only; zero: as it is now). A channel changed since is ErrStale.
	Version time.Time
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
	if in.CAFile != "" && ch.Type != model.Magento1 {
		if _, err := magento.CAPool(in.CAFile); err != nil {
			fe["ca_file"] = err.Error()
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
	ch.AddressCalls = model.DefaultAddressCalls
	if n := strings.TrimSpace(in.AddressCalls); n != "" && ch.Type == model.Magento1 {
		calls, err := strconv.Atoi(n)
		if err != nil || calls < 1 || calls > model.MaxAddressCalls {
			fe["address_calls"] = fmt.Sprintf("Enter a whole number from 1 to %d: how many address requests the import may send the store at once.", model.MaxAddressCalls)
		}
		ch.AddressCalls = calls
	}
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
// else the stored ones of the same field — but only while the connection
// still goes where they were saved for (see secretsMoved): otherwise a
// channel editor could send the stored password to an address of their own.
func keepCredentials(in *ChannelInput, ch *model.Channel, kind model.AuthKind, fe FieldErrors) {
	stored := ch.Credentials
	moved := secretsMoved(in, ch, kind)
	ch.AuthKind, ch.Credentials = kind, model.Credentials{}
	for _, f := range RequiredCredentials(kind) {
		v := *credentialByField(&in.Credentials, f)
		if f != "password" && f != "api_key" { // a password or key may really end in a space
			v = strings.TrimSpace(v)
		}
		switch {
		case v != "":
		case moved != "" && isSecret(f) && *credentialByField(&stored, f) != "":
			fe[f] = "Enter the " + strings.ToLower(credentialLabel(f)) + " again: " + moved +
				", and a stored secret is sent only where it was saved for."
		default:
			v = *credentialByField(&stored, f)
		}
		if v == "" && fe[f] == "" {
			fe[f] = missingCredential(kind, f)
		}
		*credentialByField(&ch.Credentials, f) = v
	}
}

// secretsMoved says what about a saved channel's connection the input
// changes such that its stored secrets must be typed again: the base URL,
// the sign-in method, the user the secret belongs to, or the certificate
// settings. It is "" when nothing did (or the channel is new).
func secretsMoved(in *ChannelInput, ch *model.Channel, kind model.AuthKind) string {
	if ch.ID == 0 {
		return ""
	}
	changedUser := func(typed, saved string) bool {
		typed = strings.TrimSpace(typed)
		return typed != "" && typed != saved
	}
	switch {
	case !sameAddress(in.BaseURL, ch.BaseURL):
		return "the base URL changed"
	case kind != ch.AuthKind:
		return "the sign-in method changed"
	case changedUser(in.Credentials.Username, ch.Credentials.Username) || changedUser(in.Credentials.APIUser, ch.Credentials.APIUser):
		return "the user changed"
	case in.CAFile != ch.CAFile || (in.SkipTLSVerify && !ch.SkipTLSVerify):
		return "the certificate settings changed"
	}
	return ""
}

// sameAddress reports whether two base URLs name the same place, ignoring
// a trailing slash and the case of scheme and host.
func sameAddress(a, b string) bool {
	ua, errA := url.Parse(strings.TrimSpace(a))
	ub, errB := url.Parse(strings.TrimSpace(b))
	if errA != nil || errB != nil {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimSuffix(ua.EscapedPath(), "/") == strings.TrimSuffix(ub.EscapedPath(), "/")
}

// isSecret reports whether a credential field holds a secret (the user
// names do not).
func isSecret(field string) bool { return field != "username" && field != "api_user" }

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

// errNameTaken is also the answer when another channel took the name
// between validation and saving.
var errNameTaken = FieldErrors{"name": "Another channel has this name; choose another."}
