package web

import (
	"net/http"
	"strconv"
)

// setCustomerNewsletter subscribes or unsubscribes a customer; the change
// is sent to Magento by the push.
func (s *Server) setCustomerNewsletter(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	r.ParseForm()
	subscribe := r.PostForm.Get("subscribe") == "1"
	if err := s.CRM.SetNewsletter(r.Context(), sessionOf(r), id, subscribe); err != nil {
		s.customerError(w, r, err)
		return
	}
	if subscribe {
		flash(w, "Subscribed to the newsletter. The change is waiting to be sent to Magento.")
	} else {
		flash(w, "Unsubscribed from the newsletter. The change is waiting to be sent to Magento.")
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next"), "/customers/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}
