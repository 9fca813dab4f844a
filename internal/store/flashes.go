package store

import (
	"context"
	"fmt"
	"time"
)

// PutFlash stores a one-time message for a session's next visit to page.
// value is already sealed by the caller.
func (db *DB) PutFlash(ctx context.Context, sessionKey, page, value string, now, expires time.Time) error {
	_, err := db.w.ExecContext(ctx, db.q(`INSERT INTO flashes (session_key, page, value, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
		sessionKey, page, value, now.UTC(), expires.UTC())
	if err != nil {
		return fmt.Errorf("store: put flash: %w", err)
	}
	return nil
}

// TakeFlashes deletes a session's messages for page and returns those
// that have not expired at now, oldest first. Deleting and reading is one
// statement, so two requests (or two instances) never both get one.
func (db *DB) TakeFlashes(ctx context.Context, sessionKey, page string, now time.Time) ([]string, error) {
	rows, err := db.w.QueryContext(ctx, db.q(`DELETE FROM flashes WHERE session_key = ? AND page = ? RETURNING id, value, expires_at`), sessionKey, page)
	if err != nil {
		return nil, fmt.Errorf("store: take flashes: %w", err)
	}
	defer rows.Close()
	type flash struct {
		id      int64
		value   string
		expires time.Time
	}
	var all []flash
	for rows.Next() {
		var f flash
		if err := rows.Scan(&f.id, &f.value, &f.expires); err != nil {
			return nil, fmt.Errorf("store: take flashes: %w", err)
		}
		all = append(all, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: take flashes: %w", err)
	}
	var out []string
	for len(all) > 0 { // RETURNING has no ORDER BY: oldest (lowest id) first
		i := 0
		for j := range all {
			if all[j].id < all[i].id {
				i = j
			}
		}
		if now.Before(all[i].expires) {
			out = append(out, all[i].value)
		}
		all = append(all[:i], all[i+1:]...)
	}
	return out, nil
}

// DeleteExpiredFlashes removes messages nobody came back for.
func (db *DB) DeleteExpiredFlashes(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, db.q(`DELETE FROM flashes WHERE expires_at <= ?`), now.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired flashes: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// DeleteAnonymousPlans removes plans made before cutoff that were never
// saved to an account. One statement with a fixed cutoff: running it
// twice, or on several instances at once, deletes the same rows once.
func (db *DB) DeleteAnonymousPlans(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, db.q(`DELETE FROM plans WHERE user_id IS NULL AND created_at < ?`), cutoff.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: delete anonymous plans: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
