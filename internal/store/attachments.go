package store

import (
	"context"
	"database/sql"
	"fmt"

	"magecrm/internal/model"
)

func insertAttachment(ctx context.Context, tx *sql.Tx, a *model.Activity) error {
	f := a.Attachment
	f.ActivityID, f.CreatedAt = a.ID, a.CreatedAt
	err := tx.QueryRowContext(ctx, `INSERT INTO attachments (activity_id, file_name, content_type, size, storage_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		f.ActivityID, f.FileName, f.ContentType, f.Size, f.StorageName, millis(f.CreatedAt)).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("insert attachment: %w", err)
	}
	return nil
}

func (s *Store) loadAttachments(ctx context.Context, byID map[int64]*model.Activity, ids []any) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, activity_id, file_name, content_type, size, storage_name, created_at
		FROM attachments WHERE activity_id IN (`+placeholders(1, len(ids))+`)`, ids...)
	if err != nil {
		return fmt.Errorf("load attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f model.Attachment
		var created int64
		if err := rows.Scan(&f.ID, &f.ActivityID, &f.FileName, &f.ContentType, &f.Size, &f.StorageName, &created); err != nil {
			return err
		}
		f.CreatedAt = fromMillis(created)
		byID[f.ActivityID].Attachment = &f
	}
	return rows.Err()
}

// AttachmentStored reports whether a row names this stored file, so that a
// sweep of the attachments folder can tell kept files from orphans.
func (s *Store) AttachmentStored(ctx context.Context, storageName string) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM attachments WHERE storage_name = $1", storageName).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up attachment file: %w", err)
	}
	return n > 0, nil
}
