package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"magecrm/bench/internal/machine"
	"magecrm/internal/connector"
	"magecrm/internal/db"
	"magecrm/internal/magento"
	"magecrm/internal/magentosync"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/secret"
	"magecrm/internal/store"
)

// child runs one measurement and prints its result as a JSON line.
func child(p params) error {
	var r result
	var err error
	switch p.phase {
	case "fetch":
		r, err = fetchOnly(p)
	case "write":
		r, err = writeOnly(p)
	case "bare":
		r, err = bareWrite(p)
	case "import", "import-m1":
		r, err = importAll(p)
	default:
		err = fmt.Errorf("unknown phase %q", p.phase)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// simChannel is a channel to the simulator with its integration token.
func simChannel(p params) *model.Channel {
	return &model.Channel{Name: "Bench", Type: model.Magento2, BaseURL: p.sim, AuthKind: model.AuthBearer,
		Credentials: model.Credentials{AccessToken: magesim.DefaultAccessToken}, WebsiteID: model.AllWebsites,
		Priority: model.RemoteWins, SyncInterval: time.Hour, Enabled: true}
}

// readAll pages through every customer, calling take for each page.
func readAll(p params, take func(*connector.CustomerPage)) (int, error) {
	ch := simChannel(p)
	c, err := connector.NewMagento2Client(ch, nil)
	if err != nil {
		return 0, err
	}
	pager := connector.NewMagento2Source(c, ch).CreatedCustomers(magento.Mark{}, time.Now().Add(time.Hour), p.pageSize)
	n := 0
	for {
		page, err := pager.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n += len(page.Customers) + len(page.Problems)
		take(page)
	}
}

func fetchOnly(p params) (result, error) {
	start := time.Now()
	n, err := readAll(p, func(*connector.CustomerPage) {})
	return result{Count: n, Seconds: time.Since(start).Seconds(), RSSMiB: peakRSS()}, err
}

// writeOnly reads every customer first, then times the engine storing
// them from memory through a Source that replays them.
func writeOnly(p params) (result, error) {
	ch := simChannel(p)
	c, err := connector.NewMagento2Client(ch, nil)
	if err != nil {
		return result{}, err
	}
	src := connector.NewMagento2Source(c, ch)
	dict, err := src.Dictionaries(context.Background())
	if err != nil {
		return result{}, err
	}
	rp := &replay{dict: dict}
	if _, err := readAll(p, func(page *connector.CustomerPage) { rp.all = append(rp.all, page.Customers...) }); err != nil {
		return result{}, err
	}
	sort.Slice(rp.all, func(i, j int) bool {
		return before(rp.all[i].CreatedAt, rp.all[i].ID, rp.all[j].CreatedAt, rp.all[j].ID)
	})
	st, ch, err := openStore(p)
	if err != nil {
		return result{}, err
	}
	eng := magentosync.NewEngine(st, slog.New(slog.DiscardHandler))
	eng.PageSize = p.pageSize
	eng.NewSource = func(*model.Channel) (connector.Source, error) { return rp, nil }
	start := time.Now()
	sum, err := eng.Run(context.Background(), ch.ID, magentosync.RunOptions{Full: true})
	if err != nil {
		return result{}, err
	}
	return result{Count: sum.Created, Seconds: time.Since(start).Seconds()}, nil
}

// importAll times the initial import, then changes customers in Magento
// and times the incremental run that picks them up.
func importAll(p params) (result, error) {
	st, ch, err := openStore(p)
	if err != nil {
		return result{}, err
	}
	eng := magentosync.NewEngine(st, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	eng.PageSize = p.pageSize
	var r result
	// Peak memory when a quarter, half and all of the store is read: flat
	// is bounded, growing is not.
	marks := []int{p.customers / 4, p.customers / 2}
	var indexes time.Time // when the step building the indexes began, until the next one
	mem := machine.SampleMemory()
	progress := func(pr magentosync.Progress) {
		if pr.Step == "all customers" && len(marks) > 0 && pr.Fetched >= marks[0] {
			peak := mem.Peak()
			r.RSSAt, r.AnonAt, r.FileAt, marks = append(r.RSSAt, peakRSS()), append(r.AnonAt, peak.Anon), append(r.FileAt, peak.File), marks[1:]
		}
		switch {
		case pr.Step == "building indexes" && indexes.IsZero():
			indexes = time.Now()
		case pr.Step != "building indexes" && !indexes.IsZero() && r.IndexSeconds == 0:
			r.IndexSeconds = time.Since(indexes).Seconds()
		}
	}
	start, cpu := time.Now(), cpuSeconds()
	sum, err := eng.Run(context.Background(), ch.ID, magentosync.RunOptions{Full: true, Progress: progress})
	peak := mem.Stop()
	r.AnonMiB, r.FileMiB = peak.Anon, peak.File
	if err != nil {
		return result{}, err
	}
	r.Count, r.Seconds, r.RSSMiB, r.CPUSeconds = sum.Fetched, time.Since(start).Seconds(), peakRSS(), cpuSeconds()-cpu
	r.RSSAt, r.AnonAt, r.FileAt = append(r.RSSAt, r.RSSMiB), append(r.AnonAt, r.AnonMiB), append(r.FileAt, r.FileMiB)
	if sum.Created != p.customers {
		return r, fmt.Errorf("import created %d customers, want %d", sum.Created, p.customers)
	}
	if err := change(p); err != nil {
		return r, err
	}
	start = time.Now()
	inc, err := eng.Run(context.Background(), ch.ID, magentosync.RunOptions{})
	if err != nil {
		return r, err
	}
	r.IncSeconds, r.IncUpdated = time.Since(start).Seconds(), inc.Updated
	return r, nil
}

// change edits p.changes customers spread over the store, as an admin would.
func change(p params) error {
	client := &http.Client{}
	for i := range p.changes {
		id := 1 + (i*7919)%p.customers
		body := fmt.Sprintf(`{"lastname":"Changed%d"}`, i)
		resp, err := client.Post(p.sim+"/__sim/customers/"+strconv.Itoa(id)+"/edit", "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("edit customer %d: %s", id, resp.Status)
		}
	}
	return nil
}

// openStore opens and migrates the measurement's database and adds a
// channel to the simulator.
func openStore(p params) (*store.Store, *model.Channel, error) {
	ctx := context.Background()
	d, err := db.Open(ctx, p.dsn)
	if err != nil {
		return nil, nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		return nil, nil, err
	}
	box, err := secret.New("benchmark instance secret 0123456789")
	if err != nil {
		return nil, nil, err
	}
	st := store.New(d, box)
	orgID, unitID, err := st.Bootstrap(ctx, "Bench")
	if err != nil {
		return nil, nil, err
	}
	u := &model.User{OrganizationID: orgID, BusinessUnitID: unitID, Username: "owner", Enabled: true}
	if err := st.CreateUser(ctx, u, "x"); err != nil {
		return nil, nil, err
	}
	ch := simChannel(p)
	if p.phase == "import-m1" { // the same store through its Magento 1 SOAP v2 API
		ch.Type, ch.AuthKind = model.Magento1, model.AuthSOAP
		ch.Credentials = model.Credentials{APIUser: magesim.DefaultSOAPUser, APIKey: magesim.DefaultSOAPKey}
	}
	ch.OrganizationID, ch.OwnerUserID, ch.DefaultOwnerID = orgID, u.ID, u.ID
	if err := st.CreateChannel(ctx, ch); err != nil {
		return nil, nil, err
	}
	return st, ch, nil
}

// cpuSeconds is the CPU time this process has used.
func cpuSeconds() float64 { return machine.CPUUsed().Seconds() }

// peakRSS is this process's peak resident memory (VmHWM) in MiB: its own
// memory and the pages of mapped files it touched (its code, and the
// SQLite file where a connection maps it).
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}
