package magesim

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Options configure a simulated store. The zero value is a 2.4 store with
// no customers, the default admin account and integration, and Bearer use
// of the integration token switched off (Magento 2.4.4's default).
type Options struct {
	Customers         int
	Seed              int64
	OrdersPerCustomer float64 // average orders per customer; 0 means 2, negative means none
	Version           string  // "2.4" (default) or "2.3"

	AdminUser, AdminPassword string // default "admin" / "magento123"

	// AccessToken is the integration's access token; with ConsumerKey,
	// ConsumerSecret and AccessTokenSecret it also signs OAuth 1.0a requests.
	AccessToken                                    string
	ConsumerKey, ConsumerSecret, AccessTokenSecret string
	// BearerEnabled is oauth/consumer/enable_integration_as_bearer (2.4.4+).
	// A 2.3 store always accepts the access token as Bearer.
	BearerEnabled bool
	// TwoFactor makes the admin token route refuse valid credentials with
	// the Magento_TwoFactorAuth answer.
	TwoFactor bool

	// The Magento 1 / OpenMage SOAP v2 API (soap_*.go) on the same data:
	// the API user and key (default DefaultSOAPUser / DefaultSOAPKey), the
	// namespace (NamespaceOpenMage, or NamespaceMagento as 1.x answered),
	// WS-I compliance mode, how many customers one customerCustomerList can
	// answer before PHP's memory_limit (default 20000), and API resources
	// the user's role lacks (e.g. "customer/info").
	SOAPUser, SOAPKey string
	SOAPNamespace     string
	WSI               bool
	SOAPListLimit     int
	SOAPDenied        []string

	// AccountShareGlobal is customer/account_share/scope = Global: an
	// email may be used once in the whole store instead of once per website.
	AccountShareGlobal bool
	// NewsletterConfirm is newsletter/subscription/confirm: a subscription
	// made through the API waits for the customer to confirm it by email,
	// and is_subscribed stays false until then.
	NewsletterConfirm bool
	// NoSubscribedInAnswers leaves extension_attributes.is_subscribed out
	// of the answers of GET, POST and PUT /V1/customers[/{id}] too (lists
	// leave it out on 2.3 anyway), as Magento 2.2 and 2.3 releases answer
	// before the fix of magento2#13252.
	NoSubscribedInAnswers bool

	Now func() time.Time // the clock; default time.Now
}

// Default integration credentials, 32 characters like Magento's.
const (
	DefaultAccessToken       = "magesimaccesstoken00000000000000"
	DefaultAccessTokenSecret = "magesimaccesstokensecret00000000"
	DefaultConsumerKey       = "magesimconsumerkey00000000000000"
	DefaultConsumerSecret    = "magesimconsumersecret00000000000"
)

func (o *Options) setDefaults() error {
	switch o.Version {
	case "":
		o.Version = "2.4"
	case "2.4", "2.3":
	default:
		return fmt.Errorf("magesim: version %q: want 2.4 or 2.3", o.Version)
	}
	if o.Customers < 0 {
		return fmt.Errorf("magesim: %d customers: want zero or more", o.Customers)
	}
	if o.OrdersPerCustomer == 0 {
		o.OrdersPerCustomer = 2
	} else if o.OrdersPerCustomer < 0 {
		o.OrdersPerCustomer = 0
	}
	defaults := []struct {
		field *string
		value string
	}{
		{&o.AdminUser, "admin"}, {&o.AdminPassword, "magento123"},
		{&o.AccessToken, DefaultAccessToken}, {&o.AccessTokenSecret, DefaultAccessTokenSecret},
		{&o.ConsumerKey, DefaultConsumerKey}, {&o.ConsumerSecret, DefaultConsumerSecret},
	}
	for _, d := range defaults {
		if *d.field == "" {
			*d.field = d.value
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return nil
}

// Sim is a running simulated store: its data, its REST API, its admin pages
// and its control endpoints.
type Sim struct {
	opts  Options
	store *Store
	gen   generation

	auth   *authenticator
	faults *faultInjector
	stats  *requestStats
	emails *outbox
	soap   *soapServer

	mu      sync.Mutex // guards store replacement on Reset
	handler http.Handler
}

// New generates a store deterministically from opts: the same Customers,
// Seed, OrdersPerCustomer and day of Now give the same records.
func New(opts Options) (*Sim, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	day := opts.Now().UTC().Truncate(24 * time.Hour)
	s := &Sim{
		opts: opts,
		gen: generation{customers: opts.Customers, seed: opts.Seed,
			ordersPerCustomer: opts.OrdersPerCustomer, anchor: day.Add(-24 * time.Hour).Unix()},
		auth:   newAuthenticator(opts),
		faults: newFaultInjector(),
		stats:  newRequestStats(),
		emails: &outbox{},
		soap:   newSOAPServer(opts),
	}
	s.store = s.freshStore()
	s.handler = s.routes()
	return s, nil
}

func (s *Sim) freshStore() *Store {
	st := newStore(s.opts.Now, s.opts)
	st.generate(s.gen)
	return st
}

// legacy reports whether the store behaves like Magento 2.3.
func (s *Sim) legacy() bool { return s.opts.Version == "2.3" }

// Store is the simulator's data store, for protocols other than REST.
func (s *Sim) Store() *Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store
}

// Handler serves everything: /rest/… (Magento REST), /api/v2_soap/ (the
// Magento 1 SOAP v2 API and its WSDL), /admin/… (the admin
// pages the CRM links to) and /__sim/… (control endpoints for tests).
func (s *Sim) Handler() http.Handler { return s.handler }

// Reset regenerates the original data and switches faults off, forgets
// issued tokens, lockouts, request counts and sent emails.
func (s *Sim) Reset() {
	st := s.freshStore()
	s.mu.Lock()
	s.store = st
	s.mu.Unlock()
	s.auth.reset()
	s.faults.set(Faults{})
	s.stats.reset()
	s.emails.reset()
	s.soap.expireAll()
}

// Version is the Magento version the simulator behaves like: "2.4" or "2.3".
func (s *Sim) Version() string { return s.opts.Version }

// CustomerCount is the number of customers in the store.
func (s *Sim) CustomerCount() int { return s.Store().CustomerCount() }

// Customer returns a copy of a customer's record.
func (s *Sim) Customer(id int) (Customer, bool) { return s.Store().Customer(id) }

// EditCustomer changes a customer as an admin would in the customer form;
// updated_at moves.
func (s *Sim) EditCustomer(id int, e CustomerEdit) error { return s.Store().EditCustomer(id, e) }

// EditAddressOnly changes only an address; updated_at does not move.
func (s *Sim) EditAddressOnly(id int, e AddressEdit) error { return s.Store().EditAddressOnly(id, e) }

// SetSubscription changes only the newsletter status; updated_at does not move.
func (s *Sim) SetSubscription(id int, subscribed bool) error {
	return s.Store().SetSubscription(id, subscribed)
}

// DeleteCustomer deletes a customer as an admin would.
func (s *Sim) DeleteCustomer(id int) error { return s.Store().DeleteCustomer(id) }

// CustomerJSON is the customer exactly as GET /V1/customers/{id} answers it.
func (s *Sim) CustomerJSON(id int) ([]byte, error) {
	c, ok := s.Customer(id)
	if !ok {
		return nil, noSuchEntity("customerId", id)
	}
	return appendCustomer(nil, &c, true), nil
}

func randomToken() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 32)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// OrderCount is the number of orders in the store.
func (s *Sim) OrderCount() int {
	st := s.Store()
	st.mu.RLock()
	defer st.mu.RUnlock()
	return len(st.orders)
}
