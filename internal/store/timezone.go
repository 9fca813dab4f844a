package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// UserTimeZone is the IANA name of a user's time zone ("" when they have
// not chosen one: UTC); ErrNotFound when there is no such user.
func (db *DB) UserTimeZone(ctx context.Context, userID int64) (string, error) {
	var tz string
	err := db.r.QueryRowContext(ctx, db.q(`SELECT time_zone FROM users WHERE id = ?`), userID).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: time zone of %d: %w", userID, err)
	}
	return tz, nil
}

// SetUserTimeZone stores a user's time zone (checked by the caller);
// ErrNotFound when there is no such user.
func (db *DB) SetUserTimeZone(ctx context.Context, userID int64, tz string) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE users SET time_zone = ? WHERE id = ?`), tz, userID)
	if err != nil {
		return fmt.Errorf("store: set time zone of %d: %w", userID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return nil
}
