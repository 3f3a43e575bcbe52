package web

import (
	"fmt"
	"html/template"
	"time"

	"magecrm/internal/model"
	"magecrm/internal/richtext"
)

// activityFuncs are the template functions of activity pages.
var activityFuncs = template.FuncMap{
	"markdown":    richtext.HTML,
	"minutes":     func(d time.Duration) int { return int(d / time.Minute) },
	"statusLabel": model.StatusLabel,
	"eventTime":   eventTime,
	"emailState":  emailState,
	"bytes":       byteSize,
	"inputTime":   inputTime,
	"targetLabel": model.TargetLabel,
	"field": func(v *view, name, label, typ string) activityField {
		return activityField{View: v, Name: name, Label: label, Type: typ}
	},
	"subjectLabel": subjectLabel,
	"bodyLabel":    bodyLabel,
	"priorities":   func() []string { return model.TaskPriorities },
	"statuses":     func() []string { return model.TaskStatuses },
}

// activityField is one input of an activity form, for the activity-input template.
type activityField struct {
	View              *view
	Name, Label, Type string
}

// inputTime fills a datetime-local field (UTC).
func inputTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04")
}

// subjectLabel names the subject field of a kind's form.
func subjectLabel(k model.ActivityKind) string {
	if k == model.KindEvent {
		return "Title"
	}
	return "Subject"
}

// bodyLabel names the text field of a kind's form.
func bodyLabel(k model.ActivityKind) string {
	switch k {
	case model.KindNote:
		return "Note"
	case model.KindCall:
		return "Notes"
	case model.KindAttachment:
		return "Comment"
	case model.KindEmail:
		return "Message"
	}
	return "Description"
}

// eventTime shows when an event is: its days when all day, else its start and end.
func eventTime(a *model.Activity) string {
	if a.AllDay {
		last := a.EndsAt.AddDate(0, 0, -1)
		if !last.After(a.OccurredAt) {
			return a.OccurredAt.Format("2006-01-02") + " (all day)"
		}
		return a.OccurredAt.Format("2006-01-02") + " – " + last.Format("2006-01-02") + " (all day)"
	}
	end := a.EndsAt.Format("15:04")
	if a.EndsAt.YearDay() != a.OccurredAt.YearDay() || a.EndsAt.Year() != a.OccurredAt.Year() {
		end = a.EndsAt.Format("2006-01-02 15:04")
	}
	return a.OccurredAt.Format("2006-01-02 15:04") + " – " + end + " UTC"
}

// emailState says where an email is in its delivery.
func emailState(a *model.Activity) string {
	switch a.EmailState {
	case model.EmailSent:
		return "sent " + a.EmailSentAt.Format("2006-01-02 15:04 UTC")
	case model.EmailQueued:
		if a.EmailAttempts > 0 {
			return fmt.Sprintf("not sent yet: attempt %d failed (%s); trying again at %s", a.EmailAttempts, a.EmailError,
				a.EmailNextAt.Format("15:04 UTC"))
		}
		return "waiting to be sent"
	case model.EmailFailed:
		return "not sent: " + a.EmailError
	}
	return a.EmailState
}

// byteSize shows a file size in B, KB or MB.
func byteSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
