package magentosync

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/magesim"
	"magecrm/internal/store"
	"magecrm/internal/testrig"
)

// buildMagecrm builds the magecrm command into a temporary folder.
func buildMagecrm(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the magecrm command")
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	bin := filepath.Join(t.TempDir(), "magecrm")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/magecrm")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// openDSN opens and migrates the database at dsn for the test process.
func openDSN(t *testing.T, dsn string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// syncCommand is "magecrm sync --channel NAME args…" against dsn.
func (e *env) syncCommand(bin, dsn string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(bin, append([]string{"sync", "--channel", e.ch.Name, "--db", dsn, "--data", filepath.Dir(bin)}, args...)...)
	cmd.Env = append(os.Environ(), "MAGECRM_SECRET="+testrig.Secret)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

func TestKilledSyncProcessResumesOnRestartAndConverges(t *testing.T) {
	bin := buildMagecrm(t)
	for _, tc := range []struct {
		name                 string
		customers, killAfter int
		env                  func(*testing.T, *db.DB, magesim.Options) *env
		mirrors              func(*env, *testing.T) map[int]*storedCustomer
	}{
		{"magento2-rest", 3000, 600,
			func(t *testing.T, d *db.DB, o magesim.Options) *env { return newEnv(t, d, o, nil) },
			func(e *env, t *testing.T) map[int]*storedCustomer { return e.assertMirrors(t, true) }},
		{"magento1-soap", 1000, 200, newM1Env,
			func(e *env, t *testing.T) map[int]*storedCustomer { return e.assertM1Mirrors(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.DialectURLs(t, func(t *testing.T, dsn string) {
				d := openDSN(t, dsn)
				e := tc.env(t, d, magesim.Options{Customers: tc.customers, OrdersPerCustomer: 1})
				e.sim.SetFaults(magesim.Faults{Latency: 60 * time.Millisecond})

				cmd, out := e.syncCommand(bin, dsn, "--full", "--page-size", "50")
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				stored := 0
				for deadline := time.Now().Add(60 * time.Second); stored < tc.killAfter; time.Sleep(50 * time.Millisecond) {
					if time.Now().After(deadline) {
						cmd.Process.Kill()
						t.Fatalf("no batch was stored in time:\n%s", out)
					}
					if err := d.QueryRow("SELECT COUNT(*) FROM magento_customers").Scan(&stored); err != nil {
						t.Fatal(err)
					}
				}
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				cmd.Wait()
				if err := d.QueryRow("SELECT COUNT(*) FROM magento_customers").Scan(&stored); err != nil {
					t.Fatal(err)
				}
				if stored >= tc.customers {
					t.Fatalf("the run finished before it was killed:\n%s", out)
				}

				e.sim.SetFaults(magesim.Faults{})
				cmd, out = e.syncCommand(bin, dsn, "--full")
				if err := cmd.Run(); err != nil {
					t.Fatalf("restarted sync: %v\n%s", err, out)
				}
				runs, err := e.st.SyncRuns(context.Background(), e.ch.ID, 5)
				if err != nil || len(runs) != 2 {
					t.Fatalf("runs: %+v %v", runs, err)
				}
				if runs[1].Status != store.RunInterrupted {
					t.Errorf("the killed run is %q, want interrupted", runs[1].Status)
				}
				left := tc.customers - stored
				if runs[0].Status != store.RunFinished || runs[0].Created != left {
					t.Errorf("the restarted run: %s, %d created; want finished with the %d left", runs[0].Status, runs[0].Created, left)
				}
				if !strings.Contains(out.String(), "customers: "+thousandsTest(left)+" created") {
					t.Errorf("summary does not say what was created:\n%s", out)
				}
				e.assertOrders(t, tc.mirrors(e, t))
			})
		})
	}
}

func thousandsTest(n int) string {
	s := strconv.Itoa(n)
	if len(s) > 3 {
		s = s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}

func TestTwoSyncProcessesOnPostgreSQLRunOneAtATime(t *testing.T) {
	bin := buildMagecrm(t)
	dsn := dbtest.PostgresURL(t)
	d := openDSN(t, dsn)
	e := newEnv(t, d, magesim.Options{Customers: 2000, OrdersPerCustomer: -1}, nil)
	e.sim.SetFaults(magesim.Faults{Latency: 40 * time.Millisecond})

	type result struct {
		err error
		out string
	}
	results := make(chan result, 2)
	for range 2 {
		cmd, out := e.syncCommand(bin, dsn, "--page-size", "100")
		go func() {
			err := cmd.Run()
			results <- result{err, out.String()}
		}()
	}
	var ran, refused int
	for range 2 {
		r := <-results
		switch {
		case r.err == nil && strings.Contains(r.out, "2,000 created"):
			ran++
		case r.err != nil && strings.Contains(r.out, ErrBusy.Error()):
			refused++
		default:
			t.Errorf("unexpected outcome: %v\n%s", r.err, r.out)
		}
	}
	if ran != 1 || refused != 1 {
		t.Fatalf("%d processes ran and %d were refused; want one of each", ran, refused)
	}
	e.sim.SetFaults(magesim.Faults{})
	cmd, out := e.syncCommand(bin, dsn)
	if err := cmd.Run(); err != nil {
		t.Fatalf("a later sync: %v\n%s", err, out)
	}
	runs, err := e.st.SyncRuns(context.Background(), e.ch.ID, 5)
	if err != nil || len(runs) != 2 || runs[1].FinishedAt.After(runs[0].StartedAt) {
		t.Fatalf("runs overlap or are missing: %+v %v", runs, err)
	}
	e.assertMirrors(t, true)
}
