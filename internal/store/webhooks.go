package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"magecrm/internal/jobs"
	"magecrm/internal/model"
)

// webhookSecretContext binds a sealed webhook secret to its row.
func webhookSecretContext(id int64) string { return fmt.Sprintf("webhook %d secret", id) }

const webhookColumns = `w.id, w.organization_id, w.url, w.events, w.description, COALESCE(w.created_by, 0), w.created_at,
	w.updated_at, w.paused_at, w.paused_reason,
	COALESCE((SELECT d.state FROM webhook_deliveries d WHERE d.webhook_id = w.id ORDER BY d.id DESC LIMIT 1), ''),
	COALESCE((SELECT d.updated_at FROM webhook_deliveries d WHERE d.webhook_id = w.id ORDER BY d.id DESC LIMIT 1), 0)`

func scanWebhook(sc interface{ Scan(...any) error }) (*model.Webhook, error) {
	var w model.Webhook
	var events string
	var created, updated, paused, last int64
	if err := sc.Scan(&w.ID, &w.OrganizationID, &w.URL, &events, &w.Description, &w.CreatedBy, &created, &updated, &paused,
		&w.PausedReason, &w.LastDeliveryState, &last); err != nil {
		return nil, err
	}
	w.Events = model.ParseEventList(events)
	w.CreatedAt, w.UpdatedAt, w.PausedAt, w.LastDeliveryAt = fromMillis(created), fromMillis(updated), fromMillis(paused), fromMillis(last)
	return &w, nil
}

// SecretReveal offers a webhook's new secret to one page session, once,
// until a time: the page the browser is sent to next shows it (see
// TakeWebhookSecret). The zero SecretReveal offers it to nobody, as when
// the API answers the secret at once.
type SecretReveal struct {
	Session string // the hash of the session's token
	Until   time.Time
}

// CreateWebhook saves a new webhook with its secret, sealed, and sets w.ID.
func (s *Store) CreateWebhook(ctx context.Context, w *model.Webhook, secret string, reveal SecretReveal) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO webhooks (organization_id, url, events, description, secret_sealed, created_by,
			created_at, updated_at) VALUES ($1, $2, $3, $4, '', $5, $6, $6) RETURNING id`,
			w.OrganizationID, w.URL, model.EventList(w.Events), w.Description, optionalID(w.CreatedBy), millis(w.CreatedAt)).Scan(&w.ID)
		if err != nil {
			return fmt.Errorf("create webhook: %w", err)
		}
		_, err = s.setWebhookSecret(ctx, tx, w.OrganizationID, w.ID, secret, reveal)
		return err
	})
}

// ReplaceWebhookSecret gives a webhook a new secret: every delivery from
// now on, retries too, is signed with it.
func (s *Store) ReplaceWebhookSecret(ctx context.Context, orgID, id int64, secret string, reveal SecretReveal) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		found, err := s.setWebhookSecret(ctx, tx, orgID, id, secret, reveal)
		if err == nil && !found {
			err = ErrNotFound
		}
		return err
	})
}

func (s *Store) setWebhookSecret(ctx context.Context, tx *sql.Tx, orgID, id int64, secret string, reveal SecretReveal) (bool, error) {
	until := int64(0)
	if reveal.Session != "" {
		until = millis(reveal.Until)
	}
	res, err := tx.ExecContext(ctx, `UPDATE webhooks SET secret_sealed = $1, secret_reveal_to = $2, secret_reveal_until = $3
		WHERE organization_id = $4 AND id = $5`, s.Secrets.Seal(secret, webhookSecretContext(id)), reveal.Session, until, orgID, id)
	if err != nil {
		return false, fmt.Errorf("save the secret of webhook %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// TakeWebhookSecret returns the webhook's secret when it is offered to
// session (see SecretReveal) and the offer has not ended, and withdraws
// the offer: it is given once. Otherwise it returns "".
func (s *Store) TakeWebhookSecret(ctx context.Context, orgID, id int64, session string, now time.Time) (string, error) {
	if session == "" {
		return "", nil
	}
	var sealed string
	err := s.DB.QueryRowContext(ctx, `UPDATE webhooks SET secret_reveal_to = '', secret_reveal_until = 0
		WHERE organization_id = $1 AND id = $2 AND secret_reveal_to = $3 AND secret_reveal_until > $4 RETURNING secret_sealed`,
		orgID, id, session, millis(now)).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("take the secret of webhook %d: %w", id, err)
	}
	secret, err := s.Secrets.Open(sealed, webhookSecretContext(id))
	if err != nil {
		return "", fmt.Errorf("open the secret of webhook %d (was the instance secret changed?): %w", id, err)
	}
	return secret, nil
}

// UpdateWebhook saves a person's change of a webhook read at version prev
// (its UpdatedAt): URL, events, description, and paused or not (by
// w.PausedAt, with w.PausedReason). Pausing holds its waiting deliveries;
// resuming sends the held and failed ones again. The version is compared
// in the UPDATE itself: ErrStale when the webhook changed since prev
// (a failing receiver's pause changes it too).
func (s *Store) UpdateWebhook(ctx context.Context, w *model.Webhook, prev time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhooks SET url = $1, events = $2, description = $3, updated_at = $4
			WHERE organization_id = $5 AND id = $6 AND updated_at = $7`,
			w.URL, model.EventList(w.Events), w.Description, millis(w.UpdatedAt), w.OrganizationID, w.ID, millis(prev))
		if err != nil {
			return fmt.Errorf("update webhook %d: %w", w.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		if w.Paused() {
			_, err = PauseWebhook(ctx, tx, w.ID, w.PausedReason, w.PausedAt)
			return err
		}
		return resumeWebhook(ctx, tx, w.ID, w.UpdatedAt)
	})
}

