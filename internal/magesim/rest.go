package magesim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// call is one REST request on its way through a handler.
type call struct {
	r      *http.Request
	sim    *Sim
	st     *Store
	store  StoreView // the store view named in the URL, or the default one
	caller callerKind
	query  *phpValue
	page   *[]byte // the pooled buffer of the answer (pageBuffer), if any
}

// apiHandler answers a REST call with a JSON body (status 200) or a Magento error.
type apiHandler func(c *call) ([]byte, *Error)

// Resources of Magento's ACL the routes require.
const (
	aclAnonymous       = "anonymous"
	aclCustomer        = "Magento_Customer::customer"
	aclCustomerManage  = "Magento_Customer::manage"
	aclCustomerGroup   = "Magento_Customer::group"
	aclStore           = "Magento_Backend::store"
	aclSalesView       = "Magento_Sales::actions_view"
	aclSalesCreate     = "Magento_Sales::create"
	maxRequestBodySize = 8 << 20
)

// restWrites are the routes that change customers: the ones whose answer
// LoseNextAnswers loses.
var restWrites = map[string]bool{
	"POST /V1/customers":                true,
	"PUT /V1/customers/{customerId}":    true,
	"DELETE /V1/customers/{customerId}": true,
	"DELETE /V1/addresses/{addressId}":  true,
}

// restRoutes is the whole REST surface, in Magento's webapi.xml terms.
func (s *Sim) restRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	route := func(pattern, resource string, h apiHandler) {
		mux.Handle(pattern, s.endpoint(resource, h))
	}
	route("POST /V1/integration/admin/token", aclAnonymous, s.adminToken)
	route("POST /V1/integration/customer/token", aclAnonymous, s.customerToken)

	route("GET /V1/store/websites", aclStore, s.listWebsites)
	route("GET /V1/store/storeGroups", aclStore, s.listStoreGroups)
	route("GET /V1/store/storeViews", aclStore, s.listStoreViews)
	route("GET /V1/store/storeConfigs", aclStore, s.listStoreConfigs)

	route("GET /V1/customerGroups/search", aclCustomerGroup, s.searchGroups)
	route("GET /V1/customerGroups/default", aclCustomerGroup, s.defaultGroup)
	route("GET /V1/customerGroups/default/{storeId}", aclCustomerGroup, s.defaultGroup)
	route("GET /V1/customerGroups/{id}", aclCustomerGroup, s.getGroup)

	route("GET /V1/customers/search", aclCustomer, s.searchCustomers)
	route("GET /V1/customers/{customerId}", aclCustomer, s.getCustomer)
	route("POST /V1/customers", aclAnonymous, s.createCustomer)
	route("PUT /V1/customers/{customerId}", aclCustomerManage, s.updateCustomer)
	route("DELETE /V1/customers/{customerId}", aclCustomerManage, s.deleteCustomer)
	// {kind} is billingAddress or shippingAddress; one pattern, since
	// customers/addresses/{addressId} would overlap two literal ones.
	route("GET /V1/customers/{customerId}/{kind}", aclCustomerManage, s.defaultAddress)
	route("GET /V1/customers/addresses/{addressId}", aclCustomerManage, s.getAddress)
	route("DELETE /V1/addresses/{addressId}", aclCustomerManage, s.deleteAddress)
	route("POST /V1/customers/isEmailAvailable", aclAnonymous, s.isEmailAvailable)
	route("PUT /V1/customers/validate", aclCustomerManage, s.validateCustomer)
	route("PUT /V1/customers/password", aclAnonymous, s.initiatePasswordReset)

	route("GET /V1/directory/countries", aclAnonymous, s.countriesInfo)
	route("GET /V1/directory/countries/{countryId}", aclAnonymous, s.countryInfo)

	route("GET /V1/orders", aclSalesView, s.searchOrders)
	route("GET /V1/orders/{id}", aclSalesView, s.getOrder)
	return mux
}

