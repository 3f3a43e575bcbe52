// Package magento is a typed client for the Magento 2 / Adobe Commerce REST API.
//
// It owns everything the CRM needs to talk to one Magento installation (one
// channel): authentication (admin token renewed before it expires, integration
// Bearer token, OAuth 1.0a signatures), the searchCriteria query builder, the
// (updated_at, entity_id) keyset pager and the id-window pager, typed records
// decoded one by one so that a bad record is reported without losing its page,
// the account calls around a customer (validate, email availability, the
// password reset mail) and the store's directory of countries and regions,
// Magento's error bodies as typed errors (a refusal, a failure that may pass,
// a lost answer), retries with backoff and jitter (never of a customer
// update, whose body was built from an earlier read),
// timeouts, a per-client request rate limit and TLS settings.
//
// An incremental import reads every customer changed since the saved mark,
// minus an overlap, and saves the mark after each stored page:
//
//	c, err := magento.New(magento.Config{BaseURL: url, Auth: auth, RequestsPerSecond: 20})
//	from := magento.Mark{UpdatedAt: saved.UpdatedAt.Add(-5 * time.Minute)}
//	pager := magento.NewKeysetPager(c, from, 1000, magento.NewSearch())
//	for {
//		page, err := pager.Next(ctx)
//		if err == io.EOF {
//			break
//		}
//		// store page.Items, record page.Problems, then save pager.Mark()
//	}
//
// Credentials never appear in logs, errors or formatted values.
//
// The package knows nothing of the CRM. Of magecrm, it imports nothing. The contract it follows is shared/reference/magento2-rest.md.
package magento
