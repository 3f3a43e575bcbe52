package web

import (
	"net/http"

	"magecrm/internal/model"
)

// updateEntitySettings saves which activity kinds each entity offers.
func (s *Server) updateEntitySettings(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	settings := map[string]model.EntityKinds{}
	for _, e := range model.TargetEntities {
		settings[e] = model.EntityKinds{}
		for _, k := range r.PostForm["kinds."+e] {
			settings[e][model.ActivityKind(k)] = true
		}
	}
	if err := s.CRM.SetEntitySettings(r.Context(), sessionOf(r), settings); err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The entity settings were saved. Kinds turned off lose their buttons; their records stay listed.")
	http.Redirect(w, r, "/system/entities", http.StatusSeeOther)
}
