package magento1

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// StoreView is storeEntity. Magento 1's SOAP v2 API lists store views
// only; websites and store groups are known by their ids.
type StoreView struct {
	ID, WebsiteID, GroupID int
	Code, Name             string
	Active                 bool
}

type wireStore struct {
	XMLName   xml.Name
	ID        string `xml:"store_id"`
	Code      string `xml:"code"`
	WebsiteID string `xml:"website_id"`
	GroupID   string `xml:"group_id"`
	Name      string `xml:"name"`
	IsActive  string `xml:"is_active"`
}

// StoreViews is storeList.
func (c *Client) StoreViews(ctx context.Context) ([]StoreView, error) {
	var l list[wireStore]
	if err := call(ctx, c, "storeList", readCall, func(encoder) []value { return nil }, &l); err != nil {
		return nil, err
	}
	out := make([]StoreView, 0, len(l.Items))
	for _, w := range l.Items {
		v := StoreView{Code: w.Code, Name: w.Name, Active: strings.TrimSpace(w.IsActive) == "1"}
		ids, err := atois(w.ID, w.WebsiteID, w.GroupID)
		if err != nil {
			return nil, &BadAnswerError{Op: "storeList", Status: 200, Err: fmt.Errorf("store %q: %w", w.Code, err)}
		}
		v.ID, v.WebsiteID, v.GroupID = ids[0], ids[1], ids[2]
		out = append(out, v)
	}
	return out, nil
}

// CustomerGroup is customerGroupEntity.
type CustomerGroup struct {
	ID   int
	Code string
}

type wireGroup struct {
	XMLName xml.Name
	ID      string `xml:"customer_group_id"`
	Code    string `xml:"customer_group_code"`
}

// CustomerGroups is customerGroupList.
func (c *Client) CustomerGroups(ctx context.Context) ([]CustomerGroup, error) {
	var l list[wireGroup]
	if err := call(ctx, c, "customerGroupList", readCall, func(encoder) []value { return nil }, &l); err != nil {
		return nil, err
	}
	out := make([]CustomerGroup, 0, len(l.Items))
	for _, w := range l.Items {
		ids, err := atois(w.ID)
		if err != nil {
			return nil, &BadAnswerError{Op: "customerGroupList", Status: 200, Err: err}
		}
		out = append(out, CustomerGroup{ID: ids[0], Code: w.Code})
	}
	return out, nil
}

func atois(s ...string) ([]int, error) {
	out := make([]int, len(s))
	for i, v := range s {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("invalid number %q", v)
		}
		out[i] = n
	}
	return out, nil
}

// Order is salesOrderListEntity as the CRM keeps it.
type Order struct {
	ID                int // order_id (entity_id)
	IncrementID       string
	CustomerID        int // 0 for guest orders
	StoreID           int
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Status, State     string
	GrandTotal        float64
	BaseGrandTotal    float64
	OrderCurrencyCode string
	CustomerEmail     string
	CustomerIsGuest   bool
}

type wireOrder struct {
	XMLName         xml.Name
	ID              string `xml:"order_id"`
	IncrementID     string `xml:"increment_id"`
	StoreID         string `xml:"store_id"`
	CreatedAt       string `xml:"created_at"`
	UpdatedAt       string `xml:"updated_at"`
	CustomerID      string `xml:"customer_id"`
	GrandTotal      string `xml:"grand_total"`
	BaseGrandTotal  string `xml:"base_grand_total"`
	Status          string `xml:"status"`
	State           string `xml:"state"`
	Currency        string `xml:"order_currency_code"`
	CustomerEmail   string `xml:"customer_email"`
	CustomerIsGuest string `xml:"customer_is_guest"`
}

func (w *wireOrder) convert() (o Order, reason string) {
	ids, err := atois(w.ID, w.StoreID)
	if err != nil {
		return o, "invalid order_id or store_id"
	}
	o.ID, o.StoreID = ids[0], ids[1]
	if w.CustomerID != "" {
		if o.CustomerID, err = strconv.Atoi(strings.TrimSpace(w.CustomerID)); err != nil {
			return o, fmt.Sprintf("invalid customer_id %q", w.CustomerID)
		}
	}
	for _, t := range []struct {
		name, src string
		dst       *time.Time
	}{{"created_at", w.CreatedAt, &o.CreatedAt}, {"updated_at", w.UpdatedAt, &o.UpdatedAt}} {
		if *t.dst, err = time.ParseInLocation(timeLayout, strings.TrimSpace(t.src), time.UTC); err != nil {
			return o, fmt.Sprintf("invalid %s %q", t.name, t.src)
		}
	}
	for _, d := range []struct {
		name, src string
		dst       *float64
	}{{"grand_total", w.GrandTotal, &o.GrandTotal}, {"base_grand_total", w.BaseGrandTotal, &o.BaseGrandTotal}} {
		if d.src == "" {
			continue
		}
		if *d.dst, err = strconv.ParseFloat(strings.TrimSpace(d.src), 64); err != nil {
			return o, fmt.Sprintf("invalid %s %q", d.name, d.src)
		}
	}
	o.IncrementID, o.Status, o.State, o.OrderCurrencyCode = w.IncrementID, w.Status, w.State, w.Currency
	o.CustomerEmail, o.CustomerIsGuest = w.CustomerEmail, w.CustomerIsGuest == "1"
	return o, ""
}

// OrderList is one answer of salesOrderList.
type OrderList struct {
	Orders   []Order
	Problems []RecordProblem
}

// Orders is salesOrderList: every order matching f, in one answer (no
// paging, like customers; an answer too big fails with ErrTooMany).
func (c *Client) Orders(ctx context.Context, f Filters) (*OrderList, error) {
	var l list[wireOrder]
	if err := call(ctx, c, "salesOrderList", readCall, func(e encoder) []value { return []value{e.filters(f)} }, &l); err != nil {
		return nil, err
	}
	out := &OrderList{}
	for i := range l.Items {
		o, reason := l.Items[i].convert()
		if reason != "" {
			out.Problems = append(out.Problems, RecordProblem{ID: o.ID, Index: i, Reason: reason})
			continue
		}
		out.Orders = append(out.Orders, o)
	}
	return out, nil
}

// parseWSDL reads a WSDL's targetNamespace and binding style.
func parseWSDL(b []byte) (WSDL, error) {
	var doc struct {
		TargetNamespace string `xml:"targetNamespace,attr"`
		Bindings        []struct {
			SOAP struct {
				Style string `xml:"style,attr"`
			} `xml:"binding"`
		} `xml:"binding"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return WSDL{}, fmt.Errorf("not a WSDL: %w", err)
	}
	if doc.TargetNamespace == "" || len(doc.Bindings) == 0 {
		return WSDL{}, errors.New("not a SOAP v2 WSDL")
	}
	return WSDL{Namespace: doc.TargetNamespace, WSI: doc.Bindings[0].SOAP.Style == "document"}, nil
}
