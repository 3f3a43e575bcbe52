package crm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"magecrm/internal/acl"
	"magecrm/internal/files"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// ErrNoAttachments means this process has no attachments folder.
var ErrNoAttachments = Refusal("Attachments are not available on this server.")

// StageAttachment writes an uploaded file to the attachments folder under
// a temporary name; AddAttachment keeps or discards it. A file over the
// size limit is a FieldErrors on "file" and leaves nothing behind.
func (s *Service) StageAttachment(r io.Reader) (*files.Upload, error) {
	if s.Files == nil {
		return nil, ErrNoAttachments
	}
	u, err := s.Files.Write(r)
	if errors.Is(err, files.ErrTooLarge) {
		return nil, FieldErrors{"file": s.FileTooLarge()}
	}
	return u, err
}

// FileTooLarge says that a file is over this server's size limit.
func (s *Service) FileTooLarge() string {
	return fmt.Sprintf("The file is larger than %s, the limit on this server. Attach a smaller file.", sizeLimit(s.Files.MaxSize))
}

func sizeLimit(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// AttachmentInput is an uploaded file with its comment, about records.
type AttachmentInput struct {
	Targets  []model.ActivityTarget
	FileName string
	Comment  string
	// Upload is the staged file (nil when none was chosen).
	Upload *files.Upload
}

// AddAttachment saves a staged file as an attachment activity about the
// records of in. Whatever goes wrong, the staged file is removed; once the
// row is saved the file gets its final name.
func (s *Service) AddAttachment(ctx context.Context, sess *Session, in AttachmentInput) (*model.Activity, error) {
	keep := false
	if in.Upload != nil {
		defer func() {
			if !keep {
				in.Upload.Discard()
			}
		}()
	}
	if !sess.Actor.Can(acl.Activity, acl.Create) {
		return nil, ErrForbidden
	}
	targets, err := s.activityTargets(ctx, sess, model.KindAttachment, in.Targets)
	if err != nil {
		return nil, err
	}
	fe := FieldErrors{}
	name := cleanFileName(in.FileName)
	switch {
	case in.Upload == nil || in.Upload.Size == 0:
		fe["file"] = "Choose a file to attach (an empty file cannot be attached)."
	case name == "":
		fe["file"] = "The file has no usable name. Rename it and attach it again."
	}
	comment := strings.TrimSpace(in.Comment)
	if len(comment) > maxBodyLength {
		fe["body"] = "Use at most 100,000 characters."
	}
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	a := &model.Activity{OrganizationID: sess.Actor.OrganizationID, OwnerUserID: sess.User.ID, CreatedByUserID: sess.User.ID,
		Kind: model.KindAttachment, Body: comment, Targets: targets,
		Attachment: &model.Attachment{FileName: name, ContentType: mimetype.Detect(in.Upload.Head).String(),
			Size: in.Upload.Size, StorageName: in.Upload.Name}}
	if err := s.Store.CreateActivity(ctx, store.ActivityChange{Activity: a, ActorID: sess.User.ID, At: s.Now().UTC()}); err != nil {
		return nil, err
	}
	keep = true
	if err := in.Upload.Keep(); err != nil {
		return nil, fmt.Errorf("keep attachment file: %w", err)
	}
	return a, nil
}

// cleanFileName keeps the last part of an uploaded file's name, without
// control characters, at most 200 bytes.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == "/" {
		return ""
	}
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// AttachmentFile opens the file of an attachment activity the actor may
// view. The caller closes it.
func (s *Service) AttachmentFile(ctx context.Context, sess *Session, activityID int64) (*model.Attachment, *os.File, error) {
	a, err := s.Activity(ctx, sess, activityID)
	if err != nil {
		return nil, nil, err
	}
	if a.Attachment == nil {
		return nil, nil, ErrNotFound
	}
	if s.Files == nil {
		return nil, nil, ErrNoAttachments
	}
	f, err := s.Files.OpenFile(a.Attachment.StorageName)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, Refusal("The file of this attachment is missing from the attachments folder. Ask an administrator to restore it from a backup.")
	}
	return a.Attachment, f, err
}

// SweepAttachments finishes what a crash left half done in the
// attachments folder: files whose row was saved are kept, others removed.
func (s *Service) SweepAttachments(ctx context.Context) error {
	if s.Files == nil {
		return nil
	}
	kept, removed, err := s.Files.Sweep(ctx, s.Store.AttachmentStored)
	if kept+removed > 0 {
		s.Log.Info("attachments folder swept", "kept", kept, "removed", removed)
	}
	return err
}

// removeFiles deletes the files of deleted attachments. A file that cannot
// be removed now is logged; the sweep at the next start removes it.
func (s *Service) removeFiles(names []string) {
	if s.Files == nil || len(names) == 0 {
		return
	}
	if err := s.Files.Remove(names...); err != nil {
		s.Log.Error("remove attachment files", "err", err)
	}
}
