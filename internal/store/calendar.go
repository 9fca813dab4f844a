package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CalendarFeed is a member's personal iCalendar feed: only the SHA-256
// of its secret token is stored, with the time of day ("HH:MM") its
// events start.
type CalendarFeed struct {
	UserID    int64
	TokenHash string
	TimeOfDay string
	CreatedAt time.Time
}

// PutCalendarFeed creates the member's feed or replaces its token and
// time (the old URL stops working).
func (db *DB) PutCalendarFeed(ctx context.Context, f CalendarFeed) error {
	_, err := db.w.ExecContext(ctx, db.q(`INSERT INTO calendar_feeds (user_id, token_hash, time_of_day, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, time_of_day = excluded.time_of_day, created_at = excluded.created_at`),
		f.UserID, f.TokenHash, f.TimeOfDay, f.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: put calendar feed for user %d: %w", f.UserID, err)
	}
	return nil
}

// SetCalendarTime changes the time of day of the member's feed, keeping
// its URL; ErrNotFound when they have none.
func (db *DB) SetCalendarTime(ctx context.Context, userID int64, timeOfDay string) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE calendar_feeds SET time_of_day = ? WHERE user_id = ?`), timeOfDay, userID)
	if err != nil {
		return fmt.Errorf("store: set calendar time for user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteCalendarFeed revokes the member's feed; ErrNotFound when they
// have none.
func (db *DB) DeleteCalendarFeed(ctx context.Context, userID int64) error {
	res, err := db.w.ExecContext(ctx, db.q(`DELETE FROM calendar_feeds WHERE user_id = ?`), userID)
	if err != nil {
		return fmt.Errorf("store: delete calendar feed for user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// CalendarFeedOf is the member's feed; ErrNotFound when they have none.
func (db *DB) CalendarFeedOf(ctx context.Context, userID int64) (CalendarFeed, error) {
	return db.calendarFeed(ctx, `user_id = ?`, userID)
}

// CalendarFeedByHash finds a feed by the hash of its token.
func (db *DB) CalendarFeedByHash(ctx context.Context, tokenHash string) (CalendarFeed, error) {
	return db.calendarFeed(ctx, `token_hash = ?`, tokenHash)
}

func (db *DB) calendarFeed(ctx context.Context, where string, arg any) (CalendarFeed, error) {
	var f CalendarFeed
	err := db.r.QueryRowContext(ctx, db.q(`SELECT user_id, token_hash, time_of_day, created_at FROM calendar_feeds WHERE `+where), arg).
		Scan(&f.UserID, &f.TokenHash, &f.TimeOfDay, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	if err != nil {
		return f, fmt.Errorf("store: calendar feed: %w", err)
	}
	return f, nil
}
