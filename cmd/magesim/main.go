// Command magesim runs a simulated Magento 2 store: the REST API under
// /rest/V1, the admin pages the CRM links to under /admin, and test control
// endpoints under /__sim. See internal/magesim.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"magecrm/internal/magesim"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "magesim:", err)
		os.Exit(1)
	}
}

func run() error {
	if os.Getenv("GOMEMLIMIT") == "" {
		// A million customers (with two million orders) are about 560 MiB
		// of live data, held packed (internal/magesim/packed.go); a soft limit
		// keeps the collector from doubling that while the store is built.
		debug.SetMemoryLimit(800 << 20)
	}
	var opts magesim.Options
	listen := flag.String("listen", "127.0.0.1:8081", "address to serve on")
	flag.IntVar(&opts.Customers, "customers", 1000, "number of customers to generate")
	flag.Int64Var(&opts.Seed, "seed", 1, "seed of the generated data")
	flag.Float64Var(&opts.OrdersPerCustomer, "orders-per-customer", 2, "average orders per customer (0 for none)")
	flag.StringVar(&opts.Version, "magento", "2.4", "Magento behaviour: 2.4 or 2.3")
	flag.StringVar(&opts.AdminUser, "admin-user", "admin", "admin user name")
	flag.StringVar(&opts.AdminPassword, "admin-password", "magento123", "admin password")
	flag.StringVar(&opts.AccessToken, "access-token", magesim.DefaultAccessToken, "integration access token")
	flag.StringVar(&opts.AccessTokenSecret, "access-token-secret", magesim.DefaultAccessTokenSecret, "integration access token secret (OAuth)")
	flag.StringVar(&opts.ConsumerKey, "consumer-key", magesim.DefaultConsumerKey, "integration consumer key (OAuth)")
	flag.StringVar(&opts.ConsumerSecret, "consumer-secret", magesim.DefaultConsumerSecret, "integration consumer secret (OAuth)")
	flag.BoolVar(&opts.BearerEnabled, "integration-bearer", false, "accept the integration access token as Bearer (2.4.4 setting)")
	flag.BoolVar(&opts.TwoFactor, "two-factor", false, "refuse admin tokens as Magento_TwoFactorAuth does")
	flag.StringVar(&opts.SOAPUser, "soap-user", magesim.DefaultSOAPUser, "Magento 1 SOAP API user")
	flag.StringVar(&opts.SOAPKey, "soap-key", magesim.DefaultSOAPKey, "Magento 1 SOAP API key")
	flag.StringVar(&opts.SOAPNamespace, "soap-namespace", magesim.NamespaceOpenMage, "SOAP namespace: urn:OpenMage, or urn:Magento as Magento 1.x")
	flag.BoolVar(&opts.WSI, "wsi", false, "answer SOAP in WS-I compliance mode (document/literal)")
	flag.IntVar(&opts.SOAPListLimit, "soap-list-limit", 20000, "customers one customerCustomerList answers before PHP's memory_limit fatal")
	flag.BoolVar(&opts.AccountShareGlobal, "account-share-global", false, "share customer accounts globally: an email once in the whole store, not once per website")
	flag.BoolVar(&opts.NewsletterConfirm, "newsletter-confirm", false, "newsletter subscriptions wait for the customer's email confirmation")
	flag.Parse()
	if opts.OrdersPerCustomer == 0 {
		opts.OrdersPerCustomer = -1 // flag 0 means none; Options 0 means the default
	}

	start := time.Now()
	sim, err := magesim.New(opts)
	if err != nil {
		return err
	}
	slog.Info("magesim ready", "magento", sim.Version(), "customers", sim.CustomerCount(),
		"generated_in", time.Since(start).Round(time.Millisecond), "rest", "http://"+*listen+"/rest/V1/",
		"admin_user", opts.AdminUser, "access_token", opts.AccessToken,
		"soap_wsdl", "http://"+*listen+"/api/v2_soap/?wsdl=1", "soap_user", opts.SOAPUser)
	srv := &http.Server{Addr: *listen, Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}
