package web

import (
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// deleteBusinessUnit removes an empty unit; a unit with users or units
// below it stays, and its page says why.
func (s *Server) deleteBusinessUnit(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	u, err := s.CRM.BusinessUnit(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	err = s.CRM.DeleteBusinessUnit(r.Context(), sess, id)
	var refusal crm.Refusal
	if errors.As(err, &refusal) {
		s.renderUnitForm(w, r, http.StatusConflict, u, unitFormValues(u), crm.FieldErrors{"form": "Not deleted: " + refusal.Error() + "."})
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Business unit "+u.Name+" was deleted.")
	http.Redirect(w, r, "/system/business-units", http.StatusSeeOther)
}
