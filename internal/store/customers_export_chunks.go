package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"magecrm/internal/db"
	"magecrm/internal/model"
)

// A large export from SQLite is read in chunks of its order, two at a time on two
// connections, and written chunk by chunk in order. One connection reads
// rows in the sort's order at about the pace the CSV is written: a
// CPU profile of 1,000,000 rows on SQLite showed three quarters of the
// export's CPU in reading (a table lookup per row, the driver's column
// calls) on one core while the other wrote. Both connections read one
// snapshot, so the chunks add up to what one query would have read.
//
// A chunk is the rows after one boundary up to the next: a boundary is the
// sort's terms and the id of a row, found from the one before by skipping
// exportChunk rows along the sort's index (LIMIT 1 OFFSET), and a chunk is
// read by a range on the same terms. An export with filters (its rows are
// found by the filter's index, not along the sort's), sorted by a related
// name or by the newsletter (whose NULL does not compare), or of fewer than
// two chunks is read in one query.

// exportChunk is how many rows a chunk holds (a variable for tests, which
// read a few customers in many chunks).
var exportChunk = 10_000

// exportReaders is how many chunks are read at once.
const exportReaders = 2

// chunkBatches is how many batches a chunk holds: its channel holds them
// all, so the reader of the next chunk reads it whole while the one before
// is written. With room for two batches only, it waited for the chunk
// before to be written after its first thousand rows, and one reader
// worked at a time.
func chunkBatches() int { return exportChunk/exportBatch + 1 }

// chunkPlan hands out the chunks in order.
type chunkPlan struct {
	q     *CustomerQuery
	terms []string // the sort's terms, then c.id
	where string
	args  []any

	mu    sync.Mutex
	last  []any // the boundary the next chunk starts after; nil at the start
	done  bool
	order chan chan []model.Customer // each chunk's batches, in the export's order
}

// readExportChunks reads the export in chunks when its sort allows and
// it is large; it reports whether it did.
func (s *Store) readExportChunks(ctx context.Context, q CustomerQuery, flow *exportFlow) (bool, error) {
	key := q.sortKey()
	// PostgreSQL reads in its own process, and one query's stream keeps up
	// with a bare SELECT; a chunk bounded on both sides it read by a
	// sequential scan and a sort (200 ms a chunk at 1,000,000 customers).
	if s.DB.Dialect != db.SQLite || !q.unfiltered() || sortJoins[key] != "" || key == "newsletter" {
		return false, nil
	}
	if n, err := s.CountCustomers(ctx, q); err != nil || n <= 2*exportChunk {
		return false, err
	}
	txs, err := s.snapshotReaders(ctx)
	if err != nil {
		return false, err
	}
	defer func() {
		for _, tx := range txs {
			tx.Rollback()
		}
	}()
	where, args := q.where(s.DB.Dialect, false)
	p := &chunkPlan{q: &q, terms: append(append([]string{}, CustomerSorts[key]...), "c.id"), where: where, args: args,
		order: make(chan chan []model.Customer, exportReaders)}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(txs))
	var wg sync.WaitGroup
	for _, tx := range txs {
		wg.Go(func() {
			if err := p.read(ctx, tx, s.DB.Dialect, flow); err != nil {
				errs <- err
				cancel()
			}
		})
	}
	go func() {
		wg.Wait()
		close(p.order)
	}()
	for chunk := range p.order {
		for batch := range chunk {
			if !send(ctx, flow.full, batch) {
				break
			}
		}
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return true, fmt.Errorf("export customers: %w", err)
	}
	return true, ctx.Err()
}

