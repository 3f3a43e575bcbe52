package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

func (s *Server) createBusinessUnit(w http.ResponseWriter, r *http.Request) {
	name, parentID, shown := parseUnitForm(r)
	id, err := s.CRM.CreateBusinessUnit(r.Context(), sessionOf(r), parentID, name)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderUnitForm(w, r, http.StatusUnprocessableEntity, nil, shown, fe)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Business unit "+shown.Get("name")+" was created.")
	http.Redirect(w, r, "/system/business-units/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
