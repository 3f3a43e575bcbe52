// Package jobs is magecrm's durable background work: an outbox on the
// database. Work is enqueued inside the transaction of the change that
// calls for it (Enqueue), so a change is never saved without its work nor
// the other way round, whatever dies when.
//
// A queue holds at most one open job per key (e.g. one per customer): a
// change to something whose work already waits updates that job, and a
// change made while it runs marks it to run once more, so work on one key
// never runs twice at once and never runs on stale data. A Worker works a
// queue while it holds the queue's lease in the database (one process per
// queue, across every process sharing the database), picks due jobs as
// soon as it is woken and at least every Poll, and records each job's
// outcome together with the handler's own writes: done jobs are deleted,
// retried ones wait with backoff, failed ones stay with their reason until
// a person retries them (RetryNow) or a new change enqueues the key again.
// Nothing is dropped silently.
//
// It imports only the standard library; store and the services use it.
package jobs
