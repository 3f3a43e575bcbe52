package model

import "time"

// ChannelType says which Magento API a channel speaks.
type ChannelType string

// The channel types.
const (
	Magento2 ChannelType = "magento2" // Magento 2 / Adobe Commerce, REST
	Magento1 ChannelType = "magento1" // Magento 1 / OpenMage, SOAP v2
)

// SendsNewsletter reports whether the type's API can change a customer's
// newsletter state: Magento 1's core API has no newsletter call.
func (t ChannelType) SendsNewsletter() bool { return t != Magento1 }

// MailsPasswordReset reports whether the type's API can have the store
// mail a customer a link to choose a new password: Magento 1's cannot.
func (t ChannelType) MailsPasswordReset() bool { return t != Magento1 }

// SetsExistingPassword reports whether the type's API can set the password
// of a customer the store already has: Magento 2's takes a password hash
// with the update; Magento 1's customerCustomerUpdate ignores a password.
func (t ChannelType) SetsExistingPassword() bool { return t != Magento1 }

// AnswersGenderAndVAT reports whether the type's API answers a customer's
// gender and its addresses' VAT ids and region codes: Magento 1's SOAP API
// answers none of them, so the import keeps magecrm's.
func (t ChannelType) AnswersGenderAndVAT() bool { return t != Magento1 }

// Unanswered names the Snapshot fields, and the address fields, that the
// type's API does not answer when a customer is read: Magento 1's SOAP API
// has no gender, newsletter state, region code or VAT id. A merge treats
// them as unchanged on the store's side (Snapshot.FillFrom).
func (t ChannelType) Unanswered() (fields, addressFields []string) {
	if t != Magento1 {
		return nil, nil
	}
	return []string{"gender", "newsletter"}, []string{"region_code", "vat_id"}
}

// AuthKind says how a channel signs in to Magento.
type AuthKind string

// The ways to sign in to Magento.
const (
	AuthAdminToken AuthKind = "admin_token" // admin user name and password → token
	AuthBearer     AuthKind = "bearer"      // integration access token as Bearer
	AuthOAuth      AuthKind = "oauth"       // integration's four OAuth 1.0a credentials
	AuthSOAP       AuthKind = "soap"        // Magento 1 API user and API key
)

// Priority says whose change wins when both sides changed one field.
type Priority string

// The sync priorities.
const (
	RemoteWins Priority = "remote"
	LocalWins  Priority = "local"
)

// AllWebsites is the website filter value meaning every website.
const AllWebsites = -1

// Credentials are a channel's secrets. They are stored sealed with the
// instance secret and never rendered into a page or a log.
type Credentials struct {
	Username          string `json:"username,omitempty"`
	Password          string `json:"password,omitempty"`
	AccessToken       string `json:"access_token,omitempty"`
	ConsumerKey       string `json:"consumer_key,omitempty"`
	ConsumerSecret    string `json:"consumer_secret,omitempty"`
	AccessTokenSecret string `json:"access_token_secret,omitempty"`
	APIUser           string `json:"api_user,omitempty"`
	APIKey            string `json:"api_key,omitempty"`
}

// Channel is one connection to one Magento installation.
type Channel struct {
	ID             int64
	OrganizationID int64
	OwnerUserID    int64
	Name           string
	Type           ChannelType
	BaseURL        string
	AdminURL       string
	AuthKind       AuthKind
	Credentials    Credentials // opened only by the services that talk to Magento
	CAFile         string
	SkipTLSVerify  bool
	WSICompliance  bool // Magento 1 only
	// AddressCalls is how many customerAddressList calls a Magento 1
	// import may make at once (fewer while the store slows down); 0 is
	// DefaultAddressCalls.
	AddressCalls   int
	WebsiteID      int64 // Magento website id, or AllWebsites
	SyncStartDate  time.Time
	TwoWay         bool
	Priority       Priority
	DefaultOwnerID int64
	SyncInterval   time.Duration
	Enabled        bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// DefaultAddressCalls and MaxAddressCalls bound Channel.AddressCalls: a
// real OpenMage store answers one call in 30-130 ms, and each takes one of
// its PHP workers.
const (
	DefaultAddressCalls = 4
	MaxAddressCalls     = 32
)

// Customer sync states, as bits of magento_customers.sync_state.
const (
	SyncPendingSend   = 1 << iota // changed in magecrm, waiting to be sent to Magento
	SyncRemovedRemote             // deleted in Magento; kept here, never silently deleted
	SyncConflict                  // both sides changed a field; a person should look
	SyncFailed                    // Magento refused the last send; sync_error holds its message
	// SyncCreateSent: a create was sent to Magento and its answer is not
	// known (lost, or the process died). Only such a customer is looked up
	// by email and adopted, by the next send or the import; any other
	// Magento customer with its email stays someone else's until a person
	// links the two.
	SyncCreateSent
)
