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
// Nothing is dropped silently. A worker may read what each round of a
// claimed batch needs in one go, shortly before the round runs (Prepare; what
// the record step checks again, once per batch: PrepareBatch), and
// write the outcomes of a group of jobs together (DoneWith and
// RecordGroup), so a job costs few statements.
//
// Why not River (github.com/riverqueue/river v0.51.2, with riversqlite and
// riverdatabasesql v0.51.2, on modernc.org/sqlite v1.62.0 and pgx v5.12.0's
// database/sql driver; tried on 2026-11-30): inserting jobs in the change's
// *sql.Tx, retries and working them held on both databases (200 jobs from
// 4 writers, 10% failing once: 2.8 s on SQLite, 0.9 s on PostgreSQL). What
// failed is work per key. Unique jobs must count "running" as a duplicate
// state (InsertOpts.UniqueOpts.ByState without it is refused: "UniqueOpts.
// ByState must contain all required states, missing: running"), so an edit
// saved while the customer's send runs is skipped (UniqueSkippedAsDuplicate)
// and would be lost; without uniqueness two sends of one customer ran at
// once (a second create, or an older PUT landing last). Per-key and global
// concurrency limits are River Pro features, and one sender per channel
// across processes (the lease the import also uses) has no counterpart.
// River would also bring its own migrations beside ours.
//
// It imports only the standard library; store and the services use it.
// Of magecrm, it imports nothing.
package jobs
