package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"magecrm/internal/magentosync"
	"magecrm/internal/store"
)

func TestSyncSummarySaysWhatTheRunDidAndWhichRecordsFailed(t *testing.T) {
	var b bytes.Buffer
	printSummary(&b, &magentosync.Summary{RunID: 7, Channel: "Main shop", Kind: "initial", Fetched: 1234567,
		Created: 1234560, Failed: 2, Duration: 100 * time.Second, Orders: store.ImportCounts{Created: 12},
		Errors: []store.SyncError{{Entity: "customer", RemoteID: "21", Message: `invalid dob "1985-02-30"`},
			{Entity: "customer", Message: "missing lastname"}}})
	out := b.String()
	for _, want := range []string{
		`Channel "Main shop", run 7 (initial): 1,234,567 customers read in 1m40s (12,345/s)`,
		"1,234,560 created, 0 updated, 0 unchanged, 0 removed in Magento, 2 failed",
		"orders:    12 created",
		`customer 21: invalid dob "1985-02-30"`,
		"customer (id unreadable): missing lastname",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestSyncWithoutChannelIsAUsageError(t *testing.T) {
	var out, errs bytes.Buffer
	if code := Main(t.Context(), []string{"sync", "--data", t.TempDir()}, &out, &errs); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
}

func TestProgressLineWithoutTerminalPrintsPlainLines(t *testing.T) {
	var b bytes.Buffer
	p := newProgressLine(&b)
	p.show(magentosync.Progress{Step: "initial import", Fetched: 5000, Total: 10000, Rate: 2500, ETA: 2 * time.Second})
	p.show(magentosync.Progress{Step: "initial import", Fetched: 6000, Total: 10000})
	p.done()
	if got := b.String(); got != "initial import     5,000/10,000  2,500/s  2s left\n" {
		t.Errorf("progress output %q", got)
	}
}

// A record the run took with changes is a warning: it is not listed among
// the records that could not be taken.
func TestSyncSummaryListsWarningsApartFromFailures(t *testing.T) {
	var b bytes.Buffer
	printSummary(&b, &magentosync.Summary{RunID: 8, Channel: "Main shop", Kind: "full", Fetched: 2, Created: 2, Failed: 0,
		Errors: []store.SyncError{{Entity: "customer", RemoteID: "5", Message: store.ImportWarning + "last name: 1 control character (such as NUL) removed."}}})
	out := b.String()
	if strings.Contains(out, "could not be taken") {
		t.Errorf("a warning is listed as a record that could not be taken:\n%s", out)
	}
	if !strings.Contains(out, "Records taken with changes (the first 1;") || !strings.Contains(out, "customer 5: Imported with changes: last name") {
		t.Errorf("the warning is not listed as one:\n%s", out)
	}
}
