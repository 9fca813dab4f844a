package store_test

import (
	"context"
	"testing"

	"supple/internal/store"
	"supple/internal/storetest"
)

// dbWithArticle is a fresh database with one published article.
func dbWithArticle(t *testing.T) (*store.DB, int64) {
	t.Helper()
	db := storetest.New(t)
	if _, err := db.UpsertArticles(context.Background(), t0, []store.Article{art("a", "1", "x")}); err != nil {
		t.Fatal(err)
	}
	arts, err := db.Articles(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return db, arts[0].ID
}

// The vote limit is counted in the batch's own transaction: a network's
// votes past PerWindow in a window are counted but not applied, across
// batches (and so across instances), and a new window starts again.
func TestApplyVotesLimitsANetwork(t *testing.T) {
	ctx := context.Background()
	db, id := dbWithArticle(t)
	vote := func(reader, bucket string) store.Vote {
		return store.Vote{ArticleID: id, VoterKey: reader, Stars: 4, Revision: 1, Bucket: bucket}
	}
	limit := store.VoteLimit{Window: 100, PerWindow: 2}
	res, err := db.ApplyVotes(ctx, t0, []store.Vote{vote("r1", "votes:n1"), vote("r2", "votes:n2"), vote("r3", "votes:n1"), vote("r4", "votes:n1")}, limit)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Limited || res[1].Limited || res[2].Limited || !res[3].Limited || res[2].Totals.Votes != 3 {
		t.Errorf("first batch %+v: want the third vote of n1 limited, 3 votes counted", res)
	}
	res, err = db.ApplyVotes(ctx, t0, []store.Vote{vote("r5", "votes:n1"), vote("r6", "votes:n2"), vote("r7", "")}, limit)
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Limited || res[1].Limited || res[2].Limited || res[2].Totals.Votes != 5 {
		t.Errorf("second batch %+v: want n1 still limited, n2's second and the unlimited vote counted", res)
	}
	limit.Window++
	if res, err := db.ApplyVotes(ctx, t0, []store.Vote{vote("r8", "votes:n1")}, limit); err != nil || res[0].Limited {
		t.Errorf("the next window: %+v, %v", res, err)
	}
	if tot, _ := db.CountVotes(ctx, id); tot.Votes != 6 {
		t.Errorf("%d votes stored, want 6", tot.Votes)
	}
}
