// Package storetest gives tests a fresh, migrated database of their own:
// SQLite by default, PostgreSQL when SUPPLE_TEST_POSTGRES holds a URL of
// a server where the user may create databases. Tests that need
// PostgreSQL skip without it, except under CI=true, where they fail
// unless SUPPLE_TEST_POSTGRES=none says the run is SQLite only.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"supple/internal/store"
)

// EnvPostgres names the variable that switches tests to PostgreSQL.
const EnvPostgres = "SUPPLE_TEST_POSTGRES"

// NoPostgres in EnvPostgres says a run is SQLite only on purpose (CI's
// SQLite pass, before its PostgreSQL pass).
const NoPostgres = "none"

// postgresURL is the server tests use, or "".
func postgresURL() string {
	if u := os.Getenv(EnvPostgres); u != NoPostgres {
		return u
	}
	return ""
}

// New opens a fresh migrated database and closes it when the test ends.
func New(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, URL(t), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return db
}

// URL returns "" for SQLite, or the URL of a new, empty PostgreSQL
// database that is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	base := postgresURL()
	if base == "" {
		return ""
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "supple_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Postgres reports whether tests run on PostgreSQL.
func Postgres() bool { return postgresURL() != "" }

// NeedPostgres stops a test that needs PostgreSQL when
// SUPPLE_TEST_POSTGRES is not set: a skip on a developer's machine, a
// failure under CI=true (a skip there only with SUPPLE_TEST_POSTGRES=none).
func NeedPostgres(t testing.TB, what string) {
	t.Helper()
	if Postgres() {
		return
	}
	if os.Getenv("CI") == "true" && os.Getenv(EnvPostgres) != NoPostgres {
		t.Fatalf("%s: PostgreSQL is missing in CI: set %s (or %s=%s for a SQLite-only pass)", what, EnvPostgres, EnvPostgres, NoPostgres)
	}
	t.Skipf("%s: needs PostgreSQL (set %s; CI does)", what, EnvPostgres)
}
