package web

import (
	"net/http"
	"strconv"

	"magecrm/internal/magentosync"
)

// syncKinds are the runs a person can start from the channel page.
var syncKinds = map[string]struct {
	opts magentosync.RunOptions
	msg  string
}{
	"now":       {magentosync.RunOptions{}, "Sync started: changes since the last run are being imported."},
	"reconcile": {magentosync.RunOptions{Reconcile: true}, "Reconciliation started: every customer is being compared with Magento."},
	"full":      {magentosync.RunOptions{Full: true}, "Full re-import started: every customer is being read again from Magento."},
}

// startChannelSync asks the sync engine for a run of the channel; the page
// then follows its progress.
func (s *Server) startChannelSync(w http.ResponseWriter, r *http.Request) {
	kind, ok := syncKinds[r.PathValue("kind")]
	if !ok {
		s.notFound(w, r)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	ch, err := s.CRM.ChannelToSync(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	if s.Sync == nil {
		s.renderError(w, r, http.StatusServiceUnavailable, "The sync does not run in this magecrm process, so it cannot be started from here.")
		return
	}
	s.Sync.RequestRun(ch.ID, kind.opts)
	flash(w, kind.msg)
	http.Redirect(w, r, "/channels/"+strconv.FormatInt(ch.ID, 10), http.StatusSeeOther)
}
