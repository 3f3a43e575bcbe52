package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// activityFormPage is what the form for adding or editing a note, call,
// task or event shows.
type activityFormPage struct {
	Kind     model.ActivityKind
	Record   *crm.ActivityRecord // on create
	Activity *model.Activity     // on edit
	Owners   []model.User
	Users    []model.User
	// AttendeeIDs are the users ticked as attendees.
	AttendeeIDs []int64
	// Back is where Cancel and Save lead.
	Back string
	// SizeLimit is the largest attachment accepted, in words.
	SizeLimit string
}

// activityFields are the form fields kept and shown again after an error.
var activityFields = []string{"subject", "body", "when", "phone", "direction", "minutes", "due", "remind", "priority",
	"status", "owner", "end", "all_day", "place", "invite_records", "also_contact", "also_account", "version"}

// parseActivityForm reads the form into the service's input and the
// values to show again.
func parseActivityForm(r *http.Request) (crm.ActivityInput, url.Values) {
	r.ParseForm()
	f := r.PostForm
	in := crm.ActivityInput{Kind: model.ActivityKind(f.Get("kind")), Subject: f.Get("subject"), Body: f.Get("body"),
		When: f.Get("when"), Phone: f.Get("phone"), Incoming: f.Get("direction") == model.CallIncoming,
		Minutes: f.Get("minutes"), Due: f.Get("due"), Remind: f.Get("remind"), Priority: f.Get("priority"),
		Status: f.Get("status"), End: f.Get("end"), AllDay: f.Get("all_day") != "", Place: f.Get("place"),
		InviteRecords: f.Get("invite_records") != "", Version: formVersion(r)}
	in.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	for _, v := range f["attendee"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.AttendeeUserIDs = append(in.AttendeeUserIDs, id)
		}
	}
	id, _ := strconv.ParseInt(f.Get("entity_id"), 10, 64)
	if id != 0 {
		in.Targets = append(in.Targets, model.ActivityTarget{Entity: f.Get("entity"), EntityID: id})
	}
	for entity, key := range map[string]string{model.TargetContact: "also_contact", model.TargetAccount: "also_account"} {
		if id, _ := strconv.ParseInt(f.Get(key), 10, 64); id != 0 {
			in.Targets = append(in.Targets, model.ActivityTarget{Entity: entity, EntityID: id})
		}
	}
	shown := url.Values{}
	for _, k := range activityFields {
		shown.Set(k, f.Get(k))
	}
	shown["attendee"] = f["attendee"]
	return in, shown
}

// activityFormValues fills the edit form from a saved activity.
func activityFormValues(a *model.Activity) url.Values {
	v := url.Values{"subject": {a.Subject}, "body": {a.Body}, "phone": {a.Phone}, "direction": {a.Direction},
		"priority": {a.Priority}, "status": {a.Status}, "place": {a.Place},
		"owner": {strconv.FormatInt(a.OwnerUserID, 10)}, "version": {versionValue(a.UpdatedAt)}}
	if a.Duration > 0 {
		v.Set("minutes", strconv.Itoa(int(a.Duration.Minutes())))
	}
	switch a.Kind {
	case model.KindCall:
		v.Set("when", inputTime(a.OccurredAt))
	case model.KindTask:
		v.Set("due", inputTime(a.DueAt))
		v.Set("remind", inputTime(a.RemindAt))
	case model.KindEvent:
		v.Set("when", inputTime(a.OccurredAt))
		v.Set("end", inputTime(a.EndsAt))
		if a.AllDay {
			v.Set("all_day", "1")
			v.Set("end", inputTime(a.EndsAt.AddDate(0, 0, -1)))
		}
	}
	for _, at := range a.Attendees {
		if at.UserID != 0 {
			v.Add("attendee", strconv.FormatInt(at.UserID, 10))
		} else {
			v.Set("invite_records", "1")
		}
	}
	return v
}

// renderActivityForm shows the form for f with what was typed and what is wrong.
func (s *Server) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, f *activityFormPage, form url.Values, fe crm.FieldErrors) {
	for _, v := range form["attendee"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			f.AttendeeIDs = append(f.AttendeeIDs, id)
		}
	}
	if form.Get("priority") == "" {
		form.Set("priority", "normal")
	}
	if form.Get("owner") == "" {
		form.Set("owner", strconv.FormatInt(sessionOf(r).User.ID, 10))
	}
	if s.CRM.Files != nil {
		f.SizeLimit = byteSize(s.CRM.Files.MaxSize)
	}
	title := "New " + f.Kind.Label()
	if f.Activity != nil {
		title = "Edit " + f.Activity.Title()
	}
	s.render(w, r, status, "activity_form", &view{Title: title, Form: form, Errors: fe, Data: f})
}
