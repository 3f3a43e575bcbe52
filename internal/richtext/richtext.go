package richtext

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))
	// policy allows paragraphs, emphasis, lists, tables, code and links
	// (http, https, mailto), and makes links open apart: rel="nofollow
	// noopener" target="_blank".
	policy = bluemonday.UGCPolicy().
		RequireNoFollowOnLinks(true).
		AddTargetBlankToFullyQualifiedLinks(true)
)

// HTML renders Markdown source as sanitised HTML.
func HTML(src string) template.HTML {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes()))
}
