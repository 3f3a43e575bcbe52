package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

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
	if add != "" || errors.As(err, &fe) {
		old, err := s.CRM.Contact(r.Context(), sess, id)
		if err != nil {
			s.serviceError(w, r, err)
			return
		}
		status := http.StatusUnprocessableEntity
		if add != "" {
			status = http.StatusOK
		}
		s.renderContactForm(w, r, status, old, shown, fe, add)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Contact "+c.Name()+" was saved.")
	http.Redirect(w, r, "/contacts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
