package crm

import "context"

// Preference returns one of the signed-in person's saved preferences ("" when none).
func (s *Service) Preference(ctx context.Context, sess *Session, name string) (string, error) {
	return s.Store.Preference(ctx, sess.User.ID, name)
}

// SetPreference saves one of the signed-in person's preferences.
func (s *Service) SetPreference(ctx context.Context, sess *Session, name, value string) error {
	if len(value) > 2000 {
		return FieldErrors{name: "This choice is too long to be saved."}
	}
	return s.Store.SetPreference(ctx, sess.User.ID, name, value)
}
