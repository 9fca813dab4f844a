// Package storetest gives tests a fresh, migrated database of their own.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"supple/internal/store"
)

// New opens a fresh migrated SQLite database in the test's temp folder and
// closes it when the test ends.
func New(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "test.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return db
}
