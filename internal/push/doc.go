// Package push sends customers created and changed in magecrm to their
// Magento store (two-way sync's magecrm → Magento direction).
//
// Every save that Magento must hear of writes a job to the channel's queue
// in its own transaction (package store, on package jobs). A Pusher runs
// one jobs.Worker per enabled two-way channel: one process at a time per
// channel (the queue's lease), woken by the save and at least every Poll.
// A job sends the customer as it is when the job runs:
//
//   - not yet in Magento: create it (with addresses, newsletter state and
//     the waiting password); if an earlier attempt may have reached Magento
//     (its answer was lost, the process died, or a Magento 1 create stopped
//     between its customer and address calls), first look the email up in
//     the website and adopt the customer found instead of creating a
//     second one;
//   - in Magento: read it, merge three ways (base = the last state both
//     sides agreed on, local, remote; model.Merge), send the result if it
//     differs from Magento's or a password waits (sent with it where the
//     store can set one: connector.PasswordSetter), and save Magento's answer as the new base and
//     into the fields the person has not changed again meanwhile. Addresses
//     magecrm added that Magento already has (an earlier send's answer was
//     lost) are paired by content first, so they are not made twice; fields
//     the store does not answer (connector.Remote's Unread) count as
//     unchanged on its side.
//
// Sends are worked in batches (jobs.Worker claims up to 16 rounds of
// Concurrency jobs): a batch's customers are read from the database in
// one query when it is claimed (a customer saved again before its send is
// recorded is read again then, and stays waiting to be sent once more),
// and shortly before each round is sent (while the round before waits for
// the senders), on a store that can (a connector.BatchReader: Magento 2),
// its customers are read from Magento in one search by id instead of one
// read each. Not earlier: the PUT sends Magento's whole record back as
// read, so an admin's edit made in Magento after the read would be
// overwritten (a read older than preparedFor is not used; the send reads
// the customer again). The search's newsletter state is not
// trusted (2.3's has none; 2.4's is found by email alone, possibly another
// website's or a guest's): a customer whose newsletter changed in magecrm
// since the last agreed state is read on its own and its newsletter is
// sent whatever Magento seemed to hold; the others merge as if Magento had
// not changed it (the answer to the send brings Magento's value back). The
// outcomes are recorded a group at a time, one statement for the group's
// rows (store.RecordPushes).
//
// A refusal (validation) fails the job with Magento's message until a new
// save or Retry now; a customer Magento no longer has is marked removed and
// never re-created on its own; anything else is retried with backoff.
//
// Of magecrm, it imports only: connector, jobs, model and store.
package push
