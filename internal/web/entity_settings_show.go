package web

import (
	"net/http"

	"magecrm/internal/model"
)

// entitySettingsPage is System → Entities: which activity kinds each
// entity offers.
type entitySettingsPage struct {
	Settings map[string]model.EntityKinds
}

// Entities lists the entities in order.
func (p *entitySettingsPage) Entities() []string { return model.TargetEntities }

// Kinds lists the activity kinds in order.
func (p *entitySettingsPage) Kinds() []model.ActivityKind { return model.ActivityKinds }

// On reports whether an entity offers a kind.
func (p *entitySettingsPage) On(entity string, kind model.ActivityKind) bool {
	return p.Settings[entity][kind]
}

func (s *Server) showEntitySettings(w http.ResponseWriter, r *http.Request) {
	settings, err := s.CRM.EntitySettings(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "entity_settings", &view{Title: "Entities", Data: &entitySettingsPage{Settings: settings}})
}
