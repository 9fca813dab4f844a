package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Totals is an article's rating aggregate, as committed.
type Totals struct {
	Votes int
	Sum   int
	Dist  [5]int // Dist[0] counts 1-star votes ... Dist[4] 5-star votes
}

// Vote is one reader's rating of one article.
type Vote struct {
	ArticleID int64
	VoterKey  string
	Stars     int
	Revision  int
	Bucket    string // the rate_counts bucket of the voter's network; "" is not limited
}

// VoteResult is what a vote did: the article's totals after it, or that
// it was over the limit and not applied.
type VoteResult struct {
	ArticleID int64
	Totals    Totals
	Limited   bool
}

// VoteLimit bounds the votes of one bucket per window. The batch's votes
// are counted in rate_counts in the batch's own transaction, so the limit
// holds across every instance sharing the database and costs no write of
// its own.
type VoteLimit struct {
	Window    int64 // the window's number, such as the minute since the epoch
	PerWindow int   // 0 = no limit
}

// voteRowsPerStatement bounds the rows of one multi-row statement (six
// parameters a row, far below either engine's limit).
const voteRowsPerStatement = 500

// ApplyVotes commits a batch of votes in one transaction: a reader's
// second vote on an article replaces the first, and a vote over limit is
// counted but not applied (Limited). It returns the totals after each
// vote, in order.
//
// Per article it takes a fixed number of statements, however many votes
// the batch holds: lock and read the totals, read the earlier stars of the
// batch's readers, write every reader's last vote in one multi-row upsert
// and the new totals in one update. The totals after each vote are worked
// out in between, in the batch's order.
func (db *DB) ApplyVotes(ctx context.Context, now time.Time, votes []Vote, limit VoteLimit) ([]VoteResult, error) {
	for _, v := range votes {
		if v.Stars < 1 || v.Stars > 5 {
			return nil, fmt.Errorf("store: apply votes: stars %d out of range", v.Stars)
		}
	}
	out := make([]VoteResult, len(votes))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		limited, err := db.countVotes(ctx, tx, votes, limit)
		if err != nil {
			return err
		}
		byArticle := map[int64][]int{} // indexes into votes, in order
		for i, v := range votes {
			out[i] = VoteResult{ArticleID: v.ArticleID, Limited: limited[i]}
			if !limited[i] {
				byArticle[v.ArticleID] = append(byArticle[v.ArticleID], i)
			}
		}
		// Lock in article order, so that instances committing batches at the
		// same time lock the totals rows in the same order and never deadlock.
		articles := slices.Sorted(maps.Keys(byArticle))
		for _, id := range articles {
			if err := db.applyArticleVotes(ctx, tx, now.UTC(), id, votes, byArticle[id], out); err != nil {
				return err
			}
		}
		for _, id := range articles {
			if err := db.notify(ctx, tx, ChannelVotes, fmt.Sprint(id)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: apply votes: %w", err)
	}
	return out, nil
}

// countVotes adds the batch's votes to their buckets' counts in the
// window (in bucket order, so that instances never deadlock) and says
// which votes are over the limit: a bucket's votes in the batch's order
// after the count reached PerWindow.
func (db *DB) countVotes(ctx context.Context, tx *sql.Tx, votes []Vote, limit VoteLimit) ([]bool, error) {
	limited := make([]bool, len(votes))
	if limit.PerWindow <= 0 {
		return limited, nil
	}
	hits := map[string]int{}
	for _, v := range votes {
		if v.Bucket != "" {
			hits[v.Bucket]++
		}
	}
	counted := map[string]int{} // before this batch
	for _, b := range slices.Sorted(maps.Keys(hits)) {
		var n int
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO rate_counts (bucket, window_start, n) VALUES (?, ?, ?)
			ON CONFLICT (bucket, window_start) DO UPDATE SET n = rate_counts.n + excluded.n RETURNING n`), b, limit.Window, hits[b]).Scan(&n); err != nil {
			return nil, fmt.Errorf("rate count: %w", err)
		}
		counted[b] = n - hits[b]
	}
	for i, v := range votes {
		if v.Bucket != "" {
			counted[v.Bucket]++
			limited[i] = counted[v.Bucket] > limit.PerWindow
		}
	}
	return limited, nil
}

// applyArticleVotes applies votes[idx] (all on article id) and sets their
// results in out.
func (db *DB) applyArticleVotes(ctx context.Context, tx *sql.Tx, now time.Time, id int64, votes []Vote, idx []int, out []VoteResult) error {
	var t Totals
	err := tx.QueryRowContext(ctx, db.q(`SELECT votes, star_sum, s1, s2, s3, s4, s5 FROM rating_totals WHERE article_id = ?`+db.dialect.forUpdate()), id).
		Scan(&t.Votes, &t.Sum, &t.Dist[0], &t.Dist[1], &t.Dist[2], &t.Dist[3], &t.Dist[4])
	if err != nil {
		return fmt.Errorf("lock totals of article %d: %w", id, err)
	}
	var readers []string // each reader once, in the order of their first vote
	last := map[string]Vote{}
	for _, i := range idx {
		v := votes[i]
		if _, ok := last[v.VoterKey]; !ok {
			readers = append(readers, v.VoterKey)
		}
		last[v.VoterKey] = v
	}
	stars, err := db.earlierStars(ctx, tx, id, readers)
	if err != nil {
		return err
	}
	for _, i := range idx {
		v := votes[i]
		if old := stars[v.VoterKey]; old == 0 {
			t.Votes++
		} else {
			t.Sum -= old
			t.Dist[old-1]--
		}
		t.Sum += v.Stars
		t.Dist[v.Stars-1]++
		stars[v.VoterKey] = v.Stars
		out[i] = VoteResult{ArticleID: id, Totals: t}
	}
	for chunk := range slices.Chunk(readers, voteRowsPerStatement) {
		var q strings.Builder
		q.WriteString(`INSERT INTO votes (article_id, voter_key, stars, revision, created_at, updated_at) VALUES `)
		args := make([]any, 0, 6*len(chunk))
		for n, r := range chunk {
			if n > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?)")
			v := last[r]
			args = append(args, id, r, v.Stars, v.Revision, now, now)
		}
		q.WriteString(` ON CONFLICT (article_id, voter_key) DO UPDATE SET stars = excluded.stars, revision = excluded.revision, updated_at = excluded.updated_at`)
		if _, err := tx.ExecContext(ctx, db.q(q.String()), args...); err != nil {
			return fmt.Errorf("votes on article %d: %w", id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, db.q(`UPDATE rating_totals SET votes = ?, star_sum = ?, s1 = ?, s2 = ?, s3 = ?, s4 = ?, s5 = ? WHERE article_id = ?`),
		t.Votes, t.Sum, t.Dist[0], t.Dist[1], t.Dist[2], t.Dist[3], t.Dist[4], id); err != nil {
		return fmt.Errorf("totals of article %d: %w", id, err)
	}
	return nil
}

// earlierStars reads the stars the readers have given article id so far
// (readers without a vote are left out).
func (db *DB) earlierStars(ctx context.Context, tx *sql.Tx, id int64, readers []string) (map[string]int, error) {
	stars := make(map[string]int, len(readers))
	for chunk := range slices.Chunk(readers, voteRowsPerStatement) {
		args := make([]any, 0, len(chunk)+1)
		args = append(args, id)
		for _, r := range chunk {
			args = append(args, r)
		}
		rows, err := tx.QueryContext(ctx, db.q(`SELECT voter_key, stars FROM votes WHERE article_id = ? AND voter_key IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("earlier votes on article %d: %w", id, err)
		}
		for rows.Next() {
			var k string
			var s int
			if err := rows.Scan(&k, &s); err != nil {
				rows.Close()
				return nil, fmt.Errorf("earlier votes on article %d: %w", id, err)
			}
			stars[k] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("earlier votes on article %d: %w", id, err)
		}
	}
	return stars, nil
}

