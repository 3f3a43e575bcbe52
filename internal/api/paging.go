package api

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// listInput is what the contact and account lists take: a search, a sort
// and an opaque cursor. These small lists page by position.
type listInput struct {
	Search string `query:"search" doc:"Contains, ignoring case"`
	Sort   string `query:"sort" default:"name"`
	Dir    string `query:"dir" enum:"asc,desc" default:"asc"`
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
	Cursor string `query:"cursor" doc:"The next page's position, from the previous page's next link"`
}

// offset reads the cursor and checks the sort against the list's sorts.
func (in *listInput) offset(sorts map[string][]string) (int, error) {
	if _, ok := sorts[in.Sort]; !ok {
		keys := make([]string, 0, len(sorts))
		for k := range sorts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return 0, huma.Error422UnprocessableEntity("The sort is not one of this list's.",
			&huma.ErrorDetail{Location: "query.sort", Message: "Choose one of: " + strings.Join(keys, ", ") + "."})
	}
	if in.Cursor == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(in.Cursor)
	n, err2 := strconv.Atoi(strings.TrimPrefix(string(b), "o:"))
	if err != nil || err2 != nil || n < 0 {
		return 0, huma.Error422UnprocessableEntity("The cursor is damaged.",
			&huma.ErrorDetail{Location: "query.cursor", Message: "Use the next link exactly as a page gave it."})
	}
	return n, nil
}

// next is the URL of the page after one that started at offset and held
// got rows of total, or "" at the end.
func (in *listInput) next(path string, offset, got, total int, extra url.Values) string {
	if offset+got >= total || got == 0 {
		return ""
	}
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
	v.Set("cursor", base64.RawURLEncoding.EncodeToString([]byte("o:"+strconv.Itoa(offset+got))))
	return Prefix + path + "?" + v.Encode()
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

// checkIfMatch compares an If-Match header with a record's ETag.
func checkIfMatch(h, current string) error {
	switch {
	case h == "":
		return huma.NewError(428, "Send If-Match with the record's ETag, so a change made meanwhile is not overwritten.")
	case strings.TrimPrefix(strings.TrimSpace(h), "W/") != current:
		return huma.Error412PreconditionFailed("Someone changed this record since the version in If-Match. Read it again, then make your change.")
	}
	return nil
}
