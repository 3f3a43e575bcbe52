package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// downloadAttachment sends an attachment's file to whoever may view its
// activity, always as a download: types a browser would run or render as a
// page (HTML, SVG, XML, scripts) are sent as plain bytes, and the sandbox
// policy keeps anything opened directly from running script.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64) // 0 when malformed: 404
	att, f, err := s.CRM.AttachmentFile(r.Context(), sessionOf(r), id)
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", servedType(att.ContentType))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.FileName}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", att.CreatedAt, f)
}

// servedType is the Content-Type an attachment is sent with.
func servedType(detected string) string {
	t, _, _ := mime.ParseMediaType(detected)
	switch {
	case t == "", strings.Contains(t, "html"), strings.Contains(t, "svg"), strings.Contains(t, "xml"),
		strings.Contains(t, "javascript"), strings.Contains(t, "ecmascript"):
		return "application/octet-stream"
	}
	return detected
}
