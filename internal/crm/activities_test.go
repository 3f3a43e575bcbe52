package crm_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"magecrm/internal/crm"
	"magecrm/internal/db"
	"magecrm/internal/dbtest"
	"magecrm/internal/files"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// activityFixture is an organization with two Sales Representatives in
// Sales, one in Support, and a contact owned by the first.
type activityFixture struct {
	*orgFixture
	ann, bob, cid *crm.Session
	contact       *model.Contact
}

func newActivityFixture(t *testing.T, d *db.DB) *activityFixture {
	f := &activityFixture{orgFixture: newOrgFixture(t, d)}
	sales, support := f.addUnit("Sales", f.root), f.addUnit("Support", f.root)
	for name, unit := range map[string]int64{"ann": sales, "bob": sales, "cid": support} {
		f.addUser(name, "Sales Representative", unit)
	}
	f.ann, f.bob, f.cid = f.SignIn("ann", "ann-password"), f.SignIn("bob", "bob-password"), f.SignIn("cid", "cid-password")
	var err error
	if f.contact, err = f.svc.SaveContact(context.Background(), f.ann, 0, crm.ContactInput{FirstName: "Carl", LastName: "Client", Emails: []model.ContactMethod{{Value: "carl@example.com"}}}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *activityFixture) onContact() []model.ActivityTarget {
	return []model.ActivityTarget{{Entity: model.TargetContact, EntityID: f.contact.ID}}
}

func TestActivityAccessFollowsRolesAndRecords(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		note, err := f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindNote, Body: "likes *blue*", Targets: f.onContact()})
		if err != nil {
			t.Fatal(err)
		}
		// Bob (same unit) sees it but may not change Ann's note.
		tl, err := f.svc.Timeline(ctx, f.bob, crm.TimelineInput{Entity: model.TargetContact, ID: f.contact.ID})
		if err != nil || len(tl.Activities) != 1 || tl.Activities[0].ID != note.ID {
			t.Fatalf("bob's timeline: %+v %v", tl, err)
		}
		if _, err := f.svc.UpdateActivity(ctx, f.bob, note.ID, crm.ActivityInput{Body: "changed"}); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("bob edited ann's note: %v", err)
		}
		if _, err := f.svc.DeleteActivity(ctx, f.bob, note.ID); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("bob deleted ann's note: %v", err)
		}
		// Cid (another unit) sees neither the contact nor the note.
		if _, err := f.svc.Timeline(ctx, f.cid, crm.TimelineInput{Entity: model.TargetContact, ID: f.contact.ID}); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("cid's timeline: %v", err)
		}
		if _, err := f.svc.Activity(ctx, f.cid, note.ID); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("cid loaded the note: %v", err)
		}
		if _, err := f.svc.CreateActivity(ctx, f.cid, crm.ActivityInput{Kind: model.KindNote, Body: "x", Targets: f.onContact()}); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("cid added a note to a contact out of scope: %v", err)
		}
		if _, err := f.svc.AddActivityComment(ctx, f.cid, note.ID, "x"); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("cid commented: %v", err)
		}
		// A task assigned to Bob is his: he may edit it, Ann (its author) no longer.
		task, err := f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindTask, Subject: "Call back", Targets: f.onContact(), OwnerID: f.bob.User.ID})
		if fieldError(err, "owner") == "" {
			t.Fatalf("a representative assigned a task to someone else: %v", err)
		}
		task, err = f.svc.CreateActivity(ctx, f.admin, crm.ActivityInput{Kind: model.KindTask, Subject: "Call back", Targets: f.onContact(), OwnerID: f.bob.User.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetTaskStatus(ctx, f.bob, task.ID, model.TaskDone); err != nil {
			t.Fatalf("bob marks his task done: %v", err)
		}
		if n, err := f.svc.OpenTaskCount(ctx, f.bob); err != nil || n != 0 {
			t.Fatalf("bob's open tasks after done: %d %v", n, err)
		}
		// Comments: anyone who sees it may comment; only the author or a deleter removes one.
		c, err := f.svc.AddActivityComment(ctx, f.bob, note.ID, "agreed")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteActivityComment(ctx, f.ann, note.ID, c.ID); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("ann deleted bob's comment: %v", err)
		}
		if err := f.svc.DeleteActivityComment(ctx, f.bob, note.ID, c.ID); err != nil {
			t.Fatalf("bob deletes his comment: %v", err)
		}
	})
}

