package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LibraryVersion is an exercise library the server has run with: from
// From (YYYY-MM-DD) on, plans follow it.
type LibraryVersion struct {
	ID        int64
	Version   string
	Exercises string // the library's data (JSON)
	From      string
	CreatedAt time.Time
}

// RecordLibrary notes that the server runs with a library from the date
// from on, unless it is the library in use already. It reports whether it
// noted it.
func (db *DB) RecordLibrary(ctx context.Context, lv LibraryVersion) (bool, error) {
	added := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var latest string
		err := tx.QueryRowContext(ctx, `SELECT version FROM library_versions ORDER BY id DESC LIMIT 1`).Scan(&latest)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if latest == lv.Version {
			return nil
		}
		added = true
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO library_versions (version, exercises, from_date, created_at) VALUES (?, ?, ?, ?)`),
			lv.Version, lv.Exercises, lv.From, lv.CreatedAt.UTC())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: record library %s: %w", lv.Version, err)
	}
	return added, nil
}

// LibraryVersions are the libraries the server has run with, oldest
// first.
func (db *DB) LibraryVersions(ctx context.Context) ([]LibraryVersion, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, version, exercises, from_date, created_at FROM library_versions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: library versions: %w", err)
	}
	defer rows.Close()
	var out []LibraryVersion
	for rows.Next() {
		var lv LibraryVersion
		if err := rows.Scan(&lv.ID, &lv.Version, &lv.Exercises, &lv.From, &lv.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: library versions: %w", err)
		}
		out = append(out, lv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: library versions: %w", err)
	}
	return out, nil
}
