package push_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/jobs"
	"magecrm/internal/magesim"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// TestKilledSenderResumesWithoutDuplicates kills "magecrm serve" with
// SIGKILL while it sends creates, right after Magento made a customer whose
// answer it holds (made in Magento, not yet recorded in magecrm), starts it
// again, and checks that Magento has every customer exactly once and magecrm
// shows each in sync.
func TestKilledSenderResumesWithoutDuplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the magecrm command")
	}
	_, file, _, _ := runtime.Caller(0)
	bin := filepath.Join(t.TempDir(), "magecrm")
	build := exec.Command("go", "build", "-o", bin, "./cmd/magecrm")
	build.Dir = filepath.Join(filepath.Dir(file), "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const creates = 120
	dbtest.DialectURLs(t, func(t *testing.T, dsn string) {
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if err := d.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, d, magesim.Options{Customers: 5}, model.RemoteWins)
		for i := range creates {
			e.create(email(i), "Kill", "Test", 1, "")
		}
		e.sim.SetFaults(magesim.Faults{Latency: 20 * time.Millisecond})
		serve := func() (*exec.Cmd, *strings.Builder) {
			cmd := exec.Command(bin, "serve", "--db", dsn, "--data", t.TempDir(), "--listen", "127.0.0.1:0")
			cmd.Env = append(os.Environ(), "MAGECRM_SECRET="+testSecret)
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			return cmd, &out
		}
		cmd, out := serve()
		waitFor := func(what string, done func() bool) {
			for deadline := time.Now().Add(60 * time.Second); !done(); time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("%s: not in time:\n%s", what, out)
				}
			}
		}
		waitFor("a quarter of the creates reach Magento", func() bool { return e.sim.CustomerCount() >= 5+creates/4 })
		// From now on Magento makes each customer and holds its answer: the
		// kill comes between Magento's commit and magecrm's record.
		e.sim.SetFaults(magesim.Faults{AnswerDelay: time.Hour})
		waitFor("a create made in Magento while its answer is held", func() bool { return e.sim.HeldAnswers() > 0 })
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		e.sim.SetFaults(magesim.Faults{Latency: 5 * time.Millisecond})
		cmd, out = serve()
		defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			n, err := jobs.Count(context.Background(), d, store.PushQueue(e.ch.ID))
			if err != nil {
				t.Fatal(err)
			}
			if len(n) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("sends left after the restart: %v\n%s", n, out)
			}
		}
		e.sim.SetFaults(magesim.Faults{})
		if got := e.sim.CustomerCount(); got != 5+creates {
			t.Errorf("Magento has %d customers, want %d", got, 5+creates)
		}
		for i := range creates {
			if n := len(e.remote(email(i))); n != 1 {
				t.Errorf("%s is in Magento %d times", email(i), n)
			}
		}
		var waiting int
		if err := d.QueryRow("SELECT COUNT(*) FROM magento_customers WHERE sync_state <> 0 OR origin_id IS NULL").Scan(&waiting); err != nil || waiting != 0 {
			t.Errorf("%d customers not in sync (%v)", waiting, err)
		}
	})
}
