package magento

import (
	"strings"
	"sync"
	"testing"
	"time"

	"magecrm/internal/magesim"
)

const tokenRoute = "REST POST /V1/integration/admin/token"

func TestAdminTokenIsRenewedBeforeItExpires(t *testing.T) {
	clock := newClock()
	s := newStore(t, magesim.Options{Customers: 3, Now: clock.Now})
	c := s.client(t, adminAuth, nil)
	c.now = clock.Now

	for range 3 {
		if _, err := c.StoreViews(ctx(t)); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.requests(tokenRoute, 200); n != 1 {
		t.Fatalf("%d token requests for 3 calls, want 1", n)
	}
	// Shortly before the 4 hours run out, the client asks for a new token
	// without a single refused call.
	clock.Advance(3*time.Hour + 56*time.Minute)
	if _, err := c.StoreViews(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if n := s.requests(tokenRoute, 200); n != 2 {
		t.Errorf("%d token requests, want a renewal", n)
	}
	if n := s.requests("REST GET /V1/store/storeViews", 401); n != 0 {
		t.Errorf("%d calls refused", n)
	}
}

func TestRefusedAdminTokenIsRenewedOnce(t *testing.T) {
	clock := newClock()
	s := newStore(t, magesim.Options{Customers: 3, Now: clock.Now})
	c := s.client(t, adminAuth, nil) // its own clock does not move
	if _, err := c.Websites(ctx(t)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Hour) // the store expired the token early
	ws, err := c.Websites(ctx(t))
	if err != nil || len(ws) == 0 {
		t.Fatalf("websites after expiry: %v %v", ws, err)
	}
	if n := s.requests(tokenRoute, 200); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestBadAdminPassword(t *testing.T) {
	s := newStore(t, magesim.Options{})
	logs := &logBuffer{}
	c := s.client(t, Auth{Kind: AdminToken, Username: "admin", Password: "wrong-" + secretPassword}, logs)
	_, err := c.StoreViews(ctx(t))
	if !IsAuth(err) || !strings.Contains(err.Error(), "The account sign-in was incorrect") {
		t.Fatalf("err = %v", err)
	}
	assertNoSecret(t, "error", err.Error())
	if strings.Contains(err.Error()+logs.String(), "wrong-") {
		t.Error("the wrong password leaks")
	}
}

func TestIntegrationBearer(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 5, BearerEnabled: true})
	page, err := s.client(t, bearerAuth, nil).SearchCustomers(ctx(t), NewSearch().Size(2))
	if err != nil || len(page.Items) != 2 || page.TotalCount != 5 {
		t.Fatalf("page = %+v, err = %v", page, err)
	}
}

func TestOAuthSignatureIsAccepted(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 30}) // Bearer off: only OAuth passes
	c := s.client(t, oauthAuth, nil)
	// Spaces, percent signs, plus signs and brackets all take part in the signature.
	sc := NewSearch().
		Where(F("email", Like, "%@%")).
		Where(F("updated_at", Gteq, "2000-01-01 00:00:00"), F("firstname", Eq, "A+B C")).
		SortBy("entity_id", Asc).Size(7).Page(2)
	page, err := c.SearchCustomers(ctx(t), sc)
	if err != nil || len(page.Items) != 7 || page.Items[0].ID != 8 {
		t.Fatalf("page = %+v, err = %v", page, err)
	}
	created, err := c.CreateCustomer(ctx(t), Customer{Email: "oauth@example.com", Firstname: "O", Lastname: "Auth", WebsiteID: 1}, "")
	if err != nil || created.ID == 0 {
		t.Fatalf("create over OAuth: %v %v", created, err)
	}
	wrong := oauthAuth
	wrong.ConsumerSecret = "x" + secretConsumerSecret[1:]
	if _, err := s.client(t, wrong, nil).StoreViews(ctx(t)); !IsAuth(err) {
		t.Errorf("a wrong consumer secret was accepted: %v", err)
	}
}

func TestConcurrentCallsShareOneToken(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 50})
	c := s.client(t, adminAuth, nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 5 {
				if _, err := c.SearchCustomers(ctx(t), NewSearch().Size(5).Page(g+1)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := s.requests(tokenRoute, 0); n != 1 {
		t.Errorf("%d token requests for 40 concurrent calls, want 1", n)
	}
}
