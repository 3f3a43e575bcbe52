package magesim

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
)

type storeKey struct{}

func withStore(ctx context.Context, sv StoreView) context.Context {
	return context.WithValue(ctx, storeKey{}, sv)
}

func storeFrom(ctx context.Context) StoreView {
	if sv, ok := ctx.Value(storeKey{}).(StoreView); ok {
		return sv
	}
	sv, _ := findStoreView(1)
	return sv
}

// routeLabel is where a handler records which route answered, for the
// request counts.
type routeLabel struct{ v atomic.Value }

func (l *routeLabel) set(s string) {
	if l != nil {
		l.v.Store(s)
	}
}

func (l *routeLabel) get() string {
	if s, ok := l.v.Load().(string); ok {
		return s
	}
	return ""
}

type routeKey struct{}

func routeOf(r *http.Request) *routeLabel {
	l, _ := r.Context().Value(routeKey{}).(*routeLabel)
	return l
}

// toInt converts a JSON or path value to an int as PHP's (int) cast of a
// numeric value does; ok is false for anything that is not numeric.
func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case string:
		s := strings.TrimSpace(v)
		if n, err := strconv.Atoi(s); err == nil {
			return n, true
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return int(f), true
		}
	case interface{ Int64() (int64, error) }: // json.Number
		if n, err := v.Int64(); err == nil {
			return int(n), true
		}
		if f, err := strconv.ParseFloat(v.(interface{ String() string }).String(), 64); err == nil {
			return int(f), true
		}
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
