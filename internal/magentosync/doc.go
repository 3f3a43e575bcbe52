// Package magentosync imports a channel's Magento data into magecrm:
// dictionaries (websites, stores, store views, customer groups), customers
// with their addresses and newsletter status, and orders.
//
// One Engine runs the imports of every channel. A run takes the channel's
// lease in the database (one run per channel and connector across every
// magecrm process sharing it), records its progress in sync_runs as it goes,
// and writes what it cannot take to sync_errors with the Magento id and the
// reason — the run goes on. Its steps:
//
//   - initial import: customers created since the channel's sync start date,
//     in created_at windows read by (created_at, entity_id) keyset; the
//     position is saved with every batch, in the batch's transaction, so a
//     stopped run resumes where it was;
//   - incremental import: customers by (updated_at, entity_id) keyset from
//     the saved mark minus an overlap; records whose hash did not change are
//     not written, a state older than the one magecrm last took or sent is
//     not taken, and a customer waiting to be sent is merged three ways
//     with Magento's (store.ImportCustomers); the mark never moves past a
//     record dated ahead of the clock (mark.go);
//   - reconciliation: every customer by id window, hashes compared, to catch
//     address-only and newsletter-only changes (which do not move updated_at)
//     and customers deleted in Magento (marked "removed in Magento", never
//     deleted);
//   - orders by (updated_at, entity_id) keyset, and lifetime values;
//   - with the dictionaries, the countries and regions the store lists
//     (connector.DirectorySource), kept for the customer forms.
//
// The scheduler (Start) runs each channel on its interval, reconciles once
// a night, and between runs polls: one request for one customer changed
// after the incremental mark; a run starts only when it finds one. A poll
// that finds nothing records only the channel's polled time, and of the
// runs that found nothing a channel keeps only the newest.
//
// The importers read a store through a connector.Source, which the
// connector of the channel's type opens (Magento 2 over REST, Magento 1
// over SOAP v2); nothing here depends on the channel type.
//
// Of magecrm, it imports only: connector, jobs (the lease holder's name and
// whether its process is gone, shared with the job workers), magento, model
// and store.
package magentosync
