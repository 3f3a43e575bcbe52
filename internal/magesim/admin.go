package magesim

import "net/http"

// adminRoutes serves the Magento admin pages the CRM links to.
func (s *Sim) adminRoutes(mux *http.ServeMux) {}
