package web

import (
	"net/http"
	"slices"
	"strings"
)

// saveCustomerColumns remembers which grid columns the person wants.
func (s *Server) saveCustomerColumns(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	r.ParseForm()
	var keys []string
	for _, c := range customerColumns {
		if slices.Contains(r.PostForm["column"], c.Key) {
			keys = append(keys, c.Key)
		}
	}
	if len(keys) == 0 {
		flash(w, "Choose at least one column; the grid keeps the columns it had.")
	} else if err := s.CRM.SetPreference(r.Context(), sess, customerColumnsPreference, strings.Join(keys, ",")); err != nil {
		s.serviceError(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next"), "/customers"), http.StatusSeeOther)
}
