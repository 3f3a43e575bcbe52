package store

import "context"

// GridPaths names the ways pageIDs finds q's page, taking the same
// decisions on the same data (walksSort, arms, pinsSort, pinsArmOrder,
// armLarger, boundedWalk, banded, findBand), for a test to show that each way was
// taken at least once. It reads what pageIDs reads and returns no page.
func (s *Store) GridPaths(ctx context.Context, q CustomerQuery) ([]string, error) {
	walk, budget, err := s.walksSort(ctx, q)
	if err != nil {
		return nil, err
	}
	arms, err := s.arms(ctx, q, walk)
	if err != nil {
		return nil, err
	}
	switch {
	case arms != nil:
		return s.armPaths(ctx, q, arms, budget)
	case q.unfiltered():
		return []string{"unfiltered walk"}, nil
	case walk && budget > 0 && sortJoins[q.sortKey()] == "":
		return s.walkPaths(ctx, q, budget)
	case walk && q.pinsSort():
		return []string{"pinned stretch"}, nil
	case walk && sortJoins[q.sortKey()] != "":
		return []string{"walk with the join (too many arms)"}, nil
	case walk:
		return []string{"walk without budget"}, nil
	}
	return []string{"filter's index"}, nil
}

// armPaths names how a page read arm by arm is found.
func (s *Store) armPaths(ctx context.Context, q CustomerQuery, arms []string, budget int) ([]string, error) {
	kind := "related-name arms"
	if col, ok := valueSorts[q.sortKey()]; ok {
		kind = "value arms"
		if col == "" {
			kind = "place arms"
		}
	}
	paths := []string{kind}
	if q.pinsArmOrder() {
		return append(paths, "arms pinned by updated"), nil
	}
	for _, arm := range arms {
		large, err := s.armLarger(ctx, &armRead{q: &q, d: s.DB.Dialect, arm: arm, budget: budget})
		if err != nil {
			return nil, err
		}
		if large {
			return append(paths, "large arm walked within budget"), nil
		}
	}
	return paths, nil
}

// walkPaths names how a bounded walk of the sort's index ends.
func (s *Store) walkPaths(ctx context.Context, q CustomerQuery, budget int) ([]string, error) {
	paths := []string{"bounded walk"}
	ids, err := s.boundedWalk(ctx, q, budget)
	if err != nil || len(ids) == max(q.Limit, 1) {
		return paths, err
	}
	if q.sortKey() == "id" && q.banded() {
		paths = append(paths, "id band")
		if err := s.findBand(ctx, &q); err != nil {
			return nil, err
		}
		if ids, err = s.boundedWalk(ctx, q, budget); err != nil || len(ids) == max(q.Limit, 1) {
			return paths, err
		}
	}
	return append(paths, "walk short: all matches"), nil
}
