package crm_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/files"
	"magecrm/internal/model"
)

func TestDeletingARecordTakesTheActivitiesAboutItAlone(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		dir := t.TempDir()
		folder, err := files.Open(dir, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		f.svc.Files = folder
		account, err := f.svc.SaveAccount(ctx, f.ann, 0, crm.AccountInput{Name: "Acme"})
		if err != nil {
			t.Fatal(err)
		}
		both := append(f.onContact(), model.ActivityTarget{Entity: model.TargetAccount, EntityID: account.ID})
		alone, err := f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindNote, Body: "only about Carl", Targets: f.onContact()})
		if err != nil {
			t.Fatal(err)
		}
		shared, err := f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindNote, Body: "Carl and Acme", Targets: both})
		if err != nil {
			t.Fatal(err)
		}
		u, err := f.svc.StageAttachment(strings.NewReader("hello"))
		if err != nil {
			t.Fatal(err)
		}
		file, err := f.svc.AddAttachment(ctx, f.ann, crm.AttachmentInput{Targets: f.onContact(), FileName: "carl.txt", Upload: u})
		if err != nil {
			t.Fatal(err)
		}

		if err := f.svc.DeleteContact(ctx, f.admin, f.contact.ID); err != nil {
			t.Fatal(err)
		}
		for _, gone := range []int64{alone.ID, file.ID} {
			if _, err := f.svc.Activity(ctx, f.admin, gone); !errors.Is(err, crm.ErrNotFound) {
				t.Errorf("activity %d about the deleted contact alone is still there: %v", gone, err)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("the deleted attachment's file is still on disk: %v", entries)
		}
		kept, err := f.svc.Activity(ctx, f.admin, shared.ID)
		if err != nil {
			t.Fatalf("the note about the account too was deleted: %v", err)
		}
		if len(kept.Targets) != 1 || kept.Targets[0].Entity != model.TargetAccount {
			t.Errorf("the kept note is about %+v, want the account alone", kept.Targets)
		}
		tl, err := f.svc.Timeline(ctx, f.admin, crm.TimelineInput{Entity: model.TargetAccount, ID: account.ID})
		if err != nil || len(tl.Activities) != 1 || tl.Activities[0].ID != shared.ID {
			t.Fatalf("account timeline after the contact's deletion: %+v %v", tl, err)
		}
		for _, table := range []string{"activity_targets", "activity_summaries"} {
			var n int
			if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE entity = $1 AND entity_id = $2", model.TargetContact, f.contact.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s: %d rows still name the deleted contact", table, n)
			}
		}
	})
}
