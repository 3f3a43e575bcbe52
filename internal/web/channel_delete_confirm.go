package web

import (
	"net/http"
	"strconv"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// channelDeletion is the delete confirmation page: what goes with the channel.
type channelDeletion struct {
	Channel  *model.Channel
	Contents crm.ChannelContents
}

func (s *Server) showChannelDelete(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	ch, n, err := s.CRM.ChannelContents(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "channel_delete", &view{Title: "Delete channel " + ch.Name, Data: &channelDeletion{Channel: ch, Contents: n}})
}