// AllTotals returns the rating totals of every article by article id.
func (db *DB) AllTotals(ctx context.Context) (map[int64]Totals, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT article_id, votes, star_sum, s1, s2, s3, s4, s5 FROM rating_totals`)
	if err != nil {
		return nil, fmt.Errorf("store: rating totals: %w", err)
	}
	defer rows.Close()
	out := map[int64]Totals{}
	for rows.Next() {
		var id int64
		var t Totals
		if err := rows.Scan(&id, &t.Votes, &t.Sum, &t.Dist[0], &t.Dist[1], &t.Dist[2], &t.Dist[3], &t.Dist[4]); err != nil {
			return nil, fmt.Errorf("store: rating totals: %w", err)
		}
		out[id] = t
	}
	return out, rows.Err()
}

// TotalsOf reads one article's committed totals.
func (db *DB) TotalsOf(ctx context.Context, articleID int64) (Totals, error) {
	var t Totals
	err := db.r.QueryRowContext(ctx, db.q(`SELECT votes, star_sum, s1, s2, s3, s4, s5 FROM rating_totals WHERE article_id = ?`), articleID).
		Scan(&t.Votes, &t.Sum, &t.Dist[0], &t.Dist[1], &t.Dist[2], &t.Dist[3], &t.Dist[4])
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("store: totals of article %d: %w", articleID, err)
	}
	return t, nil
}

// CountVotes recounts an article's votes from the votes table itself.
func (db *DB) CountVotes(ctx context.Context, articleID int64) (Totals, error) {
	var t Totals
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT stars, COUNT(*) FROM votes WHERE article_id = ? GROUP BY stars`), articleID)
	if err != nil {
		return t, fmt.Errorf("store: count votes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s, n int
		if err := rows.Scan(&s, &n); err != nil {
			return t, fmt.Errorf("store: count votes: %w", err)
		}
		t.Dist[s-1] = n
		t.Votes += n
		t.Sum += s * n
	}
	return t, rows.Err()
}

