package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Feedback is what a reader told the editors about an article.
type Feedback struct {
	ID          int64
	ArticleID   int64
	ArticleSlug string // filled when listing
	Revision    int
	Stars       int // 0 when not given
	Section     string
	Text        string
	Status      string
	CreatedAt   time.Time
}

// AddFeedback stores one feedback item and returns its id.
func (db *DB) AddFeedback(ctx context.Context, f Feedback) (int64, error) {
	var stars any
	if f.Stars > 0 {
		stars = f.Stars
	}
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO feedback (article_id, revision, stars, section, body, status, created_at)
		VALUES (?, ?, ?, ?, ?, 'new', ?) RETURNING id`), f.ArticleID, f.Revision, stars, f.Section, f.Text, f.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add feedback: %w", err)
	}
	return id, nil
}

// FeedbackFilter narrows ListFeedback; zero values match everything.
type FeedbackFilter struct {
	ArticleSlug string
	Section     string
	Stars       int
	Status      string
	Limit       int
}

// ListFeedback returns feedback, newest first.
func (db *DB) ListFeedback(ctx context.Context, f FeedbackFilter) ([]Feedback, error) {
	query := `SELECT f.id, f.article_id, a.slug, f.revision, COALESCE(f.stars, 0), f.section, f.body, f.status, f.created_at
		FROM feedback f JOIN articles a ON a.id = f.article_id
		WHERE (? = '' OR a.slug = ?) AND (? = '' OR f.section = ?) AND (? = 0 OR f.stars = ?) AND (? = '' OR f.status = ?)
		ORDER BY f.created_at DESC, f.id DESC`
	args := []any{f.ArticleSlug, f.ArticleSlug, f.Section, f.Section, f.Stars, f.Stars, f.Status, f.Status}
	if f.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list feedback: %w", err)
	}
	defer rows.Close()
	var out []Feedback
	for rows.Next() {
		var fb Feedback
		if err := rows.Scan(&fb.ID, &fb.ArticleID, &fb.ArticleSlug, &fb.Revision, &fb.Stars, &fb.Section, &fb.Text, &fb.Status, &fb.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: list feedback: %w", err)
		}
		out = append(out, fb)
	}
	return out, rows.Err()
}

// SetFeedbackStatus marks a feedback item new, read, resolved or spam,
// and writes the audit line in the same transaction.
func (db *DB) SetFeedbackStatus(ctx context.Context, id int64, status string, audit AuditEntry) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE feedback SET status = ? WHERE id = ?`), status, id)
		if err != nil {
			return fmt.Errorf("store: feedback status: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return db.audit(ctx, tx, audit)
	})
}

// VoteTime is when a vote was last cast, and its stars.
type VoteTime struct {
	Stars int
	At    time.Time
}

// VotesSince lists an article's votes changed since a time, for trends.
func (db *DB) VotesSince(ctx context.Context, articleID int64, since time.Time) ([]VoteTime, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT stars, updated_at FROM votes WHERE article_id = ? AND updated_at >= ? ORDER BY updated_at`), articleID, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: votes since: %w", err)
	}
	defer rows.Close()
	var out []VoteTime
	for rows.Next() {
		var v VoteTime
		if err := rows.Scan(&v.Stars, &v.At); err != nil {
			return nil, fmt.Errorf("store: votes since: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Actor, Action, Target string
	At                    time.Time
}

// AuditLog lists the newest audit entries.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT actor, action, target, created_at FROM audit_log ORDER BY id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.Actor, &e.Action, &e.Target, &e.At); err != nil {
			return nil, fmt.Errorf("store: audit log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
