package web

import (
	"net/http"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// channelList is the channels page.
type channelList struct {
	Channels   []crm.ChannelListing
	TypeLabels map[model.ChannelType]string
	CanCreate  bool
}

// typeLabels names every channel type, for the pages.
func typeLabels() map[model.ChannelType]string {
	m := map[model.ChannelType]string{}
	for _, t := range crm.ChannelTypes {
		m[t] = crm.ChannelTypeLabel(t)
	}
	return m
}

func (s *Server) showChannelList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	list, err := s.CRM.Channels(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "channel_list", &view{Title: "Channels",
		Data: &channelList{Channels: list, TypeLabels: typeLabels(), CanCreate: sess.Actor.Can(acl.Channel, acl.Create)}})
}
