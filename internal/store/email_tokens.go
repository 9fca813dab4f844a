package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Errors of one-time email links.
var (
	ErrTokenUsed    = errors.New("link already used")
	ErrTokenExpired = errors.New("link expired")
)

// CreateEmailToken stores the hash of a one-time link for a user; purpose
// is "reset" or "confirm". Links that ended a day ago are removed.
func (db *DB) CreateEmailToken(ctx context.Context, hash string, userID int64, purpose string, now, expires time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM email_tokens WHERE expires_at < ?`), now.Add(-24*time.Hour).UTC()); err != nil {
			return fmt.Errorf("store: prune email links: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
			hash, userID, purpose, now.UTC(), expires.UTC()); err != nil {
			return fmt.Errorf("store: create email link: %w", err)
		}
		return nil
	})
}

// CheckEmailToken says whether a link is live without using it: its user,
// or ErrNotFound, ErrTokenUsed or ErrTokenExpired.
func (db *DB) CheckEmailToken(ctx context.Context, hash, purpose string, now time.Time) (int64, error) {
	var userID int64
	var used sql.NullTime
	var expires time.Time
	err := db.r.QueryRowContext(ctx, db.q(`SELECT user_id, used_at, expires_at FROM email_tokens WHERE token_hash = ? AND purpose = ?`), hash, purpose).
		Scan(&userID, &used, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, ErrNotFound
	case err != nil:
		return 0, fmt.Errorf("store: email link: %w", err)
	case used.Valid:
		return 0, ErrTokenUsed
	case !now.Before(expires):
		return 0, ErrTokenExpired
	}
	return userID, nil
}

// UseEmailToken uses a live link once: in one transaction it marks the
// link and every other open link of the same purpose for its user as used,
// marks the address confirmed and, with a password hash, sets the password
// and ends every session and API token of the user, and writes audit when
// it is not nil. Two requests with one link never both succeed.
func (db *DB) UseEmailToken(ctx context.Context, hash, purpose string, now time.Time, passwordHash string, audit *AuditEntry) (int64, error) {
	var userID int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.q(`UPDATE email_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`),
			now.UTC(), hash, purpose, now.UTC()).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = db.CheckEmailToken(ctx, hash, purpose, now)
			if err == nil {
				err = ErrTokenUsed // used between the check and now
			}
			return err
		}
		if err != nil {
			return fmt.Errorf("store: use email link: %w", err)
		}
		type stmt struct {
			q    string
			args []any
		}
		steps := []stmt{
			{`UPDATE email_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL`, []any{now.UTC(), userID, purpose}},
			{`UPDATE users SET email_unconfirmed = 0 WHERE id = ?`, []any{userID}},
		}
		if passwordHash != "" {
			steps = append(steps,
				stmt{`UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`, []any{passwordHash, now.UTC(), userID}},
				stmt{`DELETE FROM sessions WHERE user_id = ?`, []any{userID}},
				stmt{`DELETE FROM devices WHERE user_id = ?`, []any{userID}},
				stmt{`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, []any{now.UTC(), userID}})
		}
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, db.q(st.q), st.args...); err != nil {
				return fmt.Errorf("store: use email link: %w", err)
			}
		}
		if audit != nil {
			return db.audit(ctx, tx, *audit)
		}
		return nil
	})
	return userID, err
}
