package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Delivery is one signed POST to a receiver.
type Delivery struct {
	URL    string
	Secret string
	Event  string
	ID     int64
	Body   []byte
}

// Answer is what came of a Post: the receiver's status code (0 when it
// did not answer) and how long it took.
type Answer struct {
	StatusCode int
	Duration   time.Duration
}

// Delivered reports whether the receiver took the delivery (2xx).
func (a Answer) Delivered() bool { return a.StatusCode >= 200 && a.StatusCode < 300 }

// Post sends d signed at now. An answer other than 2xx is an error naming
// the status; the receiver's body is read (at most 4 KiB) and dropped.
func Post(ctx context.Context, client *http.Client, d Delivery, now time.Time) (Answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		return Answer{}, fmt.Errorf("webhook URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "magecrm-webhooks/1")
	req.Header.Set(EventHeader, d.Event)
	req.Header.Set(DeliveryHeader, strconv.FormatInt(d.ID, 10))
	req.Header.Set(SignatureHeader, Sign(d.Secret, now, d.Body))
	start := time.Now()
	resp, err := client.Do(req)
	a := Answer{Duration: time.Since(start)}
	if err != nil {
		return a, fmt.Errorf("no answer: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	a.StatusCode = resp.StatusCode
	if !a.Delivered() {
		return a, fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return a, nil
}
