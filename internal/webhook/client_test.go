package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestDeliveriesReachPublicAddressesOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	d := Delivery{URL: srv.URL, Secret: "whsec_test", Event: "customer.created", ID: 1, Body: []byte(`{}`)}
	if _, err := Post(context.Background(), NewClient(time.Second, false), d, time.Now()); err == nil ||
		!strings.Contains(err.Error(), "127.0.0.1 is not a public address") {
		t.Errorf("a delivery to the loopback address: %v, want it refused", err)
	}
	if a, err := Post(context.Background(), NewClient(time.Second, true), d, time.Now()); err != nil || !a.Delivered() {
		t.Errorf("with private addresses allowed: %+v %v", a, err)
	}
	for _, addr := range []string{"10.1.2.3:80", "192.168.0.1:443", "169.254.169.254:80", "[::1]:80", "[fe80::1]:80",
		"100.64.0.1:80", "0.0.0.0:80", "[::ffff:127.0.0.1]:80"} {
		if publicOnly("tcp", addr, nil) == nil {
			t.Errorf("%s was taken for a public address", addr)
		}
	}
	for _, addr := range []string{"93.184.215.14:443", "[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:443"} {
		if err := publicOnly("tcp", addr, nil); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

func TestPublicHostRefusesAddressesPlainlyNotPublic(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "10.0.0.8", "169.254.169.254", "::1", "[::1]", "localhost", "LocalHost.", "api.localhost", "0.0.0.0"} {
		if PublicHost(host) != ErrPrivateHost {
			t.Errorf("%s was taken for a public host", host)
		}
	}
	for _, host := range []string{"erp.example.com", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "localhost.example.com"} {
		if err := PublicHost(host); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
}
