package cli

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"supple/internal/store"
)

// openDB opens and migrates the database in the data folder, creating it
// when it does not exist yet (serve, import).
func openDB(ctx context.Context, data string) (*store.DB, error) {
	db, err := store.OpenSQLite(ctx, filepath.Join(data, "supple.db"), store.Options{Readers: 2})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, nil); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openExistingDB opens the database for commands that only read it, and
// refuses a data folder without one (most likely a typo in -data).
func openExistingDB(ctx context.Context, data string) (*store.DB, error) {
	if _, err := os.Stat(filepath.Join(data, "supple.db")); errors.Is(err, fs.ErrNotExist) {
		return nil, usageError("no supple database in %s: check -data (the server creates it on first start)", data)
	}
	return openDB(ctx, data)
}
