package crm

import (
	"fmt"
	"unicode/utf8"
)

// MaxFilterLength is the longest search or filter text. Longer text is
// refused with a message before it reaches the database, where a LIKE
// pattern that long fails ("LIKE pattern too complex" on SQLite).
const MaxFilterLength = 200

// FilterTooLong is the message for a search or filter text over
// MaxFilterLength.
var FilterTooLong = fmt.Sprintf("Use at most %d characters to search.", MaxFilterLength)

// checkFilters refuses search and filter texts, by field, that are longer
// than MaxFilterLength.
func checkFilters(texts map[string]string) error {
	fe := FieldErrors{}
	for field, s := range texts {
		if utf8.RuneCountInString(s) > MaxFilterLength {
			fe[field] = FilterTooLong
		}
	}
	return fe.orNil()
}
