package web

import (
	"net/http"

	"magecrm/internal/acl"
	"magecrm/internal/model"
)

// unitList is the business units page: the tree, and whether units may be added.
type unitList struct {
	Units     []model.BusinessUnit
	CanCreate bool
}

func (s *Server) showBusinessUnitList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	units, err := s.CRM.BusinessUnits(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "business_unit_list", &view{Title: "Business units",
		Data: &unitList{Units: units, CanCreate: sess.Actor.Can(acl.BusinessUnitE, acl.Create)}})
}
