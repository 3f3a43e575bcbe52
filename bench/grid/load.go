package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// loadResult is what the concurrent users saw, per kind of request.
type loadResult struct {
	users    int
	took     time.Duration
	kinds    map[string][]time.Duration
	errors   int
	firstErr string
	cpu      time.Duration // the process's CPU time: server and users' clients
}

// loadUser is one signed-in person of the load: the administrator or a
// representative, who views and edits the customers that person owns or
// may see.
type loadUser struct {
	token string
	slot  int // customers with id ≡ slot (mod users) are this user's
}

// runLoad lets users people work at once against a real HTTP server for
// the duration: each in turn opens a filtered, sorted grid (6 in 10), a
// customer's page (3 in 10) or edits a customer through the edit form (1 in
// 10; the edit page and the save are timed apart). Every answer must be the
// one the page gives on success.
func runLoad(srvURL string, users []loadUser, paths []string, customers int, d time.Duration) *loadResult {
	res := &loadResult{users: len(users), kinds: map[string][]time.Duration{}}
	var mu sync.Mutex
	record := func(kind string, took time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			res.errors++
			if res.firstErr == "" {
				res.firstErr = err.Error()
			}
			return
		}
		res.kinds[kind] = append(res.kinds[kind], took)
	}
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			c := newLoadClient(srvURL, u.token)
			for time.Now().Before(deadline) {
				id := u.slot + len(users)*rng.IntN(max(customers/len(users), 1))
				if id == 0 {
					id = len(users)
				}
				switch r := rng.IntN(10); {
				case r < 6:
					t, err := c.get(paths[rng.IntN(len(paths))], `id="grid-total"`)
					record("filtered grid", t, err)
				case r < 9:
					t, err := c.get("/customers/"+strconv.Itoa(id), "<h1")
					record("customer page", t, err)
				default:
					te, ts, err := c.edit(id, i)
					record("edit page", te, err)
					if err == nil {
						record("save (edit)", ts, nil)
					}
				}
			}
		})
	}
	wg.Wait()
	res.took = time.Since(start)
	return res
}

// loadClient is one user's browser: a session cookie, no redirects.
type loadClient struct {
	base string
	http *http.Client
}

func newLoadClient(base, token string) *loadClient {
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(base)
	jar.SetCookies(u, []*http.Cookie{{Name: "magecrm_session", Value: token}})
	return &loadClient{base: base, http: &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *loadClient) get(path, want string) (time.Duration, error) {
	start := time.Now()
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
		return 0, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return took, nil
}

// edit opens a customer's edit form and saves it with the middle name
// changed; it returns the time of each of the two requests.
func (c *loadClient) edit(id, user int) (time.Duration, time.Duration, error) {
	path := "/customers/" + strconv.Itoa(id)
	start := time.Now()
	resp, err := c.http.Get(c.base + path + "/edit")
	if err != nil {
		return 0, 0, err
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	tookPage := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET %s/edit: %s %v", path, resp.Status, err)
	}
	form := doc.Find("form").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find(`input[name="row_version"]`).Length() > 0
	})
	v := url.Values{}
	form.Find("input[name], select[name], textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		switch {
		case goquery.NodeName(s) == "select":
			val, _ := s.Find("option[selected]").Attr("value")
			v.Add(name, val)
		case goquery.NodeName(s) == "textarea":
			v.Add(name, s.Text())
		case typ == "checkbox" || typ == "radio":
			if _, on := s.Attr("checked"); on {
				val, ok := s.Attr("value")
				if !ok {
					val = "on"
				}
				v.Add(name, val)
			}
		case typ == "submit" || typ == "password":
		default:
			val, _ := s.Attr("value")
			v.Add(name, val)
		}
	})
	v.Set("middle_name", "Load"+strconv.Itoa(user))
	start = time.Now()
	resp, err = c.http.PostForm(c.base+path, v)
	if err != nil {
		return 0, 0, err
	}
	resp.Body.Close()
	tookSave := time.Since(start)
	if resp.StatusCode != http.StatusSeeOther {
		return 0, 0, fmt.Errorf("POST %s: %s", path, resp.Status)
	}
	return tookPage, tookSave, nil
}

// percentile is the p-th percentile of ts (sorted in place).
func percentile(ts []time.Duration, p int) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	slices.Sort(ts)
	return ts[max((len(ts)*p+99)/100-1, 0)]
}
