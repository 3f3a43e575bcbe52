package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/jobs"
	"magecrm/internal/model"
)

// WebhookQueue names the jobs queue of webhook deliveries.
const WebhookQueue = "webhooks"

// webhookJobKey names a delivery's work in the webhook queue.
func webhookJobKey(deliveryID int64) string { return "delivery:" + strconv.FormatInt(deliveryID, 10) }

// DeliveryIDOfJob returns the delivery a webhook job is about.
func DeliveryIDOfJob(key string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(key, "delivery:"), 10, 64)
	if err != nil || !strings.HasPrefix(key, "delivery:") {
		return 0, fmt.Errorf("webhook job %q is not a delivery's", key)
	}
	return id, nil
}

// CustomerEvent is the data of a customer's webhook event: who it is, and
// for an update which fields changed. Receivers read the rest from the API.
type CustomerEvent struct {
	ID        int64    `json:"id"`
	ChannelID int64    `json:"channel_id"`
	OriginID  int64    `json:"magento_id,omitempty"`
	Email     string   `json:"email"`
	Changed   []string `json:"changed,omitempty"`
}

// webhookTargets are an organization's webhooks that want an event: id
// and whether it is paused.
func webhookTargets(ctx context.Context, tx *sql.Tx, orgID int64, event string) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, events, paused_at FROM webhooks WHERE organization_id = $1", orgID)
	if err != nil {
		return nil, fmt.Errorf("find webhooks: %w", err)
	}
	defer rows.Close()
	var out map[int64]bool
	for rows.Next() {
		var id, paused int64
		var events string
		if err := rows.Scan(&id, &events, &paused); err != nil {
			return nil, err
		}
		if strings.Contains(","+events+",", ","+event+",") {
			if out == nil {
				out = map[int64]bool{}
			}
			out[id] = paused != 0
		}
	}
	return out, rows.Err()
}

// queueWebhookEvent records, inside the change's transaction, one
// delivery of event per webhook of the organization that wants it, each
// with its job (held, without a job, for a paused webhook).
func queueWebhookEvent(ctx context.Context, tx *sql.Tx, orgID int64, event string, data any, at time.Time) error {
	targets, err := webhookTargets(ctx, tx, orgID, event)
	if err != nil || len(targets) == 0 {
		return err
	}
	return queueDeliveries(ctx, tx, targets, event, []any{data}, at)
}

