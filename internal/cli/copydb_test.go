package cli

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"supple/internal/store"
	"supple/internal/storetest"
)

// copy-db checks every row before it writes: a NUL SQLite kept (in
// feedback sent before the text policy) is named on stderr with its
// table, key and column, the exit code is 1, and the target stays empty.
func TestCopyDBNamesTheBadRow(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("copy-db fills PostgreSQL: set " + storetest.EnvPostgres + " (CI does)")
	}
	ctx := context.Background()
	data := t.TempDir()
	src, err := store.OpenSQLite(ctx, filepath.Join(data, "supple.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	if _, err := src.UpsertArticles(ctx, now, []store.Article{{Slug: "a", Title: "A", Category: "General", CategorySlug: "general", Tags: []string{},
		Status: "published", Source: "---\ntitle: A\n---\n", BodyText: "A", ContentHash: "h", PublishedAt: now, UpdatedAt: now}}); err != nil {
		t.Fatal(err)
	}
	id, err := src.AddFeedback(ctx, store.Feedback{ArticleID: 1, Revision: 1, Text: "good\x00bad", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	src.Close()
	url := storetest.URL(t)
	code, stdout, errOut := run(t, nil, "copy-db", "-from", "sqlite:"+data, "-to", url)
	if code != 1 || !strings.Contains(errOut, `table feedback, row id="`+strconv.FormatInt(id, 10)+`", column body`) || !strings.Contains(errOut, "U+0000") || strings.Contains(stdout, "verified") {
		t.Fatalf("copy-db with a NUL: %d %q %q", code, stdout, errOut)
	}
	dst, err := store.Open(ctx, url, "", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	sums, err := dst.Checksums(ctx)
	if err != nil && !strings.Contains(err.Error(), "does not exist") {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.Rows != 0 {
			t.Errorf("the refused copy wrote %d rows to %s", s.Rows, s.Table)
		}
	}
}
