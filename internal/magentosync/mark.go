package magentosync

import (
	"time"

	"magecrm/internal/magento"
)

// aheadAllowance is how far past magecrm's clock (at the run's start) a
// record's updated_at may lie and still move an incremental mark. A record
// dated further ahead (a store that wrote local time as UTC, a bad
// migration) is imported, but the mark stays at the last record before it:
// moving the mark there would make every later run ask only for changes
// after that future time and miss all real ones until then. It is well
// under the default overlap, so a mark at most this far ahead still lets
// the next run read everything changed since (given clocks within the
// rest of the overlap).
const aheadAllowance = time.Minute

// markLimit is the latest updated_at a run that started at start lets its
// mark reach.
func markLimit(start time.Time) time.Time { return start.Add(aheadAllowance) }

// reachedMark is the position a stored page lets the mark move to: the
// page's end, or, when that lies after limit, the last of the page's
// records (ordered by updated_at, then id) that does not. It reports false
// when no record of the page is at or before limit.
func reachedMark(next magento.Mark, limit time.Time, marks []magento.Mark) (magento.Mark, bool) {
	if !next.UpdatedAt.After(limit) {
		return next, true
	}
	for i := len(marks) - 1; i >= 0; i-- {
		if !marks[i].UpdatedAt.After(limit) {
			return marks[i], true
		}
	}
	return magento.Mark{}, false
}

// customerMarks are the positions of a page's customers.
func customerMarks(cs []magento.Customer) []magento.Mark {
	ms := make([]magento.Mark, len(cs))
	for i := range cs {
		ms[i] = magento.Mark{UpdatedAt: cs[i].UpdatedAt, ID: cs[i].ID}
	}
	return ms
}

// orderMarks are the positions of a page's orders.
func orderMarks(os []magento.Order) []magento.Mark {
	ms := make([]magento.Mark, len(os))
	for i := range os {
		ms[i] = magento.Mark{UpdatedAt: os[i].UpdatedAt, ID: os[i].ID}
	}
	return ms
}
