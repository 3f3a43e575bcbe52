// Package magento is a typed client for the Magento 2 / Adobe Commerce REST API.
//
// It owns everything the CRM needs to talk to one Magento installation (one
// channel): authentication (admin token renewed before it expires, integration
// Bearer token, OAuth 1.0a signatures), the searchCriteria query builder, the
// (updated_at, entity_id) keyset pager and the id-window pager, typed records
// decoded one by one so that a bad record is reported without losing its page,
// Magento's error bodies as typed errors, retries with backoff and jitter,
// timeouts, a per-client request rate limit and TLS settings.
//
// Credentials never appear in logs, errors or formatted values.
//
// The package knows nothing of the CRM: it must not import any other magecrm
// package. The contract it follows is shared/reference/magento2-rest.md.
package magento
