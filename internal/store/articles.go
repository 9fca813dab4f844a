package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Article is one article as stored: its metadata, its Markdown source and
// the plain text that search indexes.
type Article struct {
	ID           int64
	Slug         string
	Title        string
	Description  string
	Category     string
	CategorySlug string
	Tags         []string
	Author       string
	ReviewedBy   string
	ReviewedAt   time.Time // zero when never reviewed
	PublishedAt  time.Time
	UpdatedAt    time.Time
	Status       string // "draft" or "published"
	Revision     int
	Source       string
	BodyText     string
	ContentHash  string
	ModifiedAt   time.Time
}

// UpsertOutcome tells what an upsert did to one article.
type UpsertOutcome string

const (
	Created   UpsertOutcome = "created"
	Updated   UpsertOutcome = "updated"
	Unchanged UpsertOutcome = "unchanged"
)

// UpsertResult is the outcome for one article of UpsertArticles.
type UpsertResult struct {
	Slug     string
	Outcome  UpsertOutcome
	Revision int
}

// UpsertArticles inserts or updates articles by slug in one transaction.
// A changed article gets the next revision, kept in article_revisions;
// an article whose content hash is unchanged is left alone.
func (db *DB) UpsertArticles(ctx context.Context, now time.Time, arts []Article) ([]UpsertResult, error) {
	return db.UpsertArticlesAudited(ctx, now, arts, nil)
}

// UpsertArticlesAudited is UpsertArticles with an audit line for each
// article, written in the same transaction: if a line cannot be written,
// nothing is saved. audit gives the line for one article's result; nil
// writes none.
func (db *DB) UpsertArticlesAudited(ctx context.Context, now time.Time, arts []Article, audit func(UpsertResult) AuditEntry) ([]UpsertResult, error) {
	out := make([]UpsertResult, 0, len(arts))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		changed := false
		for _, a := range arts {
			r, err := db.upsertArticle(ctx, tx, now, a)
			if err != nil {
				return fmt.Errorf("article %q: %w", a.Slug, err)
			}
			changed = changed || r.Outcome != Unchanged
			out = append(out, r)
			if audit != nil {
				if err := db.audit(ctx, tx, audit(r)); err != nil {
					return err
				}
			}
		}
		if changed {
			return db.notify(ctx, tx, ChannelArticles, "")
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: upsert articles: %w", err)
	}
	return out, nil
}

func (db *DB) upsertArticle(ctx context.Context, tx *sql.Tx, now time.Time, a Article) (UpsertResult, error) {
	res := UpsertResult{Slug: a.Slug}
	var id int64
	var rev int
	var hash, oldStatus string
	err := tx.QueryRowContext(ctx, db.q(`SELECT id, revision, content_hash, status FROM articles WHERE slug = ?`), a.Slug).Scan(&id, &rev, &hash, &oldStatus)
	status := a.Status
	if status == "" {
		status = "published"
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res.Outcome, res.Revision = Created, 1
	case err != nil:
		return res, err
	case hash == a.ContentHash && oldStatus == status:
		res.Outcome, res.Revision = Unchanged, rev
		return res, nil
	case hash == a.ContentHash:
		// Only published or drafted: same text, same revision.
		res.Outcome, res.Revision = Updated, rev
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE articles SET status = ?, modified_at = ? WHERE id = ?`), status, now.UTC(), id); err != nil {
			return res, err
		}
		return res, db.indexArticle(ctx, tx, a, status)
	default:
		res.Outcome, res.Revision = Updated, rev+1
	}
	tags, err := json.Marshal(nonNil(a.Tags))
	if err != nil {
		return res, err
	}
	args := []any{a.Title, a.Description, a.Category, a.CategorySlug, string(tags), a.Author, a.ReviewedBy,
		nullTime(a.ReviewedAt), a.PublishedAt.UTC(), a.UpdatedAt.UTC(), status, res.Revision, a.Source, a.BodyText, a.ContentHash, now.UTC()}
	if res.Outcome == Created {
		err = tx.QueryRowContext(ctx, db.q(`INSERT INTO articles (title, description, category, category_slug, tags, author, reviewed_by,
			reviewed_at, published_at, updated_at, status, revision, source, body_text, content_hash, modified_at, slug, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			append(args, a.Slug, now.UTC())...).Scan(&id)
	} else {
		_, err = tx.ExecContext(ctx, db.q(`UPDATE articles SET title = ?, description = ?, category = ?, category_slug = ?, tags = ?,
			author = ?, reviewed_by = ?, reviewed_at = ?, published_at = ?, updated_at = ?, status = ?, revision = ?, source = ?,
			body_text = ?, content_hash = ?, modified_at = ? WHERE id = ?`), append(args, id)...)
	}
	if err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO article_revisions (article_id, revision, source, content_hash, created_at)
		VALUES (?, ?, ?, ?, ?)`), id, res.Revision, a.Source, a.ContentHash, now.UTC()); err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO rating_totals (article_id) VALUES (?) ON CONFLICT (article_id) DO NOTHING`), id); err != nil {
		return res, err
	}
	return res, db.indexArticle(ctx, tx, a, status)
}

