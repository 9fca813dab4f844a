package store_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"

	"supple/content"
	"supple/internal/article"
	"supple/internal/store"
	"supple/internal/storetest"
)

// populated is a SQLite install with articles, votes, feedback and a plan.
func populated(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "supple.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	populate(t, db)
	return db
}

// populate migrates db and fills it with articles, votes, feedback and a
// plan.
func populate(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.Migrate(ctx, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if _, err := article.Import(ctx, db, content.FS, ".", t0, nil); err != nil {
		t.Fatal(err)
	}
	arts, _ := db.Articles(ctx, true)
	var votes []store.Vote
	for i, a := range arts {
		for r := range 7 {
			votes = append(votes, store.Vote{ArticleID: a.ID, VoterKey: string(rune('a'+r)) + "-reader", Stars: (i+r)%5 + 1, Revision: 1})
		}
	}
	if _, err := db.ApplyVotes(ctx, t0, votes, store.VoteLimit{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddFeedback(ctx, store.Feedback{ArticleID: arts[0].ID, Revision: 1, Stars: 2, Section: "sources", Text: "Ünïcode & <b>html</b>", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddFeedback(ctx, store.Feedback{ArticleID: arts[1].ID, Revision: 1, Text: "no stars", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddPlan(ctx, "hash", store.StoredPlan{Profile: "{}", Result: "{}", Status: "plan", StartDate: "2026-11-23", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Hit(ctx, "votes:abc", 42); err != nil {
		t.Fatal(err)
	}
}

func TestBackupRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := populated(t)
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := src.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	restored, err := store.OpenSQLite(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	want, _ := src.Checksums(ctx)
	got, err := restored.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(want, got) {
		t.Errorf("restored backup differs:\n%v\n%v", want, got)
	}
	if err := src.Backup(ctx, path); err == nil {
		t.Error("backup over an existing file should fail, not overwrite it")
	}
}

func TestCopyToPostgres(t *testing.T) {
	storetest.NeedPostgres(t, "copy-db")
	ctx := context.Background()
	src := populated(t)
	dst, err := store.Open(ctx, storetest.URL(t), "", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	rep, err := src.CopyTo(ctx, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, r := range rep {
		rows[r.Table] = r.Rows
	}
	if rows["articles"] < 4 || rows["votes"] != 7*rows["articles"] || rows["feedback"] != 2 || rows["plans"] != 1 || rows["article_search"] != rows["articles"] {
		t.Errorf("copied rows: %v", rows)
	}
	// The copy works as a database: search, totals and new rows.
	hits, err := dst.Search(ctx, "swimming", 10)
	if err != nil || len(hits) == 0 {
		t.Errorf("search on the copy: %v %v", hits, err)
	}
	if _, err := dst.AddFeedback(ctx, store.Feedback{ArticleID: 1, Revision: 1, Text: "after the copy", CreatedAt: t0}); err != nil {
		t.Errorf("identity sequences not moved past the copied ids: %v", err)
	}
	if _, err := src.CopyTo(ctx, dst, nil); !errors.Is(err, store.ErrTargetNotEmpty) {
		t.Errorf("second copy into a filled database: %v", err)
	}
}
