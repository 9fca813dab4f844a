package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
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
}

// VoteResult is what a vote did: the article's totals after it.
type VoteResult struct {
	ArticleID int64
	Totals    Totals
}

// updateTotalsSQL moves one vote from star column "old" (0: none) to
// "new": the columns are chosen by parameters, so the text is constant.
var updateTotalsSQL = func() string {
	var b strings.Builder
	b.WriteString(`UPDATE rating_totals SET votes = votes + ?, star_sum = star_sum + ? - ?`)
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, `, s%d = s%d + (CASE WHEN ? = %d THEN 1 ELSE 0 END) - (CASE WHEN ? = %d THEN 1 ELSE 0 END)`, i, i, i, i)
	}
	b.WriteString(` WHERE article_id = ? RETURNING votes, star_sum, s1, s2, s3, s4, s5`)
	return b.String()
}()

// ApplyVotes commits a batch of votes in one transaction: a reader's
// second vote on an article replaces the first. It returns the totals
// after each vote, in order.
func (db *DB) ApplyVotes(ctx context.Context, now time.Time, votes []Vote) ([]VoteResult, error) {
	out := make([]VoteResult, len(votes))
	upd := db.q(updateTotalsSQL)
	lock := db.q(`SELECT votes FROM rating_totals WHERE article_id = ?` + db.dialect.forUpdate())
	// Apply in article order, so that instances committing batches at the
	// same time lock the totals rows in the same order and never deadlock.
	order := make([]int, len(votes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return votes[order[a]].ArticleID < votes[order[b]].ArticleID })
	err := db.tx(ctx, func(tx *sql.Tx) error {
		locked := map[int64]bool{}
		for _, i := range order {
			v := votes[i]
			if !locked[v.ArticleID] {
				var n int
				if err := tx.QueryRowContext(ctx, lock, v.ArticleID).Scan(&n); err != nil {
					return fmt.Errorf("lock totals of article %d: %w", v.ArticleID, err)
				}
				locked[v.ArticleID] = true
			}
			if v.Stars < 1 || v.Stars > 5 {
				return fmt.Errorf("stars %d out of range", v.Stars)
			}
			old := 0
			err := tx.QueryRowContext(ctx, db.q(`SELECT stars FROM votes WHERE article_id = ? AND voter_key = ?`), v.ArticleID, v.VoterKey).Scan(&old)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.ExecContext(ctx, db.q(`INSERT INTO votes (article_id, voter_key, stars, revision, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?)`), v.ArticleID, v.VoterKey, v.Stars, v.Revision, now.UTC(), now.UTC())
			case err == nil:
				_, err = tx.ExecContext(ctx, db.q(`UPDATE votes SET stars = ?, revision = ?, updated_at = ? WHERE article_id = ? AND voter_key = ?`),
					v.Stars, v.Revision, now.UTC(), v.ArticleID, v.VoterKey)
			}
			if err != nil {
				return fmt.Errorf("vote on article %d: %w", v.ArticleID, err)
			}
			added := 0
			if old == 0 {
				added = 1
			}
			args := []any{added, v.Stars, old}
			for range 5 {
				args = append(args, v.Stars, old)
			}
			args = append(args, v.ArticleID)
			r := VoteResult{ArticleID: v.ArticleID}
			t := &r.Totals
			if err := tx.QueryRowContext(ctx, upd, args...).Scan(&t.Votes, &t.Sum, &t.Dist[0], &t.Dist[1], &t.Dist[2], &t.Dist[3], &t.Dist[4]); err != nil {
				return fmt.Errorf("totals of article %d: %w", v.ArticleID, err)
			}
			out[i] = r
		}
		for id := range locked {
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
