package web

import (
	"errors"
	"net/http"

	"magecrm/internal/crm"
)

// customerError answers a customer page's service error. A customer that
// does not exist and one outside the person's scope get the same 403, so
// the answer does not tell whether it exists.
func (s *Server) customerError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, crm.ErrNotFound) {
		s.renderError(w, r, http.StatusForbidden, "This customer does not exist or is not shared with you. Ask its owner or an administrator if you need it.")
		return
	}
	s.serviceError(w, r, err)
}
