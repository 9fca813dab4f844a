package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Hit counts one event for bucket in the window and returns the window's
// count so far, across every instance.
func (db *DB) Hit(ctx context.Context, bucket string, window int64) (int, error) {
	var n int
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO rate_counts (bucket, window_start, n) VALUES (?, ?, 1)
		ON CONFLICT (bucket, window_start) DO UPDATE SET n = rate_counts.n + 1 RETURNING n`), bucket, window).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: rate count: %w", err)
	}
	return n, nil
}

// ForgetWindows deletes the counters of buckets named prefix+"…" in
// windows before the given one. Limits count in windows of different
// lengths (a vote's minute, a login's quarter hour), so each sweeps only
// its own buckets.
func (db *DB) ForgetWindows(ctx context.Context, prefix string, before int64) error {
	if _, err := db.w.ExecContext(ctx, db.q(`DELETE FROM rate_counts WHERE window_start < ? AND substr(bucket, 1, ?) = ?`), before, len(prefix), prefix); err != nil {
		return fmt.Errorf("store: forget rate counts: %w", err)
	}
	return nil
}

// Count reads a bucket's count in the window without adding to it.
func (db *DB) Count(ctx context.Context, bucket string, window int64) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, db.q(`SELECT COALESCE(SUM(n), 0) FROM rate_counts WHERE bucket = ? AND window_start = ?`), bucket, window).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: rate count: %w", err)
	}
	return n, nil
}

// Reserve counts one event for bucket in the window only while the count
// is below limit, checking and counting in one statement: callers at the
// same time, on any instance, never get more than limit reservations
// between them. It returns the count with this event and whether the event
// was counted.
func (db *DB) Reserve(ctx context.Context, bucket string, window int64, limit int) (int, bool, error) {
	if limit <= 0 {
		return 0, false, nil
	}
	var n int
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO rate_counts (bucket, window_start, n) VALUES (?, ?, 1)
		ON CONFLICT (bucket, window_start) DO UPDATE SET n = rate_counts.n + 1 WHERE rate_counts.n < ? RETURNING n`),
		bucket, window, limit).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return limit, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: reserve %s: %w", bucket, err)
	}
	return n, true, nil
}

// Release gives back one event that Reserve counted (a login that turned
// out to be right).
func (db *DB) Release(ctx context.Context, bucket string, window int64) error {
	if _, err := db.w.ExecContext(ctx, db.q(`UPDATE rate_counts SET n = n - 1 WHERE bucket = ? AND window_start = ? AND n > 0`), bucket, window); err != nil {
		return fmt.Errorf("store: release %s: %w", bucket, err)
	}
	return nil
}

// Counters says how many counter rows of buckets named prefix+"…" are
// stored, in any window (for retention checks).
func (db *DB) Counters(ctx context.Context, prefix string) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM rate_counts WHERE substr(bucket, 1, ?) = ?`), len(prefix), prefix).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count rate counters: %w", err)
	}
	return n, nil
}
