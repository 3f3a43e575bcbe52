package crm

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