func TestEntitySettingsHideKindsButKeepRecords(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		if _, err := f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindNote, Body: "before", Targets: f.onContact()}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetEntitySettings(ctx, f.ann, nil); !errors.Is(err, crm.ErrForbidden) {
			t.Fatalf("a representative changed entity settings: %v", err)
		}
		settings, err := f.svc.EntitySettings(ctx, f.admin)
		if err != nil || !settings[model.TargetContact][model.KindNote] {
			t.Fatalf("default settings %v %v", settings, err)
		}
		settings[model.TargetContact] = model.EntityKinds{model.KindCall: true}
		if err := f.svc.SetEntitySettings(ctx, f.admin, settings); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CreateActivity(ctx, f.ann, crm.ActivityInput{Kind: model.KindNote, Body: "after", Targets: f.onContact()})
		var refusal crm.Refusal
		if !errors.As(err, &refusal) || !strings.Contains(err.Error(), "Notes are turned off for Contacts") {
			t.Fatalf("note on a contact with notes off: %v", err)
		}
		tl, err := f.svc.Timeline(ctx, f.ann, crm.TimelineInput{Entity: model.TargetContact, ID: f.contact.ID})
		if err != nil || len(tl.Activities) != 1 || len(tl.Kinds) != 1 || tl.Kinds[0] != model.KindCall {
			t.Fatalf("timeline after notes off: %d activities, kinds %v, %v", len(tl.Activities), tl.Kinds, err)
		}
	})
}

func TestAttachmentLifeCycle(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newActivityFixture(t, d)
		dir := t.TempDir()
		folder, err := files.Open(dir, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		f.svc.Files = folder
		listDir := func() []string {
			entries, _ := os.ReadDir(dir)
			var out []string
			for _, e := range entries {
				out = append(out, e.Name())
			}
			return out
		}
		pdf := "%PDF-1.4\n" + strings.Repeat("x", 1000)
		u, err := f.svc.StageAttachment(strings.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.AddAttachment(ctx, f.ann, crm.AttachmentInput{Targets: f.onContact(), FileName: `C:\Users\ann\quote "final".pdf`, Comment: "the quote", Upload: u})
		if err != nil {
			t.Fatal(err)
		}
		if a.Attachment.FileName != "quote final.pdf" || a.Attachment.ContentType != "application/pdf" || a.Attachment.Size != int64(len(pdf)) {
			t.Fatalf("attachment %+v", a.Attachment)
		}
		if got := listDir(); len(got) != 1 || got[0] != a.Attachment.StorageName {
			t.Fatalf("folder holds %v", got)
		}
		if _, _, err := f.svc.AttachmentFile(ctx, f.cid, a.ID); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("cid opened the file: %v", err)
		}
		_, file, err := f.svc.AttachmentFile(ctx, f.bob, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		file.Close()

		// Too large: refused, nothing left behind.
		if _, err := f.svc.StageAttachment(strings.NewReader(strings.Repeat("y", 1<<20+1))); fieldError(err, "file") == "" {
			t.Fatalf("too large: %v", err)
		}
		// A refused save removes its staged file.
		u, _ = f.svc.StageAttachment(strings.NewReader("hello"))
		if _, err := f.svc.AddAttachment(ctx, f.cid, crm.AttachmentInput{Targets: f.onContact(), FileName: "x.txt", Upload: u}); !errors.Is(err, crm.ErrNotFound) {
			t.Fatalf("cid attached: %v", err)
		}
		if got := listDir(); len(got) != 1 {
			t.Fatalf("after refusals the folder holds %v", got)
		}

		// Interrupted uploads: one staged with no row (the process died
		// before saving), one whose row was saved but not yet renamed.
		if _, err := folder.Write(strings.NewReader("orphan")); err != nil {
			t.Fatal(err)
		}
		u, _ = folder.Write(strings.NewReader("saved"))
		saved := &model.Activity{OrganizationID: f.ann.Actor.OrganizationID, OwnerUserID: f.ann.User.ID, Kind: model.KindAttachment,
			Targets:    f.onContact(),
			Attachment: &model.Attachment{FileName: "saved.txt", ContentType: "text/plain", Size: 5, StorageName: u.Name}}
		if err := f.svc.Store.CreateActivity(ctx, store.ActivityChange{Activity: saved, ActorID: f.ann.User.ID, At: f.now}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "AAAAAAAAAAAAAAAAAAAAAAAAAA"), []byte("no row"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SweepAttachments(ctx); err != nil {
			t.Fatal(err)
		}
		if got := listDir(); len(got) != 2 || strings.Contains(strings.Join(got, ","), ".part") {
			t.Fatalf("after the sweep the folder holds %v", got)
		}
		if _, file, err := f.svc.AttachmentFile(ctx, f.ann, saved.ID); err != nil {
			t.Fatalf("saved attachment after the sweep: %v", err)
		} else {
			file.Close()
		}

		// Deleting the activity deletes its file.
		if _, err := f.svc.DeleteActivity(ctx, f.admin, a.ID); err != nil {
			t.Fatal(err)
		}
		if got := listDir(); len(got) != 1 || got[0] != u.Name {
			t.Fatalf("after delete the folder holds %v", got)
		}
	})
}
