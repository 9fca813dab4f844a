package cli

import (
	"context"
	"path/filepath"

	"supple/internal/store"
)

// openDB opens and migrates the database in the data folder.
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
