package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"magecrm/internal/crm"
)

// updateBusinessUnit renames a unit and moves it below another. A move
// the tree does not allow (below itself, or of the top unit) is shown
// next to the parent field.
func (s *Server) updateBusinessUnit(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	name, parentID, shown := parseUnitForm(r)
	err := s.CRM.UpdateBusinessUnit(r.Context(), sess, id, parentID, name, time.Time{})
	var fe crm.FieldErrors
	var refusal crm.Refusal
	switch {
	case errors.Is(err, crm.ErrStale):
		fe = crm.FieldErrors{"name": err.Error()}
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
	u, err := s.CRM.BusinessUnit(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.renderUnitForm(w, r, http.StatusUnprocessableEntity, u, shown, fe)
}
