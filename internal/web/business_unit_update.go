package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// updateBusinessUnit renames a unit and moves it below another. A move
// the tree does not allow (below itself, or of the top unit) is shown
// next to the parent field. A change someone saved after the form was
// read shows the form again with what was typed, saying so.
func (s *Server) updateBusinessUnit(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	name, parentID, shown := parseUnitForm(r)
	err := s.CRM.UpdateBusinessUnit(r.Context(), sess, id, parentID, name, formVersion(r))
	var fe crm.FieldErrors
	var refusal crm.Refusal
	switch {
	case errors.Is(err, crm.ErrStale):
	case errors.As(err, &refusal):
		fe = crm.FieldErrors{"parent": "Not moved: " + refusal.Error() + "."}
	case errors.As(err, &fe):
	case err != nil:
		s.serviceError(w, r, err)
		return
	default:
		flash(w, "Business unit "+shown.Get("name")+" was saved.")
		http.Redirect(w, r, "/system/business-units", http.StatusSeeOther)
		return
	}
	u, lerr := s.CRM.BusinessUnit(r.Context(), sess, id)
	if lerr != nil {
		s.serviceError(w, r, lerr)
		return
	}
	status := http.StatusUnprocessableEntity
	if errors.Is(err, crm.ErrStale) {
		status, fe = http.StatusConflict, crm.FieldErrors{"version": staleNotice("business unit", "it is now named "+u.Name)}
		shown.Set("version", versionValue(u.UpdatedAt))
	}
	s.renderUnitForm(w, r, status, u, shown, fe)
}
