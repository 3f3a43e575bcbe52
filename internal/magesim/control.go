package magesim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// controlRoutes are the test endpoints under /__sim/: faults, changes made
// "as an admin would", reset and request counts. They answer plain JSON and
// need no authentication.
func (s *Sim) controlRoutes(mux *http.ServeMux) {
	handle := func(pattern string, h func(w http.ResponseWriter, r *http.Request) error) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			routeOf(r).set("SIM " + pattern)
			if err := h(w, r); err != nil {
				status := http.StatusBadRequest
				if e, ok := err.(*Error); ok {
					status = statusOf(e)
				}
				writeControl(w, status, map[string]string{"message": err.Error()})
			}
		})
	}
	handle("GET /__sim/info", s.controlInfo)
	handle("GET /__sim/faults", func(w http.ResponseWriter, r *http.Request) error {
		writeControl(w, http.StatusOK, faultsJSON(s.CurrentFaults()))
		return nil
	})
	handle("PUT /__sim/faults", s.controlSetFaults)
	handle("POST /__sim/faults", s.controlSetFaults)
	handle("DELETE /__sim/faults", func(w http.ResponseWriter, r *http.Request) error {
		s.SetFaults(Faults{})
		writeControl(w, http.StatusOK, faultsJSON(s.CurrentFaults()))
		return nil
	})
	handle("POST /__sim/faults/lose-next-answer", s.controlLoseNext)
	handle("GET /__sim/emails", func(w http.ResponseWriter, r *http.Request) error {
		writeControl(w, http.StatusOK, map[string]any{"emails": s.SentEmails()})
		return nil
	})
	handle("GET /__sim/customers/{id}", s.controlGetCustomer)
	handle("POST /__sim/customers/{id}/edit", s.controlEdit)
	handle("POST /__sim/customers/{id}/address", s.controlAddress)
	handle("POST /__sim/customers/{id}/corrupt", s.controlCorrupt)
	handle("POST /__sim/customers/{id}/subscription", s.controlSubscription)
	handle("DELETE /__sim/customers/{id}", func(w http.ResponseWriter, r *http.Request) error {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			return err
		}
		if err := s.DeleteCustomer(id); err != nil {
			return err
		}
		writeControl(w, http.StatusOK, map[string]bool{"deleted": true})
		return nil
	})
	handle("POST /__sim/reset", func(w http.ResponseWriter, r *http.Request) error {
		s.Reset()
		writeControl(w, http.StatusOK, map[string]int{"customers": s.CustomerCount()})
		return nil
	})
	handle("GET /__sim/stats", func(w http.ResponseWriter, r *http.Request) error {
		writeControl(w, http.StatusOK, map[string]any{"requests": s.RequestCounts()})
		return nil
	})
	handle("DELETE /__sim/stats", func(w http.ResponseWriter, r *http.Request) error {
		s.ResetRequestCounts()
		writeControl(w, http.StatusOK, map[string]any{"requests": []RouteCount{}})
		return nil
	})
}

