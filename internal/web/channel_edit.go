package web

import (
	"net/http"
	"strconv"
)

func (s *Server) showChannelEdit(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	ch, err := s.CRM.Channel(r.Context(), sess, id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	perm, err := s.CRM.ChannelPermissions(r.Context(), sess, ch)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if !perm.Edit {
		s.renderError(w, r, http.StatusForbidden, "You may view this channel but not change it. Ask an administrator if you need to.")
		return
	}
	s.renderChannelForm(w, r, http.StatusOK, ch, channelFormValues(ch), nil, nil)
}
