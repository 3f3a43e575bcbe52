package crm

import (
	"context"

	"magecrm/internal/acl"
	"magecrm/internal/store"
)

// ConflictPage is a page of a channel's open conflicts, newest first.
type ConflictPage struct {
	Conflicts []ChannelConflict
	// Next is the cursor of the next (older) page, "" on the last.
	Next string
}

// ChannelConflicts returns a page of the open conflicts of a channel's
// customers the actor may view, as its page lists them: after is a
// page's Next ("" for the newest). A damaged cursor is a FieldErrors on
// "cursor".
func (s *Service) ChannelConflicts(ctx context.Context, sess *Session, id int64, after string, limit int) (*ConflictPage, error) {
	if _, err := s.channelFor(ctx, sess, id, acl.View); err != nil {
		return nil, err
	}
	var from *store.ConflictCursor
	if after != "" {
		c := parseCursor(after)
		if c == nil {
			return nil, FieldErrors{"cursor": "The cursor is damaged. Use the next link exactly as a page gave it."}
		}
		from = (*store.ConflictCursor)(c)
	}
	list, err := s.channelConflicts(ctx, sess, id, from, limit+1)
	if err != nil {
		return nil, err
	}
	p := &ConflictPage{Conflicts: list}
	if len(list) > limit {
		p.Conflicts = list[:limit]
		last := list[limit-1]
		p.Next = formatCursor(last.CreatedAt, last.ID)
	}
	return p, nil
}
