package store

import (
	"context"
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
	Limit       int
}

// ListFeedback returns feedback, newest first.
func (db *DB) ListFeedback(ctx context.Context, f FeedbackFilter) ([]Feedback, error) {
	query := `SELECT f.id, f.article_id, a.slug, f.revision, COALESCE(f.stars, 0), f.section, f.body, f.status, f.created_at
		FROM feedback f JOIN articles a ON a.id = f.article_id WHERE (? = '' OR a.slug = ?) ORDER BY f.created_at DESC, f.id DESC`
	args := []any{f.ArticleSlug, f.ArticleSlug}
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
