package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// maxFormOverhead is how much a multipart upload may carry besides its file.
const maxFormOverhead = 1 << 20

// uploadTime is how long a signed-in user's attachment upload may take to
// arrive. The server gives other requests less (2 minutes in production),
// which would cut off a large file on a slow line.
const uploadTime = 30 * time.Minute

// createAttachment takes an uploaded file with its comment. The file is
// streamed to the attachments folder (never held in memory) and kept only
// when its activity is saved.
func (s *Server) createAttachment(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if err := http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadTime)); err != nil {
		s.Log.Warn("attachment upload keeps the server's read limit", "err", err)
	}
	if s.CRM.Files != nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.CRM.Files.MaxSize+maxFormOverhead)
	}
	form, in, err := s.readAttachmentForm(r)
	if err == nil {
		_, err = s.CRM.AddAttachment(r.Context(), sess, in)
	} else if in.Upload != nil {
		in.Upload.Discard()
	}
	var fe crm.FieldErrors
	if errors.As(err, &fe) && len(in.Targets) > 0 {
		f, ferr := s.CRM.NewActivityForm(r.Context(), sess, model.KindAttachment, in.Targets[0].Entity, in.Targets[0].EntityID)
		if ferr != nil {
			s.serviceError(w, r, ferr)
			return
		}
		page := &activityFormPage{Kind: model.KindAttachment, Record: f.Record, Back: safeNext(form.Get("next"), f.Record.Href())}
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, page, url.Values{"body": {in.Comment}}, fe)
		return
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.renderError(w, r, http.StatusRequestEntityTooLarge, "The file is larger than this server accepts. Go back and attach a smaller file.")
		return
	}
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	flash(w, "The file "+in.FileName+" was attached.")
	http.Redirect(w, r, safeNext(form.Get("next"), in.Targets[0].Href())+"#timeline", http.StatusSeeOther)
}

// readAttachmentForm reads the multipart form part by part, staging the
// file as it streams in.
func (s *Server) readAttachmentForm(r *http.Request) (url.Values, crm.AttachmentInput, error) {
	form := url.Values{}
	var in crm.AttachmentInput
	err := s.readAttachmentParts(r, form, &in)
	id, _ := strconv.ParseInt(form.Get("entity_id"), 10, 64)
	if id != 0 {
		in.Targets = append(in.Targets, model.ActivityTarget{Entity: form.Get("entity"), EntityID: id})
	}
	in.Comment = form.Get("body")
	return form, in, err
}

func (s *Server) readAttachmentParts(r *http.Request, form url.Values, in *crm.AttachmentInput) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return crm.Refusal("The upload was not sent as a file form. Use the Attach file form.")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.readAttachmentPart(part, form, in); err != nil {
			return err
		}
	}
}

func (s *Server) readAttachmentPart(part *multipart.Part, form url.Values, in *crm.AttachmentInput) error {
	defer part.Close()
	if part.FormName() == "file" && part.FileName() != "" && in.Upload == nil {
		in.FileName = part.FileName()
		u, err := s.CRM.StageAttachment(part)
		in.Upload = u
		return err
	}
	v, err := io.ReadAll(io.LimitReader(part, maxFormOverhead))
	if err != nil {
		return err
	}
	form.Add(part.FormName(), string(v))
	return nil
}
