package model

import "strings"

// orderStatusLabels are the labels Magento gives its built-in order
// statuses (table sales_order_status), as its admin shows them.
var orderStatusLabels = map[string]string{
	"canceled": "Canceled", "closed": "Closed", "complete": "Complete", "fraud": "Suspected Fraud",
	"holded": "On Hold", "payment_review": "Payment Review", "paypal_canceled_reversal": "PayPal Canceled Reversal",
	"paypal_reversed": "PayPal Reversed", "pending": "Pending", "pending_payment": "Pending Payment",
	"pending_paypal": "Pending PayPal", "processing": "Processing",
}

// StatusLabel is the order's status as Magento's admin names it. A status
// a store added itself is shown from its code, "awaiting_pickup" as
// "Awaiting pickup"; its own label is not in Magento's order API.
func (o Order) StatusLabel() string {
	if l, ok := orderStatusLabels[o.Status]; ok {
		return l
	}
	s := strings.ReplaceAll(strings.TrimSpace(o.Status), "_", " ")
	if s == "" {
		return "—"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
