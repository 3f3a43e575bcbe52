package magesim

import "net/http"

// routes is the simulator's whole HTTP surface.
func (s *Sim) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/rest/", s.rest(s.restRoutes()))
	s.adminRoutes(mux)
	s.controlRoutes(mux)
	s.soapRoutes(mux)
	s.xmlrpcRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r)
	})
	return s.stats.middleware(mux)
}
