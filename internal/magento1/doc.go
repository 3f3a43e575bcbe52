// Package magento1 is a typed client for the SOAP v2 API of Magento 1 and
// OpenMage LTS (the WSDL at {base}/api/v2_soap/?wsdl=1).
//
// It owns the envelopes — RPC/encoded, or document/literal when the store
// runs in WS-I compliance mode — built and read with encoding/xml, the API
// session (login, renewed when Magento answers fault 5), retries of reads
// (a write is sent once: its body was built from an earlier read, so a
// retry is its caller's, after reading again), faults as typed errors, and reading large customer and order lists
// in bounded windows: customerCustomerList has no paging, so a list is read
// as customer_id or updated_at ranges (complex_filter from/to), a range
// that is too big for the store's PHP memory_limit split in two until it fits,
// the customer and address writes (a lost answer of a create told apart from
// a refusal), and the store's directory of countries and regions. One
// write SOAP v2 cannot make — clearing a customer's default addresses — goes
// to the v1 API over XML-RPC ({base}/api/xmlrpc/) in the same session.
//
// Answers in namespace urn:OpenMage and urn:Magento (Magento 1.x) are read
// alike. Credentials never appear in logs, errors or formatted values.
//
// The package knows nothing of the CRM. Of magecrm, it imports nothing. The contract it follows is §7 of
// shared/reference/magento2-rest.md and OpenMage's own WSDL files.
package magento1
