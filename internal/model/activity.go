package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// ActivityKind is what sort of activity one is.
type ActivityKind string

// The activity kinds.
const (
	KindNote       ActivityKind = "note"
	KindCall       ActivityKind = "call"
	KindEmail      ActivityKind = "email"
	KindTask       ActivityKind = "task"
	KindEvent      ActivityKind = "event"
	KindAttachment ActivityKind = "attachment"
)

// ActivityKinds lists every kind in the order pages offer them.
var ActivityKinds = []ActivityKind{KindNote, KindCall, KindEmail, KindTask, KindEvent, KindAttachment}

// Valid reports whether k is one of the defined kinds.
func (k ActivityKind) Valid() bool { return slices.Contains(ActivityKinds, k) }

// Label names the kind in the pages.
func (k ActivityKind) Label() string {
	switch k {
	case KindNote:
		return "Note"
	case KindCall:
		return "Call"
	case KindEmail:
		return "Email"
	case KindTask:
		return "Task"
	case KindEvent:
		return "Calendar event"
	case KindAttachment:
		return "Attachment"
	}
	return string(k)
}

// Entities activities can be attached to, as activity targets name them.
const (
	TargetCustomer = "magento_customer"
	TargetContact  = "contact"
	TargetAccount  = "account"
)

// TargetEntities lists the entities activities attach to.
var TargetEntities = []string{TargetCustomer, TargetContact, TargetAccount}

// TargetLabel names a target entity in the pages.
func TargetLabel(entity string) string {
	switch entity {
	case TargetCustomer:
		return "Magento customers"
	case TargetContact:
		return "Contacts"
	case TargetAccount:
		return "Accounts"
	}
	return entity
}

// Task statuses and priorities.
const (
	TaskOpen       = "open"
	TaskInProgress = "in_progress"
	TaskDone       = "done"
)

// TaskStatuses lists a task's statuses in order.
var TaskStatuses = []string{TaskOpen, TaskInProgress, TaskDone}

// TaskPriorities lists a task's priorities, lowest first.
var TaskPriorities = []string{"low", "normal", "high"}

// Call directions.
const (
	CallOutgoing = "out"
	CallIncoming = "in"
)

// Email delivery states.
const (
	EmailQueued = "queued"
	EmailSent   = "sent"
	EmailFailed = "failed"
)

// ActivityTarget is one record an activity is about.
type ActivityTarget struct {
	Entity   string
	EntityID int64
	Name     string // filled by reads for display
}

// Href is the target's page.
func (t ActivityTarget) Href() string {
	switch t.Entity {
	case TargetCustomer:
		return "/customers/" + strconv.FormatInt(t.EntityID, 10)
	case TargetContact:
		return "/contacts/" + strconv.FormatInt(t.EntityID, 10)
	case TargetAccount:
		return "/accounts/" + strconv.FormatInt(t.EntityID, 10)
	}
	return ""
}

// Attendee is one person invited to a calendar event: a user (UserID) or
// the customer or contact it concerns (Entity, EntityID).
type Attendee struct {
	UserID   int64
	Entity   string
	EntityID int64
	Name     string
	Email    string
}

// Activity is a note, call, email, task, calendar event or attachment,
// about one or more records.
type Activity struct {
	ID             int64
	OrganizationID int64
	// OwnerUserID is who the activity belongs to for access rules: a
	// task's assignee, otherwise its author.
	OwnerUserID     int64
	CreatedByUserID int64
	Kind            ActivityKind
	Subject         string
	Body            string // Markdown (notes, descriptions, an email's text)
	// OccurredAt orders the timeline: a call's time, an event's start,
	// otherwise when the activity was written.
	OccurredAt time.Time
	// Call.
	Phone     string
	Direction string
	Duration  time.Duration
	// Task.
	DueAt    time.Time
	Priority string
	Status   string
	RemindAt time.Time
	// Event.
	EndsAt time.Time
	AllDay bool
	Place  string
	// Email.
	EmailFrom, EmailTo string
	EmailState         string
	EmailError         string
	EmailAttempts      int
	EmailNextAt        time.Time
	EmailSentAt        time.Time

	CreatedAt time.Time
	UpdatedAt time.Time

	Targets   []ActivityTarget
	Attendees []Attendee
	// Filled by reads for display.
	OwnerName     string
	CreatedByName string
	CommentCount  int
	Attachment    *Attachment
}

// Title is the activity's one-line summary.
func (a *Activity) Title() string {
	if s := strings.TrimSpace(a.Subject); s != "" {
		return s
	}
	switch a.Kind {
	case KindNote:
		line, _, _ := strings.Cut(strings.TrimSpace(a.Body), "\n")
		if len(line) > 80 {
			line = line[:80] + "…"
		}
		if line != "" {
			return line
		}
	case KindAttachment:
		if a.Attachment != nil {
			return a.Attachment.FileName
		}
	}
	return a.Kind.Label()
}

// OpenTask reports whether the activity is a task not done yet.
func (a *Activity) OpenTask() bool { return a.Kind == KindTask && a.Status != TaskDone }

// Overdue reports whether an open task's due time has passed at now.
func (a *Activity) Overdue(now time.Time) bool {
	return a.OpenTask() && !a.DueAt.IsZero() && a.DueAt.Before(now)
}

// ReminderDue reports whether an open task's reminder time has come at now.
func (a *Activity) ReminderDue(now time.Time) bool {
	return a.OpenTask() && !a.RemindAt.IsZero() && !a.RemindAt.After(now)
}

// StatusLabel names a task status in the pages.
func StatusLabel(status string) string {
	switch status {
	case TaskOpen:
		return "Open"
	case TaskInProgress:
		return "In progress"
	case TaskDone:
		return "Done"
	}
	return status
}

// ActivityComment is a remark someone wrote on an activity.
type ActivityComment struct {
	ID           int64
	ActivityID   int64
	AuthorUserID int64
	Body         string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	AuthorName   string // filled by reads
}

// Attachment is a file uploaded as an attachment activity.
type Attachment struct {
	ID          int64
	ActivityID  int64
	FileName    string
	ContentType string
	Size        int64
	// StorageName is the file's name in the attachments folder: random,
	// never derived from what the uploader called it.
	StorageName string
	CreatedAt   time.Time
}

// ActivitySummary is what the customer grid shows of a record's activities.
type ActivitySummary struct {
	LastActivityAt time.Time
	OpenTasks      int
}

// EntityKinds is which activity kinds an entity offers (System → Entities).
type EntityKinds map[ActivityKind]bool

// AllKinds returns settings with every kind on.
func AllKinds() EntityKinds {
	k := EntityKinds{}
	for _, kind := range ActivityKinds {
		k[kind] = true
	}
	return k
}

// List returns the kinds that are on, in ActivityKinds' order.
func (k EntityKinds) List() []ActivityKind {
	var out []ActivityKind
	for _, kind := range ActivityKinds {
		if k[kind] {
			out = append(out, kind)
		}
	}
	return out
}
