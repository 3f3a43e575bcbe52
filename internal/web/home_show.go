package web

import "net/http"

func (s *Server) showHomePage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", &view{Title: "Home"})
}
