// Package storetest gives tests a fresh, migrated database of their own:
// SQLite by default, PostgreSQL when SUPPLE_TEST_POSTGRES holds a URL of
// a server where the user may create databases.
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
	base := os.Getenv(EnvPostgres)
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
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }
