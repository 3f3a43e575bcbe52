package web

import (
	"errors"
	"net/http"
	"net/url"

	"magecrm/internal/crm"
	"magecrm/internal/magento"
	"magecrm/internal/model"
)

// answerFormCheck shows the channel form again after "Check connection",
// with what was typed and the steps of the check (or what to fix first).
func (s *Server) answerFormCheck(w http.ResponseWriter, r *http.Request, ch *model.Channel, shown url.Values, steps []magento.CheckStep, err error) {
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		s.renderChannelForm(w, r, http.StatusUnprocessableEntity, ch, shown, fe, nil)
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.renderChannelForm(w, r, http.StatusOK, ch, shown, nil, steps)
}