func writeControl(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// faultsWire is Faults on the wire, with durations in milliseconds.
type faultsWire struct {
	ErrorRate       float64 `json:"error_rate"`
	RateLimitRate   float64 `json:"rate_limit_rate"`
	UnavailableRate float64 `json:"unavailable_rate"`
	ResetRate       float64 `json:"reset_rate"`
	TruncateRate    float64 `json:"truncate_rate"`
	RetryAfter      int     `json:"retry_after"`
	LatencyMS       int64   `json:"latency_ms"`
	JitterMS        int64   `json:"jitter_ms"`
	AnswerDelayMS   int64   `json:"answer_delay_ms"`
	Seed            int64   `json:"seed"`
}

func faultsJSON(f Faults) faultsWire {
	return faultsWire{f.ErrorRate, f.RateLimitRate, f.UnavailableRate, f.ResetRate, f.TruncateRate,
		f.RetryAfter, f.Latency.Milliseconds(), f.Jitter.Milliseconds(), f.AnswerDelay.Milliseconds(), f.Seed}
}

func (s *Sim) controlInfo(w http.ResponseWriter, r *http.Request) error {
	writeControl(w, http.StatusOK, map[string]any{
		"version":             s.opts.Version,
		"customers":           s.CustomerCount(),
		"orders":              s.OrderCount(),
		"admin_user":          s.opts.AdminUser,
		"access_token":        s.opts.AccessToken,
		"consumer_key":        s.opts.ConsumerKey,
		"bearer_enabled":      s.opts.BearerEnabled,
		"two_factor":          s.opts.TwoFactor,
		"admin_url":           "http://" + r.Host + "/admin/",
		"rest_url":            "http://" + r.Host + "/rest/V1/",
		"access_token_secret": s.opts.AccessTokenSecret,
		"consumer_secret":     s.opts.ConsumerSecret,
	})
	return nil
}

// controlSetFaults takes the fault shares as JSON (faultsWire).
func (s *Sim) controlSetFaults(w http.ResponseWriter, r *http.Request) error {
	var in faultsWire
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return err
	}
	s.SetFaults(Faults{ErrorRate: in.ErrorRate, RateLimitRate: in.RateLimitRate, UnavailableRate: in.UnavailableRate,
		ResetRate: in.ResetRate, TruncateRate: in.TruncateRate, RetryAfter: in.RetryAfter,
		Latency: time.Duration(in.LatencyMS) * time.Millisecond, Jitter: time.Duration(in.JitterMS) * time.Millisecond,
		AnswerDelay: time.Duration(in.AnswerDelayMS) * time.Millisecond, Seed: in.Seed})
	writeControl(w, http.StatusOK, faultsJSON(s.CurrentFaults()))
	return nil
}

// controlLoseNext takes {"count":n} (default 1): the next n writes are
// made and their answers lost (LoseNextAnswers).
func (s *Sim) controlLoseNext(w http.ResponseWriter, r *http.Request) error {
	in := struct {
		Count *int `json:"count"`
	}{}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			return err
		}
	}
	n := 1
	if in.Count != nil {
		n = *in.Count
	}
	s.LoseNextAnswers(n)
	writeControl(w, http.StatusOK, map[string]int{"lose_next_answers": n})
	return nil
}

func (s *Sim) controlGetCustomer(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := s.CustomerJSON(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

// controlEdit takes {"firstname","lastname","email","group_id"}.
func (s *Sim) controlEdit(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Firstname string `json:"firstname"`
		Lastname  string `json:"lastname"`
		Email     string `json:"email"`
		GroupID   int    `json:"group_id"`
	}
	return s.controlChange(w, r, &in, func(id int) error {
		return s.EditCustomer(id, CustomerEdit{Firstname: in.Firstname, Lastname: in.Lastname, Email: in.Email, GroupID: in.GroupID})
	})
}

// controlAddress takes {"street","city","postcode","telephone","country_id"}.
func (s *Sim) controlAddress(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Street    string `json:"street"`
		City      string `json:"city"`
		Postcode  string `json:"postcode"`
		Telephone string `json:"telephone"`
		CountryID string `json:"country_id"`
	}
	return s.controlChange(w, r, &in, func(id int) error {
		return s.EditAddressOnly(id, AddressEdit{Street: in.Street, City: in.City, Postcode: in.Postcode,
			Telephone: in.Telephone, CountryID: in.CountryID})
	})
}

// controlSubscription takes {"subscribed":true|false}.
func (s *Sim) controlSubscription(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Subscribed bool `json:"subscribed"`
	}
	return s.controlChange(w, r, &in, func(id int) error { return s.SetSubscription(id, in.Subscribed) })
}

func (s *Sim) controlChange(w http.ResponseWriter, r *http.Request, in any, change func(id int) error) error {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := json.NewDecoder(r.Body).Decode(in); err != nil {
		return err
	}
	if err := change(id); err != nil {
		return err
	}
	return s.controlGetCustomer(w, r)
}