// Articles returns every article, newest first; with publishedOnly, drafts
// are left out.
func (db *DB) Articles(ctx context.Context, publishedOnly bool) ([]Article, error) {
	query := `SELECT id, slug, title, description, category, category_slug, tags, author, reviewed_by, reviewed_at,
		published_at, updated_at, status, revision, source, body_text, content_hash, modified_at FROM articles`
	if publishedOnly {
		query += ` WHERE status = 'published'`
	}
	query += ` ORDER BY published_at DESC, slug`
	rows, err := db.r.QueryContext(ctx, db.q(query))
	if err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		var a Article
		var tags string
		var reviewed sql.NullTime
		if err := rows.Scan(&a.ID, &a.Slug, &a.Title, &a.Description, &a.Category, &a.CategorySlug, &tags, &a.Author,
			&a.ReviewedBy, &reviewed, &a.PublishedAt, &a.UpdatedAt, &a.Status, &a.Revision, &a.Source, &a.BodyText,
			&a.ContentHash, &a.ModifiedAt); err != nil {
			return nil, fmt.Errorf("store: list articles: %w", err)
		}
		if err := json.Unmarshal([]byte(tags), &a.Tags); err != nil {
			return nil, fmt.Errorf("store: article %q tags: %w", a.Slug, err)
		}
		a.ReviewedAt = reviewed.Time
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	return out, nil
}

// ArticleCount counts stored articles, drafts included.
func (db *DB) ArticleCount(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count articles: %w", err)
	}
	return n, nil
}

// Revision is one kept version of an article.
type Revision struct {
	Revision    int
	ContentHash string
	CreatedAt   time.Time
}

// Revisions lists an article's kept revisions, newest first.
func (db *DB) Revisions(ctx context.Context, slug string) ([]Revision, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT r.revision, r.content_hash, r.created_at FROM article_revisions r
		JOIN articles a ON a.id = r.article_id WHERE a.slug = ? ORDER BY r.revision DESC`), slug)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of %q: %w", slug, err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		if err := rows.Scan(&r.Revision, &r.ContentHash, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: revisions of %q: %w", slug, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ArticleSource is an article's current source and state, drafts included.
func (db *DB) ArticleSource(ctx context.Context, slug string) (Article, error) {
	var a Article
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id, slug, title, status, revision, source, modified_at FROM articles WHERE slug = ?`), slug).
		Scan(&a.ID, &a.Slug, &a.Title, &a.Status, &a.Revision, &a.Source, &a.ModifiedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: article %q: %w", slug, err)
	}
	return a, nil
}

// RevisionSource is the source of one kept revision.
func (db *DB) RevisionSource(ctx context.Context, slug string, revision int) (string, error) {
	var src string
	err := db.r.QueryRowContext(ctx, db.q(`SELECT r.source FROM article_revisions r JOIN articles a ON a.id = r.article_id
		WHERE a.slug = ? AND r.revision = ?`), slug, revision).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: revision %d of %q: %w", revision, slug, err)
	}
	return src, nil
}
