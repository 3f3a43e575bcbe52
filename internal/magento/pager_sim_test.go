package magento

import (
	"context"
	"io"
	"net/http"
	"testing"

	"magecrm/internal/magesim"
)

func TestKeysetPagerMissesNothingWhileRecordsChange(t *testing.T) {
	clock := newClock()
	s := newStore(t, magesim.Options{Customers: 1200, Now: clock.Now})
	c := s.client(t, adminAuth, nil)
	p := NewKeysetPager(c, Mark{}, 100, NewSearch())
	seen := map[int]int{}
	edited := map[int]bool{}
	for pages := 0; ; pages++ {
		page, err := p.Next(ctx(t))
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, cu := range page.Items {
			seen[cu.ID]++
		}
		// While the run goes on, an admin edits one customer already read and
		// one not read yet: both must come (again) later.
		clock.Advance(1e9)
		if pages < 8 {
			for _, id := range []int{page.Items[0].ID, 1200 - pages} {
				if err := s.EditCustomer(id, magesim.CustomerEdit{Firstname: "Edited"}); err != nil {
					t.Fatal(err)
				}
				edited[id] = true
			}
		}
	}
	if len(seen) != 1200 {
		t.Errorf("read %d distinct customers of 1200", len(seen))
	}
	for id := range edited {
		if seen[id] < 1 {
			t.Errorf("edited customer %d never read", id)
		}
	}
	// Resuming from the saved mark reads nothing new.
	again := NewKeysetPager(c, p.Mark(), 100, NewSearch())
	if page, err := again.Next(ctx(t)); err != io.EOF {
		t.Errorf("after the mark: %v %v", page, err)
	}
	// An edit after the run is found from the mark.
	clock.Advance(1e9)
	s.EditCustomer(5, magesim.CustomerEdit{Lastname: "Later"})
	again = NewKeysetPager(c, p.Mark(), 100, NewSearch())
	page, err := again.Next(ctx(t))
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != 5 || page.Items[0].Lastname != "Later" {
		t.Errorf("delta after the mark: %+v %v", page, err)
	}
}

func TestIDPagerWindowsCoverEveryone(t *testing.T) {
	s := newStore(t, magesim.Options{Customers: 2500})
	c := s.client(t, adminAuth, nil)
	if err := s.DeleteCustomer(1000); err != nil {
		t.Fatal(err)
	}
	p := NewIDPager(c, 0, 1000, NewSearch())
	next, n := 0, 0
	for {
		w, err := p.Next(ctx(t))
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if w.After != next {
			t.Errorf("window after %d, want after %d", w.After, next)
		}
		for _, cu := range w.Items {
			if cu.ID <= w.After || cu.ID > w.Through {
				t.Errorf("customer %d outside window (%d, %d]", cu.ID, w.After, w.Through)
			}
			if cu.ID == 1000 {
				t.Error("deleted customer returned")
			}
			n++
		}
		next = w.Through
	}
	if n != 2499 {
		t.Errorf("%d customers in the windows, want 2499", n)
	}
}

func TestOffsetPagerOnBothVersions(t *testing.T) {
	for _, version := range []string{"2.4", "2.3"} {
		t.Run(version, func(t *testing.T) {
			s := newStore(t, magesim.Options{Customers: 200, Version: version})
			c := s.client(t, adminAuth, nil)

			// Past the end 2.4 answers an empty page, 2.3 the last page again.
			past, err := c.SearchCustomers(ctx(t), NewSearch().SortBy("entity_id", Asc).Size(100).Page(5))
			if err != nil {
				t.Fatal(err)
			}
			if want := map[string]int{"2.4": 0, "2.3": 100}[version]; past.Len() != want {
				t.Errorf("page 5 of 2 holds %d records, want %d", past.Len(), want)
			}

			// With total_count, and without it (a partial response), each
			// customer comes once and the pager stops.
			for _, withTotal := range []bool{true, false} {
				fetch := c.SearchCustomers
				if !withTotal {
					fetch = func(ctx context.Context, sc SearchCriteria) (*CustomerPage, error) {
						return c.searchCustomersFields(ctx, sc, "items[id,email,firstname,lastname,created_at,updated_at]")
					}
				}
				pager := NewOffsetPager(NewSearch().SortBy("entity_id", Asc).Size(100), fetch)
				seen := map[int]int{}
				for {
					page, err := pager.Next(ctx(t))
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					for _, cu := range page.Items {
						seen[cu.ID]++
					}
				}
				if len(seen) != 200 {
					t.Errorf("total %v: %d distinct customers", withTotal, len(seen))
				}
				for id, n := range seen {
					if n != 1 {
						t.Errorf("total %v: customer %d came %d times", withTotal, id, n)
					}
				}
			}
		})
	}
}

// searchCustomersFields is a customers search with a partial response, which
// leaves total_count out unless fields names it.
func (c *Client) searchCustomersFields(ctx context.Context, sc SearchCriteria, fields string) (*CustomerPage, error) {
	var page *CustomerPage
	cl := call{method: http.MethodGet, path: "/V1/customers/search", query: sc.Encode() + "&fields=" + escape(fields), safe: true}
	err := c.do(ctx, cl, func(body []byte) (err error) {
		page, err = decodePage(body, sc.PageSize, convertCustomer)
		return err
	})
	return page, err
}
