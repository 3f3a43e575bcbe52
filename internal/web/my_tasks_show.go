package web

import (
	"net/http"

	"magecrm/internal/crm"
)

// myTasksPage is the signed-in user's tasks, reminders, events and feed.
type myTasksPage struct {
	*crm.MyWork
	// FeedURL is the calendar feed's address, shown once right after it
	// was made.
	FeedURL string
}

func (s *Server) showMyTasks(w http.ResponseWriter, r *http.Request) {
	s.renderMyTasks(w, r, "")
}

func (s *Server) renderMyTasks(w http.ResponseWriter, r *http.Request, feedURL string) {
	work, err := s.CRM.MyWork(r.Context(), sessionOf(r))
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "my_tasks", &view{Title: "My tasks and calendar", Data: &myTasksPage{MyWork: work, FeedURL: feedURL}})
}
