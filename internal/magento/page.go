package magento

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Page is one answer of a search: the records that could be read, a problem
// for each record that could not, and Magento's total_count.
type Page[T any] struct {
	Items      []T
	Problems   []RecordProblem
	TotalCount int

	// keys holds the sort key of every record of the page, good or bad, in
	// the page's order; the pagers use it.
	keys []recordKey
	// hasTotal is false when a partial response (fields=…) left total_count out.
	hasTotal bool
}

// last reports whether a page of a search with this page size is known to
// be the last one: it is short, or total_count says nothing follows.
func (p *Page[T]) last(pageSize int) bool {
	return p.Len() < pageSize || p.hasTotal && p.TotalCount <= p.Len()
}

// CustomerPage is a page of customers.
type CustomerPage = Page[Customer]

// OrderPage is a page of orders.
type OrderPage = Page[Order]

// Len returns the number of records the page held, good and bad.
func (p *Page[T]) Len() int { return len(p.keys) }

// RecordProblem is one record of a page that could not be taken.
type RecordProblem struct {
	ID     int    // Magento id, 0 if it could not be read
	Index  int    // position in the page, from 0
	Reason string // what is wrong, e.g. `invalid dob "1980-02-30"`
}

// String renders the problem as a sentence fragment for a sync error list.
func (p RecordProblem) String() string {
	if p.ID == 0 {
		return fmt.Sprintf("record %d of the page (id unreadable): %s", p.Index+1, p.Reason)
	}
	return fmt.Sprintf("record %d: %s", p.ID, p.Reason)
}

// recordKey is what the pagers need of each record: its id and, when it
// could be read, its updated_at.
type recordKey struct {
	id        int
	updatedAt time.Time
	hasTime   bool
}

// errBadPage marks a body that cannot be read at all (truncated, not JSON).
var errBadPage = errors.New("not the JSON answer expected")

// Magento never repeats a key; checking for duplicates would cost a map
// insert per member.
var decodeOptions = jsontext.AllowDuplicateNames(true)

var decoderPool = sync.Pool{New: func() any { return jsontext.NewDecoder(noInput{}, decodeOptions) }}

// noInput is an empty reader that lets a pooled decoder drop its body.
type noInput struct{}

func (noInput) Read([]byte) (int, error) { return 0, io.EOF }

// errSlowPath stops the single-pass decoding of a page at a record the
// decoder cannot take, so that the page is read again record by record.
var errSlowPath = errors.New("record needs the careful path")

// decodePage reads {"items":[…],"total_count":n,…}. Each item is decoded on
// its own into W and checked by convert; a bad item becomes a RecordProblem.
// Only a body that is not a whole JSON object (truncated, HTML) fails.
//
// A page is first decoded in one pass straight from the stream. A record
// that does not fit W leaves the decoder mid-value, so that rare page is
// decoded again in two passes: each record is cut out first, then decoded.
//
// size, the page size asked for, presizes the slices (0: unknown).
func decodePage[W any, T any](body []byte, size int, convert func(*W) (T, recordKey, string)) (*Page[T], error) {
	page, err := decodePageWith(body, size, convert, true)
	if errors.Is(err, errSlowPath) {
		return decodePageWith(body, size, convert, false)
	}
	return page, err
}

func decodePageWith[W any, T any](body []byte, size int, convert func(*W) (T, recordKey, string), fast bool) (*Page[T], error) {
	dec := decoderPool.Get().(*jsontext.Decoder)
	defer decoderPool.Put(dec)
	dec.Reset(bytes.NewBuffer(body), decodeOptions)
	defer dec.Reset(noInput{}, decodeOptions)

	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, pageError(err)
	}
	size = min(max(size, 16), 10000)
	page := &Page[T]{Items: make([]T, 0, size), keys: make([]recordKey, 0, size)}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return nil, pageError(err)
		}
		switch name.String() {
		case "items":
			err = decodeItems(dec, page, convert, fast)
		case "total_count":
			var tok jsontext.Token
			if tok, err = dec.ReadToken(); err == nil && tok.Kind() == '0' {
				page.TotalCount, page.hasTotal = int(tok.Int()), true
			}
		default:
			err = dec.SkipValue()
		}
		if errors.Is(err, errSlowPath) {
			return nil, err
		}
		if err != nil {
			return nil, pageError(err)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, pageError(err)
	}
	if _, err := dec.ReadToken(); err == nil {
		return nil, pageError(errors.New("data after the end of the object"))
	}
	return page, nil
}

func decodeItems[W any, T any](dec *jsontext.Decoder, page *Page[T], convert func(*W) (T, recordKey, string), fast bool) error {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return err
	}
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return pageError(err)
	}
	var w, zero W // one W for all records: it escapes to the heap once
	for dec.PeekKind() != ']' {
		index := len(page.keys)
		w = zero
		if fast {
			if err := json.UnmarshalDecode(dec, &w, decodeOptions); err != nil {
				return errSlowPath
			}
		} else if raw, err := dec.ReadValue(); err != nil {
			return err
		} else if err := json.Unmarshal(raw, &w, decodeOptions); err != nil {
			key := peekKey(raw)
			page.keys = append(page.keys, key)
			page.Problems = append(page.Problems, RecordProblem{ID: key.id, Index: index, Reason: unmarshalReason(err)})
			continue
		}
		item, key, reason := convert(&w)
		page.keys = append(page.keys, key)
		if reason != "" {
			page.Problems = append(page.Problems, RecordProblem{ID: key.id, Index: index, Reason: reason})
			continue
		}
		page.Items = append(page.Items, item)
	}
	_, err := dec.ReadToken()
	return err
}

func pageError(err error) error {
	if err == nil {
		return errBadPage
	}
	return fmt.Errorf("%w: %w", errBadPage, err)
}

// unmarshalReason turns a decoding error into a short reason naming the field.
func unmarshalReason(err error) string {
	var se *json.SemanticError
	if errors.As(err, &se) && se.JSONPointer != "" {
		return fmt.Sprintf("bad value at %s: %v", se.JSONPointer, se.Err)
	}
	return "unreadable record: " + err.Error()
}

// peekKey reads what it can of a record that failed to decode: its id (or
// entity_id) and updated_at, if those two are well formed.
func peekKey(raw []byte) recordKey {
	var key recordKey
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return key
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return key
		}
		n := tok.String() // a token is only valid until the next read
		val, err := dec.ReadToken()
		if err != nil {
			return key
		}
		switch {
		case (n == "id" || n == "entity_id") && val.Kind() == '0':
			key.id = int(val.Int())
		case n == "updated_at" && val.Kind() == '"':
			key.updatedAt, key.hasTime = parseTime([]byte(val.String()))
		}
		if k := val.Kind(); k == '{' || k == '[' {
			if err := skipRest(dec); err != nil {
				return key
			}
		}
	}
	return key
}

// skipRest skips the rest of the object or array whose start was just read.
func skipRest(dec *jsontext.Decoder) error {
	depth := dec.StackDepth()
	for dec.StackDepth() >= depth {
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
	}
	return nil
}
