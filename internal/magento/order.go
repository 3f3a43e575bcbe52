package magento

import (
	"context"
	"net/http"
	"time"
)

// Order is the part of Magento's OrderInterface the CRM shows.
type Order struct {
	ID                int // entity_id
	IncrementID       string
	CreatedAt         time.Time // UTC; zero when not asked for
	UpdatedAt         time.Time // UTC; zero when not asked for
	Status            string
	State             string
	GrandTotal        float64
	BaseGrandTotal    float64
	OrderCurrencyCode string
	CustomerID        int // 0 for guest orders
	CustomerEmail     string
	CustomerIsGuest   bool
	StoreID           int
}

type wireOrder struct {
	EntityID          int      `json:"entity_id"`
	IncrementID       string   `json:"increment_id"`
	CreatedAt         wireTime `json:"created_at"`
	UpdatedAt         wireTime `json:"updated_at"`
	Status            string   `json:"status"`
	State             string   `json:"state"`
	GrandTotal        float64  `json:"grand_total"`
	BaseGrandTotal    float64  `json:"base_grand_total"`
	OrderCurrencyCode string   `json:"order_currency_code"`
	CustomerID        int      `json:"customer_id"`
	CustomerEmail     string   `json:"customer_email"`
	CustomerIsGuest   int      `json:"customer_is_guest"`
	StoreID           int      `json:"store_id"`
}

func convertOrder(w *wireOrder) (Order, recordKey, string) {
	key := recordKey{id: w.EntityID, updatedAt: w.UpdatedAt.t, hasTime: w.UpdatedAt.set && w.UpdatedAt.bad == ""}
	if w.EntityID <= 0 {
		return Order{}, key, "missing entity_id"
	}
	// A partial response (fields=…) may leave the times out: only bad ones count.
	if r := checkTime("created_at", &w.CreatedAt, false); r != "" {
		return Order{}, key, r
	}
	if r := checkTime("updated_at", &w.UpdatedAt, false); r != "" {
		return Order{}, key, r
	}
	return Order{
		ID:                w.EntityID,
		IncrementID:       w.IncrementID,
		CreatedAt:         w.CreatedAt.t,
		UpdatedAt:         w.UpdatedAt.t,
		Status:            w.Status,
		State:             w.State,
		GrandTotal:        w.GrandTotal,
		BaseGrandTotal:    w.BaseGrandTotal,
		OrderCurrencyCode: w.OrderCurrencyCode,
		CustomerID:        w.CustomerID,
		CustomerEmail:     w.CustomerEmail,
		CustomerIsGuest:   w.CustomerIsGuest != 0,
		StoreID:           w.StoreID,
	}, key, ""
}

// OrderFields is a partial-response selection holding every Order field;
// pass it to SearchOrders to keep Magento's large order payloads small.
const OrderFields = "items[entity_id,increment_id,created_at,updated_at,status,state,grand_total," +
	"base_grand_total,order_currency_code,customer_id,customer_email,customer_is_guest,store_id],total_count"

// SearchOrders runs GET /V1/orders. fields, when not empty, is Magento's
// partial-response selection (see OrderFields); the page must keep
// total_count for the pagers.
func (c *Client) SearchOrders(ctx context.Context, sc SearchCriteria, fields string) (*OrderPage, error) {
	q := sc.Encode()
	if fields != "" {
		q += "&fields=" + escape(fields)
	}
	var page *OrderPage
	err := c.do(ctx, call{method: http.MethodGet, path: "/V1/orders", query: q, safe: true}, func(body []byte) (err error) {
		page, err = decodePage(body, sc.PageSize, convertOrder)
		return err
	})
	return page, err
}
