package web

import (
	"errors"
	"net/http"
	"net/url"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// timelinePageSize is how many activities a timeline page shows.
const timelinePageSize = 25

// timelineView is a record's activity timeline with its filter and pages,
// as the record's view page shows it.
type timelineView struct {
	*crm.Timeline
	Kind, From, To string
	// Before is the cursor of the page shown ("" for the newest).
	Before string
	Errors crm.FieldErrors
	// Back is the record page's address, where added activities return.
	Back   string
	values url.Values
}

// timeline loads a page of a record's timeline, filtered by the request's
// tl_kind, tl_from, tl_to and tl_before (the page's cursor) parameters.
func (s *Server) timeline(r *http.Request, entity string, id int64) (*timelineView, error) {
	q := r.URL.Query()
	v := &timelineView{Kind: q.Get("tl_kind"), From: q.Get("tl_from"), To: q.Get("tl_to"), Before: q.Get("tl_before"),
		Back: r.URL.Path, values: q}
	t, err := s.CRM.Timeline(r.Context(), sessionOf(r), crm.TimelineInput{Entity: entity, ID: id,
		Kind: model.ActivityKind(v.Kind), From: v.From, To: v.To, Before: v.Before, Limit: timelinePageSize})
	if errors.As(err, &v.Errors) {
		err = nil
	}
	v.Timeline = t
	return v, err
}

// PageURL is the record page showing the timeline from a cursor ("" for
// the newest page), with the same filter.
func (v *timelineView) PageURL(before string) string {
	q := url.Values{}
	for k, vs := range v.values {
		q[k] = vs
	}
	q.Del("tl_before")
	if before != "" {
		q.Set("tl_before", before)
	}
	return v.Back + "?" + q.Encode() + "#timeline"
}

// Offers reports whether the record's entity offers a kind.
func (v *timelineView) Offers(kind model.ActivityKind) bool {
	for _, k := range v.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// AllKinds lists every kind, for the filter.
func (v *timelineView) AllKinds() []model.ActivityKind { return model.ActivityKinds }
