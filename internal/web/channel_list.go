package web

import (
	"net/http"

	"magecrm/internal/acl"
	"magecrm/internal/store"
)

// channelList is the channels page.
type channelList struct {
	Channels  []store.ChannelListing
	CanCreate bool
}

func (s *Server) showChannelList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	list, err := s.CRM.Channels(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "channel_list", &view{Title: "Channels",
		Data: &channelList{Channels: list, CanCreate: sess.Actor.Can(acl.Channel, acl.Create)}})
}
