package store_test

import (
	"context"
	"errors"
	"testing"

	"supple/internal/store"
	"supple/internal/storetest"
)

// memberWithPlan is a member with an active plan, for log tests.
func memberWithPlan(t *testing.T, db *store.DB) (userID, planID int64) {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "ann@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	planID, err = db.AddPlan(ctx, "token", store.StoredPlan{Profile: "{}", Result: "{}", Status: "plan", StartDate: "2026-11-02", CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AttachPlan(ctx, "token", "token-saved", u.ID); err != nil {
		t.Fatal(err)
	}
	return u.ID, planID
}

func flagLog(userID, planID int64) store.SessionLog {
	return store.SessionLog{UserID: userID, PlanID: planID, Kind: "activity", Week: 1, Day: 1, Date: "2026-11-02", LegSymptoms: "none",
		RedFlags: `["saddle_numbness"]`, Items: "[]", Recorded: "2026-11-02", CreatedAt: t0, UpdatedAt: t0}
}

// A re-screen that reports a warning sign writes a log and the re-screen
// row in one transaction: both or neither.
func TestRescreenIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	uid, pid := memberWithPlan(t, db)
	l := flagLog(uid, pid)
	if err := db.AddRescreen(ctx, uid, pid, "2026-11-02", `["saddle_numbness"]`, t0, &l); err != nil {
		t.Fatal(err)
	}
	if logs, _ := db.Logs(ctx, uid, pid); len(logs) != 1 {
		t.Fatalf("%d logs after a re-screen with a warning sign, want 1", len(logs))
	}
	if err := store.FailInserts(ctx, db, "rescreens"); err != nil {
		t.Fatal(err)
	}
	l.Date = "2026-11-03"
	if err := db.AddRescreen(ctx, uid, pid, "2026-11-03", `["saddle_numbness"]`, t0, &l); err == nil {
		t.Error("re-screen whose row could not be written: no error")
	}
	if logs, _ := db.Logs(ctx, uid, pid); len(logs) != 1 {
		t.Errorf("%d logs after a re-screen that failed, want 1 (its log rolled back)", len(logs))
	}
	if d, _ := db.LastRescreen(ctx, uid, pid); d != "2026-11-02" {
		t.Errorf("last re-screen %q", d)
	}
}

// UpdateLog writes only over the version it read: an update based on a
// log that changed in between is refused (ErrStale), never lost.
func TestUpdateLogRefusesAStaleRead(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	uid, pid := memberWithPlan(t, db)
	id, err := db.AddLog(ctx, flagLog(uid, pid))
	if err != nil {
		t.Fatal(err)
	}
	read, err := db.Log(ctx, uid, id)
	if err != nil {
		t.Fatal(err)
	}
	first, second := read, read
	first.Note, second.Note = "first", "second"
	if err := db.UpdateLog(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateLog(ctx, second); !errors.Is(err, store.ErrStale) {
		t.Errorf("update over a changed log: err = %v, want ErrStale", err)
	}
	if got, _ := db.Log(ctx, uid, id); got.Note != "first" || got.Version != read.Version+1 {
		t.Errorf("log note %q version %d, want the first update's", got.Note, got.Version)
	}
	missing := read
	missing.ID = id + 100
	if err := db.UpdateLog(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of a log that does not exist: err = %v, want ErrNotFound", err)
	}
}
