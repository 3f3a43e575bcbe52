package api

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

//go:embed reference.html
var referenceHTML string

var referenceTemplate = template.Must(template.New("reference").Parse(referenceHTML))

// referenceOperation is one operation as the reference page lists it.
type referenceOperation struct {
	Method, Path, Summary, Description string
	Params                             []*huma.Param
	Body                               string
	Responses                          []string
}

// referenceTag is a group of operations.
type referenceTag struct {
	Name       string
	Operations []referenceOperation
}

// showReference renders the OpenAPI document as a readable page, built
// from the same document the API serves.
func (s *Server) showReference(w http.ResponseWriter, r *http.Request) {
	doc := s.api.OpenAPI()
	byTag := map[string]*referenceTag{}
	var tags []*referenceTag
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		item := doc.Paths[p]
		for _, m := range []struct {
			name string
			op   *huma.Operation
		}{{"GET", item.Get}, {"POST", item.Post}, {"PUT", item.Put}, {"PATCH", item.Patch}, {"DELETE", item.Delete}} {
			if m.op == nil || strings.HasPrefix(m.op.OperationID, "fetch-openapi") {
				continue
			}
			tag := "Other"
			if len(m.op.Tags) > 0 {
				tag = m.op.Tags[0]
			}
			t := byTag[tag]
			if t == nil {
				t = &referenceTag{Name: tag}
				byTag[tag] = t
				tags = append(tags, t)
			}
			t.Operations = append(t.Operations, referenceEntry(m.name, p, m.op))
		}
	}
	var buf bytes.Buffer
	if err := referenceTemplate.Execute(&buf, map[string]any{"Info": doc.Info, "Tags": tags, "Prefix": Prefix}); err != nil {
		s.Log.Error("render API reference", "err", err)
		http.Error(w, internalError, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	buf.WriteTo(w)
}

func referenceEntry(method, path string, op *huma.Operation) referenceOperation {
	e := referenceOperation{Method: method, Path: path, Summary: op.Summary, Description: op.Description, Params: op.Parameters}
	if op.RequestBody != nil {
		for ct, mt := range op.RequestBody.Content {
			if mt.Schema != nil {
				e.Body = ct + ": " + schemaName(mt.Schema)
			}
		}
	}
	codes := make([]string, 0, len(op.Responses))
	for code, resp := range op.Responses {
		codes = append(codes, code+" "+resp.Description)
	}
	sort.Strings(codes)
	e.Responses = codes
	return e
}

func schemaName(s *huma.Schema) string {
	if s.Ref != "" {
		return s.Ref[strings.LastIndex(s.Ref, "/")+1:]
	}
	return s.Type
}
