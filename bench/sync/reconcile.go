package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"magecrm/internal/connector"

	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
)

// reconcile makes p.changes address-only edits, newsletter changes and
// deletions in Magento (none of which moves updated_at), then times a run
// that reconciles every customer.
func (s *side) reconcile(p params) {
	n := s.sim.CustomerCount()
	step := max(1, n/(3*p.changes+1))
	id := 0
	next := func() int { id += step; return id }
	for i := range p.changes {
		check(s.sim.EditAddressOnly(next(), magesim.AddressEdit{Street: fmt.Sprintf("%d Reconcile Road", i+1)}))
		c, _ := s.sim.Customer(next())
		check(s.sim.SetSubscription(c.ID, !c.Subscribed))
		check(s.sim.DeleteCustomer(next()))
	}
	s.res.readOnly = readAll(s)
	start := time.Now()
	sum, err := s.eng.Run(context.Background(), s.ch.ID, magentosync.RunOptions{Reconcile: true})
	check(err)
	s.res.reconcile = time.Since(start)
	s.res.found = fmt.Sprintf("%d updated, %d removed", sum.Updated, sum.Removed)
	if sum.Updated != 2*p.changes || sum.Removed != p.changes {
		fmt.Fprintf(os.Stderr, "%s: the reconciliation found %s; want %d updated, %d removed\n", s.name, s.res.found, 2*p.changes, p.changes)
		os.Exit(1)
	}
}

// readAll times reading every customer in the id windows reconciliation
// reads, decoded and dropped: the reading's own share of its time.
func readAll(s *side) time.Duration {
	src, err := connector.OpenSource(s.ch, slog.New(slog.DiscardHandler))
	check(err)
	pager := src.AllCustomers(0, 1000)
	start := time.Now()
	for {
		_, err := pager.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return time.Since(start)
		}
		check(err)
	}
}
