package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) createContact(w http.ResponseWriter, r *http.Request) {
	in, shown := parseContactForm(r)
	if add := r.PostForm.Get("add"); add != "" {
		s.renderContactForm(w, r, http.StatusOK, nil, shown, nil, add)
		return
	}
	c, err := s.CRM.SaveContact(r.Context(), sessionOf(r), 0, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderContactForm(w, r, http.StatusUnprocessableEntity, nil, shown, fe, "")
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Contact "+c.Name()+" was saved.")
	http.Redirect(w, r, "/contacts/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}
