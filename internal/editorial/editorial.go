// Package editorial is the editors' desk: the articles' sources and
// revisions, saving with an audit line, the ratings report with its
// weekly trend, the feedback inbox and the audit log. The pages under
// /editor/ use it; it keeps the store behind the domain.
package editorial

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"supple/internal/article"
	"supple/internal/store"
	"supple/internal/validate"
)

// The desk's records are the store's, named here so that the pages need
// not reach into the store.
type (
	Source         = store.Article
	Revision       = store.Revision
	Feedback       = store.Feedback
	FeedbackFilter = store.FeedbackFilter
	AuditEntry     = store.AuditEntry
	Outcome        = store.UpsertOutcome
)

// ErrNotFound means no article, revision or feedback item has that key.
var ErrNotFound = store.ErrNotFound

// FeedbackStatuses are the states an editor can give a feedback item.
var FeedbackStatuses = []string{"new", "read", "resolved", "spam"}

// Desk serves the editors.
type Desk struct {
	db      *store.DB
	catalog *article.Catalog
	now     func() time.Time
}

// New returns the editors' desk.
func New(db *store.DB, catalog *article.Catalog, now func() time.Time) *Desk {
	return &Desk{db: db, catalog: catalog, now: now}
}

// Articles lists every article, drafts included.
func (d *Desk) Articles(ctx context.Context) ([]Source, error) { return d.db.Articles(ctx, false) }

// Source is an article's current Markdown source and state.
func (d *Desk) Source(ctx context.Context, slug string) (Source, error) {
	if !article.ValidSlug(slug) {
		return Source{}, fmt.Errorf("editorial: article %q: %w", slug, ErrNotFound)
	}
	return d.db.ArticleSource(ctx, slug)
}

// Revisions lists an article's revisions, newest first.
func (d *Desk) Revisions(ctx context.Context, slug string) ([]Revision, error) {
	return d.db.Revisions(ctx, slug)
}

// RevisionSource is the Markdown of one revision.
func (d *Desk) RevisionSource(ctx context.Context, slug string, rev int) (string, error) {
	if !article.ValidSlug(slug) {
		return "", fmt.Errorf("editorial: revision %d of %q: %w", rev, slug, ErrNotFound)
	}
	return d.db.RevisionSource(ctx, slug, rev)
}

// Save stores an article and its audit line (by actor, the action named
// from the outcome) in one transaction, then reloads the published set
// (page, feed, sitemap, search and related articles at once). It returns
// the new revision number.
func (d *Desk) Save(ctx context.Context, doc *article.Doc, actor string, action func(Outcome) string) (int, error) {
	res, err := d.db.UpsertArticlesAudited(ctx, d.now(), []store.Article{doc.StoreArticle()}, func(u store.UpsertResult) store.AuditEntry {
		return store.AuditEntry{Actor: actor, Action: action(u.Outcome), Target: doc.Slug, At: d.now()}
	})
	if err != nil {
		return 0, err
	}
	if err := d.catalog.Reload(ctx); err != nil {
		return 0, fmt.Errorf("editorial: saved %q, but the catalog did not reload: %w", doc.Slug, err)
	}
	return res[0].Revision, nil
}

// Feedback lists the feedback that matches f.
func (d *Desk) Feedback(ctx context.Context, f FeedbackFilter) ([]Feedback, error) {
	return d.db.ListFeedback(ctx, f)
}

// SetFeedbackStatus marks one feedback item, with its audit line in the
// same transaction. An unknown status is a validation error naming
// "status".
func (d *Desk) SetFeedbackStatus(ctx context.Context, id int64, status, actor string) error {
	if !slices.Contains(FeedbackStatuses, status) {
		return validate.Errors{{Field: "status", Message: "choose new, read, resolved or spam"}}
	}
	err := d.db.SetFeedbackStatus(ctx, id, status, store.AuditEntry{Actor: actor, Action: "feedback." + status,
		Target: fmt.Sprintf("feedback %d", id), At: d.now()})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("editorial: feedback %d: %w", id, err)
	}
	return err
}

// AuditLog is the newest limit entries of who did what.
func (d *Desk) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	return d.db.AuditLog(ctx, limit)
}

// ArticleRatings is one article's ratings as the editors see them.
type ArticleRatings struct {
	store.ArticleRating
	Average float64 // to one decimal
	Percent [5]int  // of the votes, by stars
	Trend   []WeekTrend
}

// WeekTrend is one week's votes.
type WeekTrend struct {
	Label   string
	Votes   int
	Average float64
	Height  int // percent of the tallest week, for the bar
}

// TrendWeeks is how many weeks the ratings report's trend covers.
const TrendWeeks = 8

// Ratings is every article's ratings with its weekly trend over the last
// TrendWeeks weeks (Monday to Sunday, UTC).
func (d *Desk) Ratings(ctx context.Context) ([]ArticleRatings, error) {
	rep, err := d.db.RatingReport(ctx)
	if err != nil {
		return nil, err
	}
	now := d.now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	weekStart := today.AddDate(0, 0, -int(now.Weekday()+6)%7)
	since := weekStart.AddDate(0, 0, -7*(TrendWeeks-1))
	snap := d.catalog.Snapshot()
	rows := make([]ArticleRatings, 0, len(rep))
	for _, ar := range rep {
		row := ArticleRatings{ArticleRating: ar}
		if ar.Totals.Votes > 0 {
			row.Average = math.Round(float64(ar.Totals.Sum)/float64(ar.Totals.Votes)*10) / 10
			for i, n := range ar.Totals.Dist {
				row.Percent[i] = n * 100 / ar.Totals.Votes
			}
		}
		if a, ok := snap.Get(ar.Slug); ok {
			votes, err := d.db.VotesSince(ctx, a.ID, since)
			if err != nil {
				return nil, err
			}
			row.Trend = trend(votes, since, TrendWeeks)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// trend buckets votes into weeks from since.
func trend(votes []store.VoteTime, since time.Time, weeks int) []WeekTrend {
	out := make([]WeekTrend, weeks)
	sums := make([]int, weeks)
	for i := range out {
		out[i].Label = since.AddDate(0, 0, 7*i).Format("2 Jan")
	}
	for _, v := range votes {
		if v.At.Before(since) { // a division would round it into the first week
			continue
		}
		i := int(v.At.Sub(since).Hours() / (24 * 7))
		if i >= 0 && i < weeks {
			out[i].Votes++
			sums[i] += v.Stars
		}
	}
	tallest := 1
	for _, t := range out {
		tallest = max(tallest, t.Votes)
	}
	for i := range out {
		if out[i].Votes > 0 {
			out[i].Average = math.Round(float64(sums[i])/float64(out[i].Votes)*10) / 10
		}
		out[i].Height = out[i].Votes * 100 / tallest
	}
	return out
}