// snapshotReaders opens exportReaders read transactions that see one
// snapshot of the database: a write transaction held while they start
// keeps any commit from falling between them, and a deferred transaction
// takes its snapshot at its first read.
func (s *Store) snapshotReaders(ctx context.Context) (txs []*sql.Tx, err error) {
	defer func() {
		if err != nil {
			for _, tx := range txs {
				tx.Rollback()
			}
		}
	}()
	lock, err := s.DB.BeginTx(ctx, nil) // BEGIN IMMEDIATE: no commit until the readers have started
	if err != nil {
		return nil, err
	}
	defer lock.Rollback()
	for range exportReaders {
		tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return txs, err
		}
		txs = append(txs, tx)
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM sqlite_master LIMIT 1").Scan(&one); err != nil {
			return txs, err
		}
	}
	return txs, nil
}

// read reads chunks on tx until none is left.
func (p *chunkPlan) read(ctx context.Context, tx *sql.Tx, d db.Dialect, flow *exportFlow) error {
	for {
		cond, args, out, err := p.next(ctx, tx, d)
		if err != nil || out == nil {
			return err
		}
		err = p.readChunk(ctx, tx, d, cond, args, flow, out)
		close(out)
		if err != nil {
			return err
		}
	}
}

// next takes the next chunk: its condition and arguments, and the channel
// its batches go to (nil when no chunk is left).
func (p *chunkPlan) next(ctx context.Context, tx *sql.Tx, d db.Dialect) (string, []any, chan []model.Customer, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return "", nil, nil, nil
	}
	args := append([]any{}, p.args...)
	var conds []string
	if p.last != nil {
		conds = append(conds, p.compare(p.after(), p.last, &args))
	}
	end, err := p.boundary(ctx, tx, d)
	if err != nil {
		return "", nil, nil, err
	}
	if end == nil {
		p.done = true
	} else {
		conds = append(conds, p.compare(p.upTo(), end, &args))
	}
	p.last = end
	out := make(chan []model.Customer, chunkBatches())
	select {
	case p.order <- out:
	case <-ctx.Done():
		return "", nil, nil, ctx.Err()
	}
	return strings.Join(conds, " AND "), args, out, nil
}

// after and upTo are the comparisons of a row with the boundaries around
// its chunk, in the export's direction.
func (p *chunkPlan) after() string {
	if p.q.Desc {
		return "<"
	}
	return ">"
}

func (p *chunkPlan) upTo() string {
	if p.q.Desc {
		return ">="
	}
	return "<="
}

// compare is the row value comparison of the sort's terms with a boundary.
func (p *chunkPlan) compare(op string, bound []any, args *[]any) string {
	ph := make([]string, len(bound))
	for i, v := range bound {
		*args = append(*args, v)
		ph[i] = fmt.Sprintf("$%d", len(*args))
	}
	return "(" + strings.Join(p.terms, ", ") + ") " + op + " (" + strings.Join(ph, ", ") + ")"
}

// boundary finds the last row of the next chunk: exportChunk rows after
// p.last, or nil when fewer are left.
func (p *chunkPlan) boundary(ctx context.Context, tx *sql.Tx, d db.Dialect) ([]any, error) {
	args := append([]any{}, p.args...)
	where := p.where
	if p.last != nil {
		where += " AND " + p.compare(p.after(), p.last, &args)
	}
	order, _ := p.q.orderBy(d, false)
	vals := make([]any, len(p.terms))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT %s FROM magento_customers c WHERE %s ORDER BY %s LIMIT 1 OFFSET %d",
		strings.Join(p.terms, ", "), where, order, exportChunk-1), args...).Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return vals, err
}

// readChunk reads one chunk's rows into its channel.
func (p *chunkPlan) readChunk(ctx context.Context, tx *sql.Tx, d db.Dialect, cond string, args []any, flow *exportFlow,
	out chan<- []model.Customer) error {
	where := p.where
	if cond != "" {
		where += " AND " + cond
	}
	order, _ := p.q.orderBy(d, false)
	rows, err := tx.QueryContext(ctx, exportColumns+" WHERE "+where+" ORDER BY "+order, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return flow.scan(ctx, rows, out)
}
