package files

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// partSuffix marks a file whose database row may not be committed yet.
const partSuffix = ".part"

// ErrTooLarge means an upload is bigger than the folder's limit.
var ErrTooLarge = errors.New("file too large")

// Folder is the folder attachment files live in.
type Folder struct {
	Dir string
	// MaxSize is the largest file accepted, in bytes.
	MaxSize int64
}

// Open returns the folder at dir, created with mode 0700 when missing.
func Open(dir string, maxSize int64) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("attachments folder: %w", err)
	}
	return &Folder{Dir: dir, MaxSize: maxSize}, nil
}

// Upload is a file written to its temporary name, waiting for its row.
type Upload struct {
	folder *Folder
	// Name is the file's storage name once kept.
	Name string
	// Size is how many bytes were written.
	Size int64
	// Head is the file's first bytes, for detecting its type.
	Head []byte
}

// headSize is how many leading bytes an upload keeps for type detection.
const headSize = 3072

// Write copies r to a new temporary file, refusing more than MaxSize bytes
// with ErrTooLarge (and leaving nothing behind).
func (f *Folder) Write(r io.Reader) (*Upload, error) {
	u := &Upload{folder: f, Name: rand.Text()}
	out, err := os.OpenFile(u.path()+partSuffix, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store attachment: %w", err)
	}
	head := &headWriter{max: headSize}
	n, err := io.Copy(io.MultiWriter(out, head), io.LimitReader(r, f.MaxSize+1))
	if err == nil && n > f.MaxSize {
		err = ErrTooLarge
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(u.path() + partSuffix)
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("store attachment: %w", err)
	}
	u.Size, u.Head = n, head.b
	return u, nil
}

func (u *Upload) path() string { return filepath.Join(u.folder.Dir, u.Name) }

// Keep gives the file its storage name, once its row is committed.
func (u *Upload) Keep() error { return os.Rename(u.path()+partSuffix, u.path()) }

// Discard removes the temporary file of an upload whose row was not saved.
func (u *Upload) Discard() { os.Remove(u.path() + partSuffix) }

// OpenFile opens a kept file for reading.
func (f *Folder) OpenFile(name string) (*os.File, error) {
	if !validName(name) {
		return nil, os.ErrNotExist
	}
	return os.Open(filepath.Join(f.Dir, name))
}

// Remove deletes kept files; a file already gone is not an error.
func (f *Folder) Remove(names ...string) error {
	var errs []error
	for _, name := range names {
		if !validName(name) {
			continue
		}
		if err := os.Remove(filepath.Join(f.Dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Sweep finishes what a crash left half done: a ".part" file whose row was
// committed is kept, any other ".part" file and any file without a row is
// removed. stored reports whether a row names a storage name.
func (f *Folder) Sweep(ctx context.Context, stored func(context.Context, string) (bool, error)) (kept, removed int, err error) {
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return 0, 0, fmt.Errorf("sweep attachments: %w", err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), partSuffix)
		if e.IsDir() || !validName(name) {
			continue
		}
		ok, err := stored(ctx, name)
		if err != nil {
			return kept, removed, err
		}
		path := filepath.Join(f.Dir, e.Name())
		switch {
		case ok && name != e.Name():
			if err := os.Rename(path, filepath.Join(f.Dir, name)); err != nil {
				return kept, removed, err
			}
			kept++
		case !ok:
			if err := os.Remove(path); err != nil {
				return kept, removed, err
			}
			removed++
		}
	}
	return kept, removed, nil
}

// validName reports whether name is a storage name this package made: it
// can never walk out of the folder.
func validName(name string) bool {
	if len(name) != 26 {
		return false
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	b   []byte
	max int
}

func (h *headWriter) Write(p []byte) (int, error) {
	if room := h.max - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
