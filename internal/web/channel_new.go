package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

func (s *Server) showChannelNew(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if !sess.Actor.Can(acl.Channel, acl.Create) {
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	form := url.Values{
		"type":            {string(model.Magento2)},
		"auth_kind":       {string(model.AuthAdminToken)},
		"website":         {strconv.Itoa(model.AllWebsites)},
		"sync_start_date": {crm.DefaultSyncStartDate},
		"priority":        {string(model.RemoteWins)},
		"default_owner":   {strconv.FormatInt(sess.User.ID, 10)},
		"sync_interval":   {strconv.Itoa(crm.DefaultSyncInterval)},
		"enabled":         {"on"},
	}
	s.renderChannelForm(w, r, http.StatusOK, nil, form, nil, nil)
}