// Webhooks lists the organization's webhooks, oldest first.
func (s *Store) Webhooks(ctx context.Context, orgID int64) ([]model.Webhook, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT "+webhookColumns+" FROM webhooks w WHERE w.organization_id = $1 ORDER BY w.id", orgID)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	var out []model.Webhook
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *w)
	}
	return out, rows.Err()
}

// Webhook returns one webhook of the organization.
func (s *Store) Webhook(ctx context.Context, orgID, id int64) (*model.Webhook, error) {
	w, err := scanWebhook(s.DB.QueryRowContext(ctx, "SELECT "+webhookColumns+" FROM webhooks w WHERE w.organization_id = $1 AND w.id = $2", orgID, id))
	return w, notFound(err, "load webhook")
}

// DeleteWebhook removes a webhook, its deliveries and their log; jobs left
// for its deliveries find nothing and end.
func (s *Store) DeleteWebhook(ctx context.Context, orgID, id int64) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_attempts WHERE delivery_id IN
			(SELECT d.id FROM webhook_deliveries d WHERE d.webhook_id = $1)`, id); err != nil {
			return fmt.Errorf("delete webhook log: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM webhook_deliveries WHERE webhook_id = $1", id); err != nil {
			return fmt.Errorf("delete webhook deliveries: %w", err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM webhooks WHERE organization_id = $1 AND id = $2", orgID, id)
		if err != nil {
			return fmt.Errorf("delete webhook: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// PauseWebhook pauses a webhook: its waiting deliveries are held until it
// is resumed. It reports false when it was paused already. Pausing makes a
// new version of the webhook, so a change made on the one before is stale.
func PauseWebhook(ctx context.Context, tx *sql.Tx, id int64, reason string, at time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE webhooks SET paused_at = $1, paused_reason = $2,
		updated_at = CASE WHEN updated_at < $1 THEN $1 ELSE updated_at + 1 END WHERE id = $3 AND paused_at = 0`,
		millis(at), reason, id)
	if err != nil {
		return false, fmt.Errorf("pause webhook %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	_, err = tx.ExecContext(ctx, "UPDATE webhook_deliveries SET state = $1, updated_at = $2 WHERE webhook_id = $3 AND state = $4",
		model.DeliveryHeld, millis(at), id, model.DeliveryPending)
	return true, err
}

