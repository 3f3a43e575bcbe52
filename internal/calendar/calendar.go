package calendar

import (
	"io"
	"strconv"

	ics "github.com/arran4/golang-ical"

	"magecrm/internal/model"
)

// Write writes events as one VCALENDAR named name; host makes each
// event's UID unique to this installation, base (the site's address, may
// be empty) links each event to its page.
func Write(w io.Writer, name, host, base string, events []model.Activity) error {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//magecrm//activities//EN")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	for i := range events {
		addEvent(cal, host, base, &events[i])
	}
	return cal.SerializeTo(w)
}

func addEvent(cal *ics.Calendar, host, base string, a *model.Activity) {
	id := strconv.FormatInt(a.ID, 10)
	e := cal.AddEvent("activity-" + id + "@" + host)
	e.SetDtStampTime(a.UpdatedAt)
	e.SetCreatedTime(a.CreatedAt)
	e.SetModifiedAt(a.UpdatedAt)
	if a.AllDay {
		e.SetAllDayStartAt(a.OccurredAt)
		e.SetAllDayEndAt(a.EndsAt)
	} else {
		e.SetStartAt(a.OccurredAt)
		e.SetEndAt(a.EndsAt)
	}
	e.SetSummary(a.Title())
	if a.Place != "" {
		e.SetLocation(a.Place)
	}
	if a.Body != "" {
		e.SetDescription(a.Body)
	}
	if base != "" {
		e.SetURL(base + "/activities/" + id)
	}
	for _, at := range a.Attendees {
		if at.Email == "" {
			continue
		}
		e.AddAttendee("mailto:"+at.Email, ics.WithCN(at.Name))
	}
}
