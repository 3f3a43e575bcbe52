package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// updateContact saves the contact form, or with add shows it again with
// one more slot of a list. A mistake, or a change someone saved after the
// form was read, shows the form again with what was typed.
func (s *Server) updateContact(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	in, shown := parseContactForm(r)
	add := r.PostForm.Get("add")
	var c *model.Contact
	var err error
	if add == "" {
		c, err = s.CRM.SaveContact(r.Context(), sess, id, in)
	}
	var fe crm.FieldErrors
	stale := errors.Is(err, crm.ErrStale)
	if add == "" && !stale && !errors.As(err, &fe) {
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		flash(w, "Contact "+c.Name()+" was saved.")
		http.Redirect(w, r, "/contacts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	old, err := s.CRM.Contact(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	switch {
	case add != "":
		status = http.StatusOK
	case stale:
		status, fe = http.StatusConflict, crm.FieldErrors{"version": staleNotice("contact", nowSaved(old.Name(), old.UpdatedAt))}
		shown.Set("version", versionValue(old.UpdatedAt))
	}
	s.renderContactForm(w, r, status, old, shown, fe, add)
}
