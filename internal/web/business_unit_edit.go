package web

import (
	"net/http"
	"strconv"
)

func (s *Server) showBusinessUnitEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	u, err := s.CRM.BusinessUnit(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.renderUnitForm(w, r, http.StatusOK, u, unitFormValues(u), nil)
}
