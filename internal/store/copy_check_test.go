package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"supple/internal/store"
	"supple/internal/storetest"
)

// sourceAndTarget is a populated SQLite source, its file, and an empty
// target on the engine the tests run on (SQLite, or PostgreSQL with
// SUPPLE_TEST_POSTGRES).
func sourceAndTarget(t *testing.T) (*store.DB, *sql.DB, *store.DB) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	src, err := store.OpenSQLite(ctx, filepath.Join(dir, "supple.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	populate(t, src)
	if _, err := src.CreateUser(ctx, "ann@example.org", "hash", "member", t0, false, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", filepath.Join(dir, "supple.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	dst, err := store.Open(ctx, storetest.URL(t), filepath.Join(dir, "target"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dst.Close() })
	if _, err := dst.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return src, raw, dst
}

// assertEmpty checks that no table of the target has a row.
func assertEmpty(t *testing.T, dst *store.DB) {
	t.Helper()
	sums, err := dst.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.Rows != 0 {
			t.Errorf("the failed copy left %d rows in %s", s.Rows, s.Table)
		}
	}
}

// SQLite stores what PostgreSQL refuses (NUL, invalid UTF-8) and what the
// text policy refuses (control and direction characters). copy-db checks
// every row first, names the first bad one and writes nothing.
func TestCopyToRefusesBadText(t *testing.T) {
	for _, tt := range []struct {
		name, update, table, key, column, problem string
	}{
		{"NUL in feedback", `UPDATE feedback SET body = 'a' || char(0) || 'b' WHERE id = 2`, "feedback", `id="2"`, "body", "U+0000"},
		{"invalid UTF-8 in a share label", `INSERT INTO share_links (user_id, token_hash, label, created_at, expires_at) VALUES (1, 'h', CAST(x'61ff62' AS TEXT), '2026-11-01', '2026-12-01')`,
			"share_links", `id="1"`, "label", "not valid UTF-8"},
		{"control character in an email", `UPDATE users SET email = 'a' || char(1) || '@example.org' WHERE id = 1`, "users", `id="1"`, "email", "U+0001"},
		{"direction override in a log note", `INSERT INTO session_logs (user_id, plan_id, kind, week, day, date, done, leg_symptoms, new_numbness, red_flags, items, note, recorded, created_at, updated_at)
			VALUES (1, 1, 'session', 1, 1, '2026-11-23', 1, 'none', 0, '[]', '[]', 'felt ' || char(8238) || 'fine', '2026-11-23', '2026-11-23', '2026-11-23')`,
			"session_logs", `id="1"`, "note", "U+202E"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			src, raw, dst := sourceAndTarget(t)
			if _, err := raw.ExecContext(ctx, tt.update); err != nil {
				t.Fatal(err)
			}
			_, err := src.CopyTo(ctx, dst, nil)
			var bad *store.BadRowError
			if !errors.As(err, &bad) || bad.Table != tt.table || bad.Key != tt.key || bad.Column != tt.column || !strings.Contains(bad.Problem, tt.problem) {
				t.Fatalf("err %v, want the %s row %s, column %s: %s", err, tt.table, tt.key, tt.column, tt.problem)
			}
			if !strings.Contains(err.Error(), tt.table) || !strings.Contains(err.Error(), tt.column) {
				t.Errorf("the message does not name the row: %v", err)
			}
			assertEmpty(t, dst)
		})
	}
}

// A row the target refuses while writing (a word where PostgreSQL wants a
// number; SQLite keeps any type) rolls back every table already copied.
func TestCopyToIsOneTransaction(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("only PostgreSQL refuses the row: set " + storetest.EnvPostgres + " (CI does)")
	}
	ctx := context.Background()
	src, raw, dst := sourceAndTarget(t)
	if _, err := raw.ExecContext(ctx, `UPDATE votes SET revision = 'many' WHERE rowid = (SELECT MAX(rowid) FROM votes)`); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CopyTo(ctx, dst, nil); err == nil || !strings.Contains(err.Error(), "copy votes") {
		t.Fatalf("err %v, want the votes copy to fail", err)
	}
	assertEmpty(t, dst)
	if _, err := raw.ExecContext(ctx, `UPDATE votes SET revision = 1 WHERE revision = 'many'`); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CopyTo(ctx, dst, nil); err != nil {
		t.Fatalf("copying again after the fix: %v", err)
	}
}

// A clean source copies to either engine.
func TestCopyToEitherEngine(t *testing.T) {
	ctx := context.Background()
	src, _, dst := sourceAndTarget(t)
	rep, err := src.CopyTo(ctx, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := dst.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rep {
		if rep[i] != got[i] {
			t.Errorf("%s: copied %+v, target %+v", rep[i].Table, rep[i], got[i])
		}
	}
}