// ResumeWebhook makes a paused webhook active again and sends its held
// deliveries, and those it gave up on while failing, again.
func (s *Store) ResumeWebhook(ctx context.Context, orgID, id int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhooks SET updated_at = CASE WHEN updated_at < $1 THEN $1 ELSE updated_at + 1 END
			WHERE organization_id = $2 AND id = $3`, millis(at), orgID, id)
		if err != nil {
			return fmt.Errorf("resume webhook %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return resumeWebhook(ctx, tx, id, at)
	})
}

// resumeWebhook clears a webhook's pause, if any, and sends its held and
// failed deliveries again, each from its first attempt.
func resumeWebhook(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error {
	if _, err := tx.ExecContext(ctx, "UPDATE webhooks SET paused_at = 0, paused_reason = '' WHERE id = $1", id); err != nil {
		return fmt.Errorf("resume webhook %d: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT id FROM webhook_deliveries WHERE webhook_id = $1 AND state IN ($2, $3) ORDER BY id",
		id, model.DeliveryHeld, model.DeliveryFailed)
	if err != nil {
		return err
	}
	ids, err := scanColumn[int64](rows)
	if err != nil {
		return err
	}
	for _, d := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE webhook_deliveries SET state = $1, attempts = 0, updated_at = $2 WHERE id = $3",
			model.DeliveryPending, millis(at), d); err != nil {
			return err
		}
		if err := jobs.Enqueue(ctx, tx, WebhookQueue, webhookJobKey(d), "webhook", "", at); err != nil {
			return err
		}
	}
	return nil
}

// scanColumn reads a query's one column.
func scanColumn[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// WebhookDeliveryToSend is a delivery with what sending it needs.
type WebhookDeliveryToSend struct {
	model.WebhookDelivery
	OrganizationID int64
	URL            string
	Secret         string
	Paused         bool
}

// DeliveryToSend loads a delivery for its job, with its webhook's URL and
// secret, unsealed.
func (s *Store) DeliveryToSend(ctx context.Context, id int64) (*WebhookDeliveryToSend, error) {
	var d WebhookDeliveryToSend
	var sealed string
	var created, paused int64
	err := s.DB.QueryRowContext(ctx, `SELECT d.id, d.webhook_id, d.event, d.payload, d.state, d.attempts, d.created_at,
		w.organization_id, w.url, w.secret_sealed, w.paused_at
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1`, id).Scan(
		&d.ID, &d.WebhookID, &d.Event, &d.Payload, &d.State, &d.Attempts, &created, &d.OrganizationID, &d.URL, &sealed, &paused)
	if err != nil {
		return nil, notFound(err, "load webhook delivery")
	}
	d.CreatedAt, d.Paused = fromMillis(created), paused != 0
	if d.Secret, err = s.Secrets.Open(sealed, webhookSecretContext(d.WebhookID)); err != nil {
		return nil, fmt.Errorf("open the secret of webhook %d (was the instance secret changed?): %w", d.WebhookID, err)
	}
	return &d, nil
}

// RecordWebhookAttempt writes one attempt to the delivery log and the
// delivery's new state, in the transaction that closes its job.
func RecordWebhookAttempt(ctx context.Context, tx *sql.Tx, deliveryID int64, state string, a model.WebhookAttempt) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms, attempted_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, deliveryID, a.Attempt, a.StatusCode, a.Error, a.Duration.Milliseconds(), millis(a.At)); err != nil {
		return fmt.Errorf("log webhook attempt: %w", err)
	}
	_, err := tx.ExecContext(ctx, "UPDATE webhook_deliveries SET state = $1, attempts = $2, updated_at = $3 WHERE id = $4",
		state, a.Attempt, millis(a.At), deliveryID)
	return err
}

// HoldDelivery marks a delivery of a paused webhook held, without an attempt.
func HoldDelivery(ctx context.Context, tx *sql.Tx, deliveryID int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, "UPDATE webhook_deliveries SET state = $1, updated_at = $2 WHERE id = $3",
		model.DeliveryHeld, millis(at), deliveryID)
	return err
}

// WebhookDeliveries lists a webhook's newest deliveries, each with its
// newest attempt.
func (s *Store) WebhookDeliveries(ctx context.Context, webhookID int64, limit int) ([]model.WebhookDelivery, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT d.id, d.webhook_id, d.event, d.payload, d.state, d.attempts, d.created_at, d.updated_at,
		COALESCE(a.attempt, 0), COALESCE(a.status_code, 0), COALESCE(a.error, ''), COALESCE(a.duration_ms, 0), COALESCE(a.attempted_at, 0)
		FROM webhook_deliveries d
		LEFT JOIN webhook_attempts a ON a.id = (SELECT MAX(x.id) FROM webhook_attempts x WHERE x.delivery_id = d.id)
		WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2`, webhookID, limit)
	if err != nil {
		return nil, fmt.Errorf("list webhook deliveries: %w", err)
	}
	defer rows.Close()
	var out []model.WebhookDelivery
	for rows.Next() {
		var d model.WebhookDelivery
		var a model.WebhookAttempt
		var created, updated, durMS, at int64
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.Event, &d.Payload, &d.State, &d.Attempts, &created, &updated,
			&a.Attempt, &a.StatusCode, &a.Error, &durMS, &at); err != nil {
			return nil, err
		}
		d.CreatedAt, d.UpdatedAt = fromMillis(created), fromMillis(updated)
		if at != 0 {
			a.Duration, a.At = time.Duration(durMS)*time.Millisecond, fromMillis(at)
			d.Last = &a
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// WebhookAttempts is the delivery log of one delivery of a webhook, oldest
// first.
func (s *Store) WebhookAttempts(ctx context.Context, webhookID, deliveryID int64) ([]model.WebhookAttempt, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT a.attempt, a.status_code, a.error, a.duration_ms, a.attempted_at
		FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
		WHERE d.webhook_id = $1 AND a.delivery_id = $2 ORDER BY a.id`, webhookID, deliveryID)
	if err != nil {
		return nil, fmt.Errorf("list webhook attempts: %w", err)
	}
	defer rows.Close()
	var out []model.WebhookAttempt
	for rows.Next() {
		var a model.WebhookAttempt
		var durMS, at int64
		if err := rows.Scan(&a.Attempt, &a.StatusCode, &a.Error, &durMS, &at); err != nil {
			return nil, err
		}
		a.Duration, a.At = time.Duration(durMS)*time.Millisecond, fromMillis(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// AdministratorEmails lists the email addresses of the organization's
// enabled users with the Administrator role.
func (s *Store) AdministratorEmails(ctx context.Context, orgID int64, roleName string) ([]string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id
		JOIN roles r ON r.id = ur.role_id WHERE u.organization_id = $1 AND u.enabled AND r.name = $2 AND u.email <> '' ORDER BY u.email`,
		orgID, roleName)
	if err != nil {
		return nil, fmt.Errorf("list administrators: %w", err)
	}
	return scanColumn[string](rows)
}

// PruneWebhookDeliveries deletes from the delivery log, with their
// attempts, the deliveries delivered before delivered and those given up
// on before failed (zero times delete none of their kind). Pending and
// held deliveries are kept, however old. It deletes in batches, each in
// its own short statement, and returns how many it deleted.
func (s *Store) PruneWebhookDeliveries(ctx context.Context, delivered, failed time.Time) (int, error) {
	total := 0
	for _, c := range []struct {
		state  string
		before time.Time
	}{{model.DeliveryDelivered, delivered}, {model.DeliveryFailed, failed}} {
		for !c.before.IsZero() {
			// The state and age are checked again on the rows deleted, so
			// a delivery resumed meanwhile is kept.
			res, err := s.DB.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE state = $1 AND updated_at < $2 AND id IN
				(SELECT id FROM webhook_deliveries WHERE state = $1 AND updated_at < $2 ORDER BY id LIMIT 1000)`, c.state, millis(c.before))
			if err != nil {
				return total, fmt.Errorf("prune %s webhook deliveries: %w", c.state, err)
			}
			n, _ := res.RowsAffected()
			total += int(n)
			if n < 1000 {
				break
			}
		}
	}
	return total, nil
}