// queueDeliveries records one delivery per webhook and datum.
func queueDeliveries(ctx context.Context, tx *sql.Tx, targets map[int64]bool, event string, data []any, at time.Time) error {
	for _, d := range data {
		payload, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("webhook payload of %s: %w", event, err)
		}
		for hook, paused := range targets {
			state := model.DeliveryPending
			if paused {
				state = model.DeliveryHeld
			}
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, payload, state, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, hook, event, string(payload), state, millis(at)).Scan(&id); err != nil {
				return fmt.Errorf("queue webhook delivery: %w", err)
			}
			if !paused {
				if err := jobs.Enqueue(ctx, tx, WebhookQueue, webhookJobKey(id), "webhook", "", at); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// customerEvent is the event data of a customer.
func customerEvent(c *model.Customer, changes map[string][2]string) CustomerEvent {
	e := CustomerEvent{ID: c.ID, ChannelID: c.ChannelID, OriginID: c.OriginID, Email: c.Email}
	e.Changed = changedFields(changes)
	return e
}

// changedFields names the fields of a customer's history entry: each
// address ("address m12") counts as "addresses", a conflict note as none.
func changedFields(changes map[string][2]string) []string {
	var out []string
	for f := range changes {
		switch {
		case strings.HasPrefix(f, "conflict: "):
			continue
		case strings.HasPrefix(f, "address "):
			f = "addresses"
		}
		out = append(out, f)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// queueCustomerUpdated queues customer.updated, in the transaction of a
// change to the customer, with the customer as the change left it and the
// fields it changed.
func queueCustomerUpdated(ctx context.Context, tx *sql.Tx, customerID int64, changes map[string][2]string, at time.Time) error {
	return queueCustomerUpdatedAs(ctx, tx, customerID, 0, changes, at)
}

// queueCustomerUpdatedAs is queueCustomerUpdated for a customer whose
// Magento id is originID (0: as stored) before the change is written.
func queueCustomerUpdatedAs(ctx context.Context, tx *sql.Tx, customerID, originID int64, changes map[string][2]string, at time.Time) error {
	e, orgID, err := customerEventOf(ctx, tx, customerID)
	if err != nil {
		return err
	}
	if originID != 0 {
		e.OriginID = originID
	}
	e.Changed = changedFields(changes)
	return queueWebhookEvent(ctx, tx, orgID, model.EventCustomerUpdated, e, at)
}

// customerEventOf reads a customer's event data and organization in tx.
func customerEventOf(ctx context.Context, tx *sql.Tx, customerID int64) (CustomerEvent, int64, error) {
	e := CustomerEvent{ID: customerID}
	var orgID int64
	err := tx.QueryRowContext(ctx, "SELECT organization_id, channel_id, COALESCE(origin_id, 0), email FROM magento_customers WHERE id = $1",
		customerID).Scan(&orgID, &e.ChannelID, &e.OriginID, &e.Email)
	if err != nil {
		return e, 0, notFound(err, "load customer for its webhook event")
	}
	return e, orgID, nil
}

// importWebhookEvents queues customer.created for the customers an import
// batch inserted and customer.updated for those it rewrote, when a
// webhook wants them (the batch costs one query otherwise).
func importWebhookEvents(ctx context.Context, tx *sql.Tx, imp CustomerImport, fresh, changed []*ImportCustomer) error {
	for _, ev := range []struct {
		name string
		recs []*ImportCustomer
	}{{model.EventCustomerCreated, fresh}, {model.EventCustomerUpdated, changed}} {
		if len(ev.recs) == 0 {
			continue
		}
		targets, err := webhookTargets(ctx, tx, imp.OrganizationID, ev.name)
		if err != nil || len(targets) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		data, err := importedCustomerEvents(ctx, tx, imp.ChannelID, ev.recs)
		if err != nil {
			return err
		}
		if err := queueDeliveries(ctx, tx, targets, ev.name, data, imp.Now); err != nil {
			return err
		}
	}
	return nil
}

// importedCustomerEvents reads the local ids of imported customers.
func importedCustomerEvents(ctx context.Context, tx *sql.Tx, channelID int64, recs []*ImportCustomer) ([]any, error) {
	var out []any
	for start := 0; start < len(recs); start += 1000 {
		part := recs[start:min(start+1000, len(recs))]
		args := []any{channelID}
		for _, c := range part {
			args = append(args, c.OriginID)
		}
		rows, err := tx.QueryContext(ctx, "SELECT id, origin_id, email FROM magento_customers WHERE channel_id = $1 AND origin_id IN ("+
			placeholders(2, len(part))+") ORDER BY id", args...)
		if err != nil {
			return nil, fmt.Errorf("read imported customers for webhooks: %w", err)
		}
		for rows.Next() {
			e := CustomerEvent{ChannelID: channelID}
			if err := rows.Scan(&e.ID, &e.OriginID, &e.Email); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SyncRunEvent is the data of sync_run.finished.
type SyncRunEvent struct {
	ID        int64     `json:"id"`
	ChannelID int64     `json:"channel_id"`
	Kind      string    `json:"kind"`
	Status    string    `json:"status"`
	Created   int       `json:"created"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Removed   int       `json:"removed"`
	Failed    int       `json:"failed"`
	Error     string    `json:"error,omitempty"`
	Started   time.Time `json:"started_at"`
	Finished  time.Time `json:"finished_at"`
}

// ActivityEvent is the data of activity.created.
type ActivityEvent struct {
	ID      int64                 `json:"id"`
	Kind    string                `json:"kind"`
	Subject string                `json:"subject"`
	OwnerID int64                 `json:"owner_id"`
	Targets []ActivityEventTarget `json:"targets"`
}

// ActivityEventTarget is a record an activity is on.
type ActivityEventTarget struct {
	Entity string `json:"entity"`
	ID     int64  `json:"id"`
}

func activityEvent(a *model.Activity) ActivityEvent {
	e := ActivityEvent{ID: a.ID, Kind: string(a.Kind), Subject: a.Subject, OwnerID: a.OwnerUserID, Targets: []ActivityEventTarget{}}
	for _, t := range a.Targets {
		e.Targets = append(e.Targets, ActivityEventTarget{Entity: t.Entity, ID: t.EntityID})
	}
	return e
}