// VoteOf returns a reader's stars for an article, or 0 if they have not voted.
func (db *DB) VoteOf(ctx context.Context, articleID int64, voterKey string) (int, error) {
	var s int
	err := db.r.QueryRowContext(ctx, db.q(`SELECT stars FROM votes WHERE article_id = ? AND voter_key = ?`), articleID, voterKey).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: vote of reader: %w", err)
	}
	return s, nil
}

// ArticleRating is one article's rating totals, for reports.
type ArticleRating struct {
	Slug   string
	Title  string
	Status string
	Totals Totals
}

// RatingReport lists every article with its totals, most votes first.
func (db *DB) RatingReport(ctx context.Context) ([]ArticleRating, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT a.slug, a.title, a.status, COALESCE(t.votes, 0), COALESCE(t.star_sum, 0),
		COALESCE(t.s1, 0), COALESCE(t.s2, 0), COALESCE(t.s3, 0), COALESCE(t.s4, 0), COALESCE(t.s5, 0)
		FROM articles a LEFT JOIN rating_totals t ON t.article_id = a.id ORDER BY COALESCE(t.votes, 0) DESC, a.slug`)
	if err != nil {
		return nil, fmt.Errorf("store: rating report: %w", err)
	}
	defer rows.Close()
	var out []ArticleRating
	for rows.Next() {
		var r ArticleRating
		t := &r.Totals
		if err := rows.Scan(&r.Slug, &r.Title, &r.Status, &t.Votes, &t.Sum, &t.Dist[0], &t.Dist[1], &t.Dist[2], &t.Dist[3], &t.Dist[4]); err != nil {
			return nil, fmt.Errorf("store: rating report: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
