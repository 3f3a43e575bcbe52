package web

import (
	"errors"
	"net/http"

	"magecrm/internal/crm"
)

// createCustomerView saves the grid's state as a named view and opens it.
func (s *Server) createCustomerView(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	v, err := s.CRM.SaveCustomerView(r.Context(), sessionOf(r), crm.ViewInput{Name: f.Get("view_name"), Query: f.Get("query"),
		Columns: f.Get("columns"), Shared: f.Get("shared") == "on", Default: f.Get("default") == "on"})
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		flash(w, "The view was not saved: "+fe["view_name"])
		http.Redirect(w, r, safeNext("/customers?"+f.Get("query"), "/customers"), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "Saved the view “"+v.Name+"”.")
	http.Redirect(w, r, viewURL(v.ID), http.StatusSeeOther)
}
