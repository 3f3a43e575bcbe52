package crm

import (
	"context"
	"time"

	"magecrm/internal/store"
)

// IdempotentAnswer is the stored answer to a request sent with an
// Idempotency-Key; Status 0 means the first request is still running.
type IdempotentAnswer = store.IdempotentAnswer

// IdempotencyWindow is how long an answer is kept for retries.
const IdempotencyWindow = 24 * time.Hour

// ClaimIdempotencyKey records that the user's request with this key has
// started, or returns the answer of the first request with it
// (claimed=false). Keys older than IdempotencyWindow are forgotten first.
func (s *Service) ClaimIdempotencyKey(ctx context.Context, sess *Session, key, requestHash string) (*IdempotentAnswer, bool, error) {
	now := s.Now()
	if err := s.Store.ForgetIdempotencyKeys(ctx, now.Add(-IdempotencyWindow)); err != nil {
		return nil, false, err
	}
	return s.Store.ClaimIdempotencyKey(ctx, sess.User.ID, key, requestHash, now)
}

// FinishIdempotencyKey stores the answer of a claimed key; an answer with
// Status 0 forgets the key, so that a retry runs the request again.
func (s *Service) FinishIdempotencyKey(ctx context.Context, sess *Session, key string, a IdempotentAnswer) error {
	return s.Store.FinishIdempotencyKey(ctx, sess.User.ID, key, a)
}
