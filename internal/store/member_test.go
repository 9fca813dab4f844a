package store_test

import (
	"context"
	"errors"
	"testing"

	"supple/internal/store"
	"supple/internal/storetest"
)

// Migration 17 keeps a member's time zone: ” (UTC) until they choose
// one, then the name they chose; another member's stays as it was.
func TestUserTimeZone(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	ann, err := db.CreateUser(ctx, "ann@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	bo, err := db.CreateUser(ctx, "bo@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tz, err := db.UserTimeZone(ctx, ann.ID); err != nil || tz != "" {
		t.Fatalf("new account: time zone %q, %v; want \"\"", tz, err)
	}
	if err := db.SetUserTimeZone(ctx, ann.ID, "Pacific/Auckland"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserTimeZone(ctx, ann.ID, "America/Los_Angeles"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   int64
		want string
	}{{ann.ID, "America/Los_Angeles"}, {bo.ID, ""}} {
		if tz, err := db.UserTimeZone(ctx, c.id); err != nil || tz != c.want {
			t.Errorf("user %d: time zone %q, %v; want %q", c.id, tz, err, c.want)
		}
	}
	if err := db.SetUserTimeZone(ctx, 9999, "UTC"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no such user: %v, want ErrNotFound", err)
	}
	if _, err := db.UserTimeZone(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no such user: %v, want ErrNotFound", err)
	}
}

// A member's plans are listed newest first with the active one marked;
// another member's plan is not theirs to read.
func TestUserPlans(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	ann, err := db.CreateUser(ctx, "ann@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	bo, err := db.CreateUser(ctx, "bo@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ token, start string }{{"t1", "2026-09-01"}, {"t2", "2026-10-01"}, {"t3", "2026-11-01"}} {
		if _, err := db.AddPlan(ctx, p.token, store.StoredPlan{Profile: "{}", Result: "{}", Status: "plan", StartDate: p.start, CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tok := range []string{"t1", "t2"} {
		if err := db.AttachPlan(ctx, tok, tok+"-saved", ann.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AttachPlan(ctx, "t3", "t3-saved", bo.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.UserPlans(ctx, ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].StartDate != "2026-10-01" || !got[0].Active || got[1].StartDate != "2026-09-01" || got[1].Active {
		t.Fatalf("ann's plans = %+v; want 2026-10-01 (active), then 2026-09-01", got)
	}
	one, err := db.UserPlan(ctx, ann.ID, got[1].ID)
	if err != nil || one.StartDate != "2026-09-01" || one.Active {
		t.Errorf("UserPlan = %+v, %v", one, err)
	}
	bos, err := db.UserPlans(ctx, bo.ID)
	if err != nil || len(bos) != 1 {
		t.Fatalf("bo's plans = %+v, %v", bos, err)
	}
	if _, err := db.UserPlan(ctx, ann.ID, bos[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another member's plan: %v, want ErrNotFound", err)
	}
}