// rest serves /rest/[<store_code>/]V1/…: it resolves the store code the way
// Magento's path processor does (an unknown code is part of the path, so
// no route matches) and dispatches to the route table.
func (s *Sim) rest(api *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, "/rest")
		store, _ := findStoreView(1)
		if code, rest, ok := strings.Cut(strings.TrimPrefix(path, "/"), "/"); ok && code != "V1" {
			if sv, found := findStoreViewByCode(code); found {
				store, path = sv, "/"+rest
			} else if code == "all" {
				path = "/" + rest
			}
		}
		inner := r.Clone(r.Context())
		inner.URL.Path, inner.URL.RawPath = path, ""
		_, pattern := api.Handler(inner)
		if pattern == "" {
			routeOf(r).set("REST no route")
			writeError(w, &Error{Kind: KindRoute, Message: msgNoRoute})
			return
		}
		routeOf(r).set("REST " + pattern)
		ctx := context.WithValue(withStore(inner.Context(), store), originalPathKey{}, r.URL.EscapedPath())
		inner = inner.WithContext(ctx)
		write := restWrites[pattern]
		if write && s.faults.takeLose() {
			loseAnswer(w, inner, api)
			return
		}
		s.faults.serve(w, inner, api, write) // ServeHTTP, not the looked-up handler, sets the path values
	})
}

// endpoint wraps an apiHandler: authentication and ACL first (as Magento
// checks permissions before reading input), then the handler, then the
// `fields` partial-response filter.
func (s *Sim) endpoint(resource string, h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := s.Store()
		c := &call{r: r, sim: s, st: st, store: storeFrom(r.Context()), query: parseQuery(r.URL.RawQuery)}
		c.caller = s.auth.identify(r, s.opts.Now())
		if resource != aclAnonymous && c.caller == callerGuest {
			writeError(w, notAuthorized(resource))
			return
		}
		body, err := h(c)
		if err != nil {
			writeError(w, err)
			return
		}
		answer := body
		if fields := c.query.kids["fields"]; fields != nil && !fields.isArray() && fields.str != "" {
			answer = filterFields(body, fields.str)
		}
		writeJSON(w, http.StatusOK, answer)
		c.recycle(body)
	})
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// statusOf maps an exception kind to the status Magento's error processor answers.
func statusOf(e *Error) int {
	switch e.Kind {
	case KindNoSuchEntity, KindRoute:
		return http.StatusNotFound
	case KindAuth:
		return http.StatusUnauthorized
	case KindInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

func writeError(w http.ResponseWriter, e *Error) {
	writeJSON(w, statusOf(e), appendError(nil, e))
}

// jsonBody reads a request body as Magento's JSON deserializer does.
func (c *call) jsonBody() (map[string]any, *Error) {
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxRequestBodySize))
	if err != nil {
		return nil, inputError(msgDecoding)
	}
	ct := c.r.Header.Get("Content-Type")
	if ct == "" {
		return nil, inputError("Content-Type header is empty.")
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
		return nil, inputError("Server cannot understand Content-Type HTTP header media type %1", positional(ct))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, inputError(msgDecoding)
	}
	obj, _ := v.(map[string]any)
	if obj == nil {
		obj = map[string]any{}
	}
	return obj, nil
}

// pathInt reads an int path parameter, answering Magento's type error otherwise.
func (c *call) pathInt(name string) (int, *Error) {
	v := c.r.PathValue(name)
	n, ok := toInt(v)
	if !ok {
		return 0, wrongType(v, "int")
	}
	return n, nil
}

// criteria parses the searchCriteria query parameter.
func (c *call) criteria() (*Query, *Error) { return parseCriteria(c.query) }

// A search answer is {"items":[…],"search_criteria":{…},"total_count":N},
// written into one buffer: beginSearchResult, the items comma-separated,
// then endSearchResult.
func beginSearchResult(b []byte) []byte { return append(b, `{"items":[`...) }

func endSearchResult(b []byte, q *Query, total int) []byte {
	b = appendCriteria(append(b, `],"search_criteria":`...), q)
	b = appendIntField(b, "total_count", total)
	return append(b, '}')
}

// pageBuffers recycles the buffers of customer search answers: a page of a
// thousand customers is about a megabyte, and one made per page had the
// collector run every few pages of a keyset walk through a large store.
var pageBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledPage is the largest buffer kept for reuse.
const maxPooledPage = 16 << 20

// pageBuffer returns an empty buffer with room for size bytes; the
// endpoint gives it back once the answer is written (recycle).
func (c *call) pageBuffer(size int) []byte {
	c.page = pageBuffers.Get().(*[]byte)
	if cap(*c.page) < size {
		*c.page = make([]byte, 0, size)
	}
	return (*c.page)[:0]
}

// recycle gives back the buffer of the answer body, written by now.
func (c *call) recycle(body []byte) {
	if c.page == nil || cap(body) > maxPooledPage {
		return
	}
	*c.page = body[:0]
	pageBuffers.Put(c.page)
	c.page = nil
}
