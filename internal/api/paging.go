package api

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
)

// listInput is what the contact and account lists take: a search, a sort
// and an opaque cursor, a position in the sort (keyset), so records added
// or removed meanwhile neither repeat nor shift the walk.
type listInput struct {
	Search string `query:"search" doc:"Contains, ignoring case"`
	Sort   string `query:"sort" default:"name"`
	Dir    string `query:"dir" enum:"asc,desc" default:"asc"`
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
	Cursor string `query:"cursor" doc:"The next page's position, from the previous page's next link"`
}

// after checks the sort against the list's sorts and reads the cursor.
func (in *listInput) after(sorts map[string][]string) (crm.CustomerKey, error) {
	if _, ok := sorts[in.Sort]; !ok {
		keys := make([]string, 0, len(sorts))
		for k := range sorts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return nil, huma.Error422UnprocessableEntity("The sort is not one of this list's.",
			&huma.ErrorDetail{Location: "query.sort", Message: "Choose one of: " + strings.Join(keys, ", ") + "."})
	}
	key, msg := readCursor(in.Cursor, in.Sort, in.Dir == "desc")
	if msg != "" {
		return nil, huma.Error422UnprocessableEntity("Some parameters could not be read: see errors.",
			&huma.ErrorDetail{Location: "query.cursor", Message: msg})
	}
	return key, nil
}

// query is the store's list query: one row more than a page, to tell
// whether another follows.
func (in *listInput) query(after crm.CustomerKey) crm.ListQuery {
	return crm.ListQuery{Search: in.Search, Sort: in.Sort, Desc: in.Dir == "desc", Limit: in.Limit + 1, After: after}
}

// next is the URL of the page behind key, the position of a page's last row.
func (in *listInput) next(path string, key crm.CustomerKey, extra url.Values) string {
	v := url.Values{}
	for k, vs := range extra {
		v[k] = vs
	}
	if in.Search != "" {
		v.Set("search", in.Search)
	}
	v.Set("sort", in.Sort)
	v.Set("dir", in.Dir)
	v.Set("limit", strconv.Itoa(in.Limit))
	b, _ := json.Marshal(cursor{Sort: in.Sort, Desc: in.Dir == "desc", Key: key})
	v.Set("cursor", base64.RawURLEncoding.EncodeToString(b))
	return Prefix + path + "?" + v.Encode()
}

// pageOf trims a list read with query to the page and, when more follow,
// returns the id of the page's last row.
func pageOf[T any](list []T, limit int, id func(*T) int64) ([]T, int64) {
	if len(list) <= limit {
		return list, 0
	}
	return list[:limit], id(&list[limit-1])
}

// versionTag is the ETag of a record without a version number: the time
// of its last change.
func versionTag(updatedMillis int64) string { return `"t` + strconv.FormatInt(updatedMillis, 10) + `"` }

// ifMatchTime reads the version in an If-Match header made by versionTag:
// 428 without one, 412 when it names no version.
func ifMatchTime(h string) (time.Time, error) {
	if h == "" {
		return time.Time{}, huma.NewError(428, "Send If-Match with the record's ETag, so a change made meanwhile is not overwritten.")
	}
	ms, err := strconv.ParseInt(strings.TrimPrefix(strings.Trim(strings.TrimPrefix(strings.TrimSpace(h), "W/"), `"`), "t"), 10, 64)
	if err != nil || ms < 0 {
		return time.Time{}, huma.Error412PreconditionFailed("If-Match does not hold a version of this record. Send the ETag a GET answered.")
	}
	return time.UnixMilli(ms), nil
}

// nextPage is the URL of a list's next page at cursor ("" when there is
// none), with the list's other parameters that are set.
func nextPage(path, cursor string, limit int, params map[string]string) string {
	if cursor == "" {
		return ""
	}
	v := url.Values{"cursor": {cursor}, "limit": {strconv.Itoa(limit)}}
	for k, val := range params {
		if val != "" {
			v.Set(k, val)
		}
	}
	return Prefix + path + "?" + v.Encode()
}
