package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ShareLink is a member's read-only link for a physiotherapist; only
// the SHA-256 of its secret is kept.
type ShareLink struct {
	ID        int64
	UserID    int64
	TokenHash string
	Label     string
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt sql.NullTime
}

const shareColumns = `id, user_id, token_hash, label, created_at, expires_at, revoked_at`

func scanShare(row interface{ Scan(...any) error }) (ShareLink, error) {
	var l ShareLink
	err := row.Scan(&l.ID, &l.UserID, &l.TokenHash, &l.Label, &l.CreatedAt, &l.ExpiresAt, &l.RevokedAt)
	return l, err
}

// AddShareLink stores a new share link.
func (db *DB) AddShareLink(ctx context.Context, l ShareLink) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO share_links (user_id, token_hash, label, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), l.UserID, l.TokenHash, l.Label, l.CreatedAt.UTC(), l.ExpiresAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add share link: %w", err)
	}
	return id, nil
}

// ShareLinkByHash finds a link by the hash of its secret, whatever its
// state; ErrNotFound when there is none.
func (db *DB) ShareLinkByHash(ctx context.Context, hash string) (ShareLink, error) {
	l, err := scanShare(db.r.QueryRowContext(ctx, db.q(`SELECT `+shareColumns+` FROM share_links WHERE token_hash = ?`), hash))
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: share link: %w", err)
	}
	return l, nil
}

// ShareLinks lists a member's links that are neither revoked nor expired
// at now, newest first.
func (db *DB) ShareLinks(ctx context.Context, userID int64, now time.Time) ([]ShareLink, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT `+shareColumns+` FROM share_links
		WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC`), userID, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: share links: %w", err)
	}
	defer rows.Close()
	var out []ShareLink
	for rows.Next() {
		l, err := scanShare(rows)
		if err != nil {
			return nil, fmt.Errorf("store: share links: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: share links: %w", err)
	}
	return out, nil
}

// RevokeShareLink withdraws one of the member's links; ErrNotFound when
// they have no such link that is still open.
func (db *DB) RevokeShareLink(ctx context.Context, userID, id int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE share_links SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`),
		at.UTC(), id, userID)
	if err != nil {
		return fmt.Errorf("store: revoke share link %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
