package web

import "net/http"

// routes registers every page: the whole surface of the web application.
func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /static/", s.staticFiles())
	m.HandleFunc("GET /login", s.showLoginPage)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /{$}", s.signedIn(s.showHomePage))

	m.HandleFunc("GET /", s.signedIn(s.notFound))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "There is no such page, or it is not shared with you.")
}
