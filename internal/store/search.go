package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"
)

// Snippet markers: the store marks matched words with these control
// characters so that callers can escape the text and then highlight it.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// SearchHit is one article found by Search.
type SearchHit struct {
	Slug    string
	Snippet string // plain text with MarkStart/MarkEnd around matches
}

// SearchTerms splits a reader's query into the words that are searched:
// letters and digits only, lower-cased, at most 12 of them.
func SearchTerms(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > 12 {
		words = words[:12]
	}
	return words
}

// Search finds published articles matching every word of q (the last word
// also as a prefix), best first.
func (db *DB) Search(ctx context.Context, q string, limit int) ([]SearchHit, error) {
	terms := SearchTerms(q)
	if len(terms) == 0 {
		return nil, nil
	}
	query, arg := db.dialect.search(terms)
	rows, err := db.r.QueryContext(ctx, db.q(query), arg, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", q, err)
	}
	defer rows.Close()
	var out []SearchHit
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.Slug, &h.Snippet); err != nil {
			return nil, fmt.Errorf("store: search %q: %w", q, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// indexArticle replaces an article's entry in the full-text index.
func (db *DB) indexArticle(ctx context.Context, tx *sql.Tx, a Article, status string) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM article_search WHERE slug = ?`), a.Slug); err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	if status != "published" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO article_search (slug, title, description, body) VALUES (?, ?, ?, ?)`),
		a.Slug, a.Title, a.Description, a.BodyText); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}
