package web

import (
	"net/http"
	"net/url"
	"strconv"

	"magecrm/internal/acl"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

// contactList is the contacts page.
type contactList struct {
	Contacts  []model.Contact
	List      *simpleList
	CanCreate bool
}

func (s *Server) showContactList(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	l := parseSimpleList(r.URL.Query(), "/contacts", crm.ContactSorts)
	contacts, total, err := s.CRM.Contacts(r.Context(), sess, l.query())
	if err != nil {
		s.serviceError(w, r, err)
		return
	}
	l.setTotal(total)
	s.render(w, r, http.StatusOK, "contact_list", &view{Title: "Contacts", Form: url.Values{"q": {l.Search}},
		Data: &contactList{Contacts: contacts, List: l, CanCreate: sess.Actor.Can(acl.Contact, acl.Create)}})
}

// simpleList is the state of a contacts or accounts list, kept in its URL.
type simpleList struct {
	Path   string
	Search string
	Sort   string
	Desc   bool
	Page   int
	Pages  int
	Total  int
	size   int
}

func parseSimpleList(q url.Values, path string, sorts map[string][]string) *simpleList {
	l := &simpleList{Path: path, Search: q.Get("q"), Sort: q.Get("sort"), Desc: q.Get("dir") == "desc", size: 25}
	if _, ok := sorts[l.Sort]; !ok {
		l.Sort = "name"
	}
	l.Page, _ = strconv.Atoi(q.Get("page"))
	l.Page = max(l.Page, 1)
	return l
}

func (l *simpleList) query() crm.ListQuery {
	return crm.ListQuery{Search: l.Search, Sort: l.Sort, Desc: l.Desc, Offset: (l.Page - 1) * l.size, Limit: l.size}
}

func (l *simpleList) setTotal(n int) {
	l.Total = n
	l.Pages = max((n+l.size-1)/l.size, 1)
}

func (l *simpleList) url(sort string, desc bool, page int) string {
	v := url.Values{}
	if l.Search != "" {
		v.Set("q", l.Search)
	}
	v.Set("sort", sort)
	if desc {
		v.Set("dir", "desc")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return l.Path + "?" + v.Encode()
}

// SortURL sorts by a column, toggling the direction when it already does.
func (l *simpleList) SortURL(key string) string { return l.url(key, l.Sort == key && !l.Desc, 1) }

// PageURL goes to page n.
func (l *simpleList) PageURL(n int) string { return l.url(l.Sort, l.Desc, n) }

// PrevPage is the page before this one.
func (l *simpleList) PrevPage() int { return l.Page - 1 }

// NextPage is the page after this one.
func (l *simpleList) NextPage() int { return l.Page + 1 }
