package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
)

func (s *Server) showCustomerNew(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if !sess.Actor.Can(acl.MagentoCustomer, acl.Create) {
		s.serviceError(w, r, crm.ErrForbidden)
		return
	}
	_, writable, why, err := s.CRM.WritableChannels(r.Context(), sess)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if len(writable) == 0 {
		s.renderError(w, r, http.StatusConflict, why)
		return
	}
	form := url.Values{"owner": {strconv.FormatInt(sess.User.ID, 10)}, "channel": {r.URL.Query().Get("channel")},
		"default_billing": {"0"}, "default_shipping": {"0"}}
	s.renderCustomerForm(w, r, http.StatusOK, nil, form, nil, 0)
}
