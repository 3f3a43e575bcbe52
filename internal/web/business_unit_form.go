package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// unitForm is what the business unit page shows: the unit (nil on
// create), the units it may be placed below, and what the actor may do.
type unitForm struct {
	Unit      *model.BusinessUnit
	Units     []model.BusinessUnit
	CanEdit   bool
	CanDelete bool
}

// parseUnitForm reads a posted business unit form (and, on an edit, the
// version it was read at: formVersion).
func parseUnitForm(r *http.Request) (name string, parentID int64, shown url.Values) {
	r.ParseForm()
	name = r.PostForm.Get("name")
	parentID, _ = strconv.ParseInt(r.PostForm.Get("parent"), 10, 64)
	return name, parentID, url.Values{"name": {name}, "parent": {r.PostForm.Get("parent")}, "version": {r.PostForm.Get("version")}}
}

// renderUnitForm shows the business unit page with the tree to choose a
// parent from.
func (s *Server) renderUnitForm(w http.ResponseWriter, r *http.Request, status int, u *model.BusinessUnit, form url.Values, fe crm.FieldErrors) {
	sess := sessionOf(r)
	units, err := s.CRM.BusinessUnits(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	f := &unitForm{Unit: u, Units: units, CanEdit: true}
	title := "New business unit"
	if u != nil {
		rec := acl.Record{OwnerBusinessUnitID: u.ID, OrganizationID: u.OrganizationID}
		f.CanEdit = sess.Actor.Decide(acl.BusinessUnitE, acl.Edit, rec)
		f.CanDelete = u.ParentID != 0 && sess.Actor.Decide(acl.BusinessUnitE, acl.Delete, rec)
		title = "Business unit " + u.Name
	}
	s.render(w, r, status, "business_unit_form", &view{Title: title, Form: form, Errors: fe, Data: f})
}

// unitFormValues fills a form with a unit's saved values and version.
func unitFormValues(u *model.BusinessUnit) url.Values {
	return url.Values{"name": {u.Name}, "parent": {strconv.FormatInt(u.ParentID, 10)}, "version": {versionValue(u.UpdatedAt)}}
}
