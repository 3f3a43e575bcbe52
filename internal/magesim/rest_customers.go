package magesim

import (
	"strconv"
)

// searchCustomers is GET /V1/customers/search.
func (s *Sim) searchCustomers(c *call) ([]byte, *Error) {
	q, err := c.criteria()
	if err != nil {
		return nil, err
	}
	legacy := s.legacy()
	b := beginSearchResult(c.pageBuffer(1024 + min(max(q.PageSize, 0), 1000)*1200)) // room for a usual page; larger ones grow
	first := len(b)
	total, err := c.st.EachCustomer(q, legacy, func(cust *Customer) {
		if len(b) > first {
			b = append(b, ',')
		}
		b = appendCustomer(b, cust, !legacy) // 2.3 leaves is_subscribed out of lists (#25410)
	})
	if err != nil {
		return nil, err
	}
	return endSearchResult(b, q, total), nil
}

// getCustomer is GET /V1/customers/{customerId}.
func (s *Sim) getCustomer(c *call) ([]byte, *Error) {
	id, err := c.pathInt("customerId")
	if err != nil {
		return nil, err
	}
	cust, ok := c.st.Customer(id)
	if !ok {
		return nil, noSuchEntity("customerId", id)
	}
	return appendCustomer(nil, &cust, !s.opts.NoSubscribedInAnswers), nil
}

// createCustomer is POST /V1/customers: {"customer":{…},"password":"…"}.
func (s *Sim) createCustomer(c *call) ([]byte, *Error) {
	body, d, err := c.customerBody()
	if err != nil {
		return nil, err
	}
	if d.GroupID != nil && c.caller == callerGuest {
		if !s.legacy() {
			return nil, notAuthorized(aclCustomerManage) // Customer/Plugin/ValidateSyncCustomer
		}
		d.GroupID = nil
	}
	var password *string
	if p, ok := body["password"]; ok && p != nil {
		ps, ok := p.(string)
		if !ok {
			return nil, wrongType(stringOf(p), "string")
		}
		password = &ps
	}
	cust, err := c.st.CreateCustomer(d, password, c.store)
	if err != nil {
		return nil, err
	}
	welcome := templateRegistered
	if password == nil { // the mail asks the customer to set a password

		welcome = templateRegisteredNoPasswd
	}
	s.mail(cust, welcome)
	s.confirmSubscription(d.Subscribed, false, cust)
	return appendCustomer(nil, &cust, !s.opts.NoSubscribedInAnswers), nil
}

// updateCustomer is PUT /V1/customers/{customerId}: {"customer":{…}} and,
// beside it, save's second parameter "passwordHash" (or "password_hash":
// ServiceInputProcessor takes either spelling).
func (s *Sim) updateCustomer(c *call) ([]byte, *Error) {
	id, err := c.pathInt("customerId")
	if err != nil {
		return nil, err
	}
	body, d, err := c.customerBody()
	if err != nil {
		return nil, err
	}
	hash, err := passwordHashParam(body)
	if err != nil {
		return nil, err
	}
	before, _ := c.st.Customer(id)
	cust, err := c.st.UpdateCustomer(id, d, hash, c.store)
	if err != nil {
		return nil, err
	}
	s.confirmSubscription(d.Subscribed, before.Subscribed, cust)
	return appendCustomer(nil, &cust, !s.opts.NoSubscribedInAnswers), nil
}

// passwordHashParam is the PUT's "passwordHash" (ServiceInputProcessor
// looks for the parameter's name, then its snake_case form), "" if none.
func passwordHashParam(body map[string]any) (string, *Error) {
	v, ok := body["passwordHash"]
	if !ok || v == nil {
		v = body["password_hash"]
	}
	if v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", wrongType(stringOf(v), "string")
	}
	return s, nil
}

// deleteCustomer is DELETE /V1/customers/{customerId}: answers true.
func (s *Sim) deleteCustomer(c *call) ([]byte, *Error) {
	id, err := c.pathInt("customerId")
	if err != nil {
		return nil, err
	}
	if err := c.st.DeleteCustomer(id); err != nil {
		return nil, err.(*Error)
	}
	return []byte("true"), nil
}

// defaultAddress is GET /V1/customers/{id}/billingAddress or /shippingAddress.
func (s *Sim) defaultAddress(c *call) ([]byte, *Error) {
	billing := c.r.PathValue("kind") == "billingAddress"
	if !billing && c.r.PathValue("kind") != "shippingAddress" {
		return nil, &Error{Kind: KindRoute, Message: msgNoRoute}
	}
	{
		id, err := c.pathInt("customerId")
		if err != nil {
			return nil, err
		}
		cust, ok := c.st.Customer(id)
		if !ok {
			return nil, noSuchEntity("customerId", id)
		}
		aid := cust.DefaultShipping
		if billing {
			aid = cust.DefaultBilling
		}
		a := cust.address(aid)
		if a == nil {
			return []byte("null"), nil
		}
		return appendAddress(nil, a, &cust), nil
	}
}

// getAddress is GET /V1/customers/addresses/{addressId}.
func (s *Sim) getAddress(c *call) ([]byte, *Error) {
	id, err := c.pathInt("addressId")
	if err != nil {
		return nil, err
	}
	a, cust, ok := c.st.FindAddress(id)
	if !ok {
		return nil, noSuchEntity("addressId", id)
	}
	return appendAddress(nil, &a, &cust), nil
}

// deleteAddress is DELETE /V1/addresses/{addressId}: answers true.
func (s *Sim) deleteAddress(c *call) ([]byte, *Error) {
	id, err := c.pathInt("addressId")
	if err != nil {
		return nil, err
	}
	if err := c.st.DeleteAddress(id); err != nil {
		return nil, err
	}
	return []byte("true"), nil
}

// isEmailAvailable is POST /V1/customers/isEmailAvailable.
func (s *Sim) isEmailAvailable(c *call) ([]byte, *Error) {
	body, err := c.jsonBody()
	if err != nil {
		return nil, err
	}
	email, ok := body["customerEmail"].(string)
	if !ok {
		email, ok = body["customer_email"].(string)
	}
	if !ok {
		return nil, requiredField("customerEmail")
	}
	website := c.store.WebsiteID
	if w, ok := body["websiteId"]; ok {
		website, _ = toInt(w)
	}
	return strconv.AppendBool(nil, c.st.EmailAvailable(email, website)), nil
}

// customerBody reads a {"customer":{…}} body: the body and the customer.
func (c *call) customerBody() (map[string]any, CustomerData, *Error) {
	body, err := c.jsonBody()
	if err != nil {
		return nil, CustomerData{}, err
	}
	raw, ok := body["customer"]
	if !ok || raw == nil {
		return nil, CustomerData{}, requiredField("customer")
	}
	d, err := parseCustomerData(raw)
	return body, d, err
}
