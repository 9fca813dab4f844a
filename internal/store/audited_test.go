package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"supple/internal/store"
	"supple/internal/storetest"
)

// An editor's action and its audit line are one transaction: when the
// audit cannot be written, the action is not kept either, so there is
// never a saved but unaudited change.
func TestFailedAuditRollsBackTheAction(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	if _, err := db.UpsertArticles(ctx, t0, []store.Article{art("a", "h1", "first")}); err != nil {
		t.Fatal(err)
	}
	arts, err := db.Articles(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	fid, err := db.AddFeedback(ctx, store.Feedback{ArticleID: arts[0].ID, Revision: 1, Text: "typo", CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, "ann@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	audit := store.AuditEntry{Actor: "ed@example.org", Action: "test", Target: "a", At: t0}

	// With the audit working, each action and its line are both kept.
	if _, err := db.UpsertArticlesAudited(ctx, t0, []store.Article{art("a", "h2", "second")}, func(store.UpsertResult) store.AuditEntry { return audit }); err != nil {
		t.Fatal(err)
	}
	if log, _ := db.AuditLog(ctx, 10); len(log) != 1 || log[0].Action != "test" {
		t.Fatalf("audit log %+v, want the save's line", log)
	}

	if err := store.FailInserts(ctx, db, "audit_log"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertArticlesAudited(ctx, t0, []store.Article{art("a", "h3", "third")}, func(store.UpsertResult) store.AuditEntry { return audit }); err == nil {
		t.Error("save with a failing audit: no error")
	}
	if revs, _ := db.Revisions(ctx, "a"); len(revs) != 2 {
		t.Errorf("%d revisions after a save whose audit failed, want 2 (the save rolled back)", len(revs))
	}
	if err := db.SetFeedbackStatus(ctx, fid, "resolved", audit); err == nil {
		t.Error("feedback status with a failing audit: no error")
	}
	if fb, _ := db.ListFeedback(ctx, store.FeedbackFilter{}); len(fb) != 1 || fb[0].Status != "new" {
		t.Errorf("feedback %+v, want it still new", fb)
	}
	if err := db.SetRole(ctx, u.ID, "editor", audit); err == nil {
		t.Error("role change with a failing audit: no error")
	}
	if err := db.DeleteUser(ctx, u.ID, audit); err == nil {
		t.Error("account deletion with a failing audit: no error")
	}
	if _, err := db.SetPassword(ctx, store.PasswordChange{UserID: u.ID, Hash: "new", At: t0, Confirm: true, Audit: &audit}); err == nil {
		t.Error("operator's password with a failing audit: no error")
	}
	if err := db.CreateEmailToken(ctx, "link", u.ID, "reset", t0, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UseEmailToken(ctx, "link", "reset", t0, "reset", &audit); err == nil {
		t.Error("reset link with a failing audit: no error")
	}
	if got, err := db.UserByID(ctx, u.ID); err != nil || got.Role != "member" || got.PasswordHash != "hash" {
		t.Errorf("user %+v, %v: want the member kept, role and password unchanged", got, err)
	}
	if _, err := db.CheckEmailToken(ctx, "link", "reset", t0); err != nil {
		t.Errorf("the reset link was used up by a reset that failed: %v", err)
	}
	if _, err := db.UserByID(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	// An operator's new account and API tokens (supple user add, token
	// create and revoke) are kept only with their audit line.
	if _, err := db.CreateUser(ctx, "bo@example.org", "hash", "member", t0, false, &audit); err == nil {
		t.Error("operator's new account with a failing audit: no error")
	}
	if _, err := db.UserByEmail(ctx, "bo@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the account whose audit failed was kept: %v", err)
	}
	tokenID, err := db.CreateToken(ctx, u.ID, "laptop", "h1", t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateToken(ctx, u.ID, "phone", "h2", t0, &audit); err == nil {
		t.Error("operator's new token with a failing audit: no error")
	}
	if _, err := db.TokenUser(ctx, "h2", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the token whose audit failed works: %v", err)
	}
	if err := db.RevokeToken(ctx, tokenID, t0, &audit); err == nil {
		t.Error("operator's token revocation with a failing audit: no error")
	}
	if _, err := db.TokenUser(ctx, "h1", t0); err != nil {
		t.Errorf("the token whose revocation failed no longer works: %v", err)
	}
}
