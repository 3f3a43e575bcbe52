// Package connector is the seam between the sync and each type of store.
// A channel type (Magento 2 over REST, Magento 1 / OpenMage over SOAP v2)
// registers one Connector, in one file named for the type, that builds its
// connection check, its Source (what the importers read) and its Sink (what
// the push writes through). Adding a channel type touches that file and the
// form's list of types.
//
// Source and its pagers are the importers' view of a store; Magento2Source
// and Magento1Source implement it. Sink speaks in model.Snapshot, so the
// push's merge knows nothing of a store's API; Magento2Sink and
// Magento1Sink implement it. A store that does not answer some fields
// (Magento 1: gender, newsletter, region codes, VAT ids) names them in
// Remote, and the push takes them as unchanged on the store's side.
//
// Of magecrm, it imports only: model, store (for the dictionary types the
// importers write), magento and magento1.
package connector
