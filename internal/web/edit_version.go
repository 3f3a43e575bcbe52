package web

import (
	"net/http"
	"strconv"
	"time"
)

// formVersion is the version an edit form was read at: its hidden field
// "version", the record's last change time in Unix milliseconds. It is
// zero (no check) when the form carries none.
func formVersion(r *http.Request) time.Time {
	ms, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// versionValue is the hidden field "version" of an edit form of a record
// last changed at t. A record with no change time stored (zero) has "0",
// which is still checked: formVersion reads it as the Unix epoch, stored
// as 0, never as the zero time that means no check.
func versionValue(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// staleNotice is what an edit form says above its fields when someone
// saved the record (what, now described by now) after the form was read:
// the fields keep what the person typed, and saving again replaces the
// other change knowingly.
func staleNotice(what, now string) string {
	return "Someone changed this " + what + " while you were editing it (" + now + "). What you entered is below: " +
		"save again to replace their change with yours, or cancel to see theirs."
}

// nowSaved describes a record as it is now for staleNotice: its name and
// when it was last saved.
func nowSaved(name string, at time.Time) string {
	return "it is now " + name + ", saved " + timeText(at)
}
