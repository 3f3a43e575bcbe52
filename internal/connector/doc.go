// Package connector is the seam between the sync and each type of store.
// A channel type (Magento 2 over REST, Magento 1 / OpenMage over SOAP v2)
// registers one Connector, in one file named for the type, that builds its
// connection check and its Source (what the importers read). Adding a
// channel type touches that file and the form's list of types.
//
// Source and its pagers are the importers' view of a store; Magento2Source
// and Magento1Source implement it.
//
// Of magecrm, it imports only: model, store (for the dictionary types the
// importers write), magento and magento1.
package connector
