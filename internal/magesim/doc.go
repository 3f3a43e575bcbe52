// Package magesim is a Magento 2 store simulator: an in-memory store of
// websites, store views, customer groups, customers with addresses and
// newsletter state, and orders, served over Magento's REST API the way a
// real Magento 2.4 (or 2.3) answers — status codes, error templates with
// parameters, paging quirks and the updated_at trap included.
//
// It owns these layers, kept apart so that both protocols share the data:
//
//   - the store: records, indexes and mutations (store*.go, query.go, generate.go),
//     customers held packed — texts in an append-only arena, addresses in
//     blocks (packed.go) — and handed out as Customer copies,
//     the directory of countries and regions (directory*.go) and the validators
//     Magento runs on writes (customer_validate.go; Magento 1's in soap_*store.go);
//   - the REST layer: routing, auth, searchCriteria parsing, JSON answers (rest*.go, auth.go);
//   - the Magento 1 / OpenMage SOAP v2 layer on the same store: WSDL, sessions, filters,
//     RPC/encoded or WS-I answers and faults (soap_*.go), and the v1 API's
//     customer.update over XML-RPC for default addresses (xmlrpc.go);
//   - the test harness: fault injection (lost answers included), the emails the
//     store would send, admin pages and /__sim/ control endpoints.
//
// magesim is "the other side" of the CRM, or the CRM's tests against it
// would become circular. Of magecrm, it imports nothing.
package magesim
