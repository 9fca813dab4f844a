package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreateDevice records a browser that has just logged in to an account
// (only the hash of its random id) and forgets the account's older devices
// beyond the newest keep.
func (db *DB) CreateDevice(ctx context.Context, idHash string, userID int64, now time.Time, keep int) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.insertDevice(ctx, tx, idHash, userID, now, keep) })
}

func (db *DB) insertDevice(ctx context.Context, tx *sql.Tx, idHash string, userID int64, now time.Time, keep int) error {
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO devices (id_hash, user_id, created_at, last_used_at) VALUES (?, ?, ?, ?)`),
		idHash, userID, now.UTC(), now.UTC()); err != nil {
		return fmt.Errorf("store: create device: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM devices WHERE user_id = ? AND id_hash NOT IN
		(SELECT id_hash FROM devices WHERE user_id = ? ORDER BY created_at DESC, id_hash LIMIT ?)`), userID, userID, keep); err != nil {
		return fmt.Errorf("store: trim devices: %w", err)
	}
	return nil
}

// DeviceUser returns the account a device belongs to and records its use;
// ErrNotFound when its trust has ended.
func (db *DB) DeviceUser(ctx context.Context, idHash string, now time.Time) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`UPDATE devices SET last_used_at = ? WHERE id_hash = ? RETURNING user_id`), now.UTC(), idHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: device: %w", err)
	}
	return id, nil
}

// DeleteDevice ends the trust of one browser of an account.
func (db *DB) DeleteDevice(ctx context.Context, userID int64, idHash string) error {
	if _, err := db.w.ExecContext(ctx, db.q(`DELETE FROM devices WHERE user_id = ? AND id_hash = ?`), userID, idHash); err != nil {
		return fmt.Errorf("store: delete device: %w", err)
	}
	return nil
}
