package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"

	"magecrm/internal/crm"
)

// replayedHeaders are the headers of an answer kept for a retry.
var replayedHeaders = []string{"Content-Type", "Location", "ETag"}

// idempotent serves a POST with an Idempotency-Key once per user and key:
// a retry of the same request gets the stored answer; the same key with
// another request is refused. Only a success is kept: a refused request
// (4xx) or a failure (5xx) forgets the key, so a retry runs again and no
// refused body is stored.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, sess *crm.Session) {
	key := r.Header.Get("Idempotency-Key")
	if len(key) > 255 {
		writeProblem(w, http.StatusBadRequest, "The Idempotency-Key is longer than 255 characters.")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeProblem(w, http.StatusRequestEntityTooLarge, "The request body is larger than 1 MiB.")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256([]byte(r.Method + " " + r.URL.RequestURI() + "\n" + string(body)))
	hash := hex.EncodeToString(sum[:])
	ctx := r.Context()
	prev, claimed, err := s.CRM.ClaimIdempotencyKey(ctx, sess, key, hash)
	switch {
	case err != nil:
		s.Log.Error("claim idempotency key", "err", err)
		writeProblem(w, http.StatusInternalServerError, internalError)
	case !claimed && prev.RequestHash != hash:
		writeProblem(w, http.StatusUnprocessableEntity, "This Idempotency-Key was used for another request. Use a new key for each new request.")
	case !claimed && prev.Status == 0:
		w.Header().Set("Retry-After", "1")
		writeProblem(w, http.StatusConflict, "The first request with this Idempotency-Key is still being answered. Retry in a moment.")
	case !claimed:
		replay(w, prev)
	default:
		rec := &recorder{ResponseWriter: w}
		s.mux.ServeHTTP(rec, r)
		ans := crm.IdempotentAnswer{RequestHash: hash}
		if rec.status < 400 {
			ans.Status, ans.Body = rec.status, withoutSecret(rec.body.Bytes())
			ans.Headers = keptHeaders(w.Header())
		}
		if err := s.CRM.FinishIdempotencyKey(context.WithoutCancel(ctx), sess, key, ans); err != nil {
			s.Log.Error("store idempotent answer", "err", err)
		}
	}
}

func keptHeaders(h http.Header) string {
	kept := map[string]string{}
	for _, name := range replayedHeaders {
		if v := h.Get(name); v != "" {
			kept[name] = v
		}
	}
	b, _ := json.Marshal(kept)
	return string(b)
}

func replay(w http.ResponseWriter, a *crm.IdempotentAnswer) {
	var headers map[string]string
	json.Unmarshal([]byte(a.Headers), &headers)
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(a.Status)
	io.WriteString(w, a.Body)
}

// recorder passes an answer through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

// Unwrap gives http.ResponseController the writer underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// withoutSecret drops a top-level "secret" member from an answer kept for
// replay: a secret is shown once (a webhook's), never stored in the clear.
func withoutSecret(body []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || m["secret"] == nil {
		return string(body)
	}
	delete(m, "secret")
	b, _ := json.Marshal(m)
	return string(b)
}
