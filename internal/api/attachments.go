package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// maxFormOverhead is how much an upload may carry besides its file.
const maxFormOverhead = 1 << 20

// uploadTime is how long an upload may take to arrive, so a large file on
// a slow line is not cut off by the server's read limit.
const uploadTime = 30 * time.Minute

// AttachmentUpload is the multipart form of a file to attach.
type AttachmentUpload struct {
	File    huma.FormFile `form:"file" required:"true" doc:"The file; its type is found from its content"`
	Comment string        `form:"comment" required:"false" doc:"Markdown, shown with the file"`
}

type attachmentCreateInput struct {
	ID      int64 `path:"id"`
	RawBody huma.MultipartFormFiles[AttachmentUpload]
}

// createAttachment attaches a file to a record of entity, as the pages'
// Attach file does.
func (s *Server) createAttachment(entity string) func(context.Context, *attachmentCreateInput) (*activityOutput, error) {
	return func(ctx context.Context, in *attachmentCreateInput) (*activityOutput, error) {
		form := in.RawBody.Data()
		defer form.File.Close()
		up := crm.AttachmentInput{Targets: []model.ActivityTarget{{Entity: entity, EntityID: in.ID}},
			FileName: form.File.Filename, Comment: form.Comment}
		var err error
		if up.Upload, err = s.CRM.StageAttachment(form.File); err != nil {
			return nil, s.activityProblem(err)
		}
		a, err := s.CRM.AddAttachment(ctx, sessionOf(ctx), up)
		if err != nil {
			return nil, s.activityProblem(err)
		}
		return s.activityAnswer(ctx, a.ID, http.StatusCreated)
	}
}

// limitUpload bounds an upload's body by the server's attachment size and
// gives it time to arrive. It reads the form before huma does, so that a
// body over the limit answers 413, and removes the form's temporary files
// afterwards, also when huma refuses the request before the handler runs.
func (s *Server) limitUpload(ctx huma.Context, next func(huma.Context)) {
	r, w := humago.Unwrap(ctx)
	if err := http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadTime)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.Log.Warn("attachment upload keeps the server's read limit", "err", err)
	}
	defer func() {
		if r.MultipartForm != nil {
			r.MultipartForm.RemoveAll()
		}
	}()
	if s.CRM.Files != nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.CRM.Files.MaxSize+maxFormOverhead)
		var tooLarge *http.MaxBytesError
		if err := r.ParseMultipartForm(humago.MultipartMaxMemory); errors.As(err, &tooLarge) {
			huma.WriteErr(s.api, ctx, http.StatusRequestEntityTooLarge, s.CRM.FileTooLarge())
			return
		}
	}
	next(ctx)
}

// downloadAttachment sends an attachment's file as plain bytes, always as
// a download: its type is in the activity's attachment.content_type.
func (s *Server) downloadAttachment(ctx context.Context, in *recordIDInput) (*huma.StreamResponse, error) {
	att, f, err := s.CRM.AttachmentFile(ctx, sessionOf(ctx), in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer f.Close()
		hc.SetHeader("Content-Type", "application/octet-stream")
		hc.SetHeader("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.FileName}))
		hc.SetHeader("Content-Security-Policy", "sandbox; default-src 'none'")
		if _, err := io.Copy(hc.BodyWriter(), f); err != nil {
			s.Log.Warn("send attachment", "activity", in.ID, "err", err)
		}
	}}, nil
}

func attachmentRoutes(s *Server) {
	for _, r := range []struct{ entity, path, name string }{
		{model.TargetCustomer, "/customers", "customer"}, {model.TargetContact, "/contacts", "contact"}, {model.TargetAccount, "/accounts", "account"},
	} {
		o := created(r.path+"/{id}/attachments", "create-"+r.name+"-attachment", "Activities",
			"Attach a file to the "+r.name+" (multipart/form-data: file, comment)", 403, 404, 409, 413, 422)
		o.Middlewares = huma.Middlewares{s.limitUpload}
		huma.Register(s.api, o, s.createAttachment(r.entity))
	}
	download := op(http.MethodGet, "/activities/{id}/file", "download-attachment", "Activities", "The file of an attachment activity", 403, 404, 409)
	download.Responses = map[string]*huma.Response{"200": {Description: "The file as plain bytes, as a download (its type is the activity's attachment.content_type)",
		Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}
	huma.Register(s.api, download, s.downloadAttachment)
}
