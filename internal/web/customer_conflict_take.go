package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"magecrm/internal/crm"
)

// takeConflictValue is "Take the other value" of a listed conflict: the
// value that lost becomes the customer's, and is sent to Magento if
// Magento does not hold it.
func (s *Server) takeConflictValue(w http.ResponseWriter, r *http.Request) {
	s.settleConflict(w, r, s.CRM.TakeConflictValue,
		"The other value is now the customer's; it is sent to Magento where Magento does not hold it already.")
}

// settleConflict runs one way of settling a conflict and returns to the
// list the form was posted from (the channel's Conflicts, or the customer).
func (s *Server) settleConflict(w http.ResponseWriter, r *http.Request,
	settle func(ctx context.Context, sess *crm.Session, customerID, conflictID int64) error, done string) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	conflict, _ := strconv.ParseInt(r.PathValue("conflict"), 10, 64)
	back := "/customers/" + strconv.FormatInt(id, 10) + "#history"
	if ch, err := strconv.ParseInt(r.PostFormValue("channel"), 10, 64); err == nil && ch > 0 {
		back = "/channels/" + strconv.FormatInt(ch, 10) + "#conflicts"
	}
	err := settle(r.Context(), sessionOf(r), id, conflict)
	var refusal crm.Refusal
	switch {
	case errors.As(err, &refusal):
		flash(w, err.Error())
	case err != nil:
		s.customerError(w, r, err)
		return
	default:
		flash(w, done)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
