package magento

import (
	"fmt"
	"time"
)

// Magento writes created_at/updated_at as UTC "Y-m-d H:i:s" with no zone.
const timeLayout = "2006-01-02 15:04:05"

// FormatTime writes t in Magento's UTC "Y-m-d H:i:s" form, as filters expect.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// Date is a calendar date without time or zone (Magento's dob).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String writes d as "YYYY-MM-DD", or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalText writes "YYYY-MM-DD", or "" when unset.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// ParseDate reads "YYYY-MM-DD" (a trailing " 00:00:00", as some releases
// send, is accepted) and checks that the day exists.
func ParseDate(s string) (Date, error) {
	b := []byte(s)
	d, ok := parseDate(b)
	if !ok {
		return Date{}, fmt.Errorf("invalid date %q", s)
	}
	return d, nil
}

func parseDate(b []byte) (Date, bool) {
	if len(b) == len(timeLayout) && string(b[10:]) == " 00:00:00" {
		b = b[:10]
	}
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return Date{}, false
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || y == 0 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}

// parseTime reads "YYYY-MM-DD HH:MM:SS" (or with a "T") as UTC without the
// cost of time.Parse: a page holds thousands of them.
func parseTime(b []byte) (time.Time, bool) {
	if len(b) != len(timeLayout) || (b[10] != ' ' && b[10] != 'T') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	d, ok := parseDate(b[:10])
	h, ok1 := digits(b[11:13])
	mi, ok2 := digits(b[14:16])
	s, ok3 := digits(b[17:19])
	if !ok || !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	return time.Date(d.Year, d.Month, d.Day, h, mi, s, 0, time.UTC), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
