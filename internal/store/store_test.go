package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/store"
	"supple/internal/storetest"
)

var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func art(slug, hash, body string) store.Article {
	return store.Article{Slug: slug, Title: "Title " + slug, Category: "General", CategorySlug: "general",
		Tags: []string{"a"}, PublishedAt: t0, UpdatedAt: t0, Source: "src " + hash, BodyText: body, ContentHash: hash}
}

func TestUpsertKeepsRevisions(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	steps := []struct {
		hash    string
		outcome store.UpsertOutcome
		rev     int
	}{
		{"h1", store.Created, 1},
		{"h1", store.Unchanged, 1},
		{"h2", store.Updated, 2},
		{"h3", store.Updated, 3},
		{"h3", store.Unchanged, 3},
	}
	for i, s := range steps {
		res, err := db.UpsertArticles(ctx, t0, []store.Article{art("walking", s.hash, "walking helps")})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Outcome != s.outcome || res[0].Revision != s.rev {
			t.Errorf("step %d: got %s rev %d, want %s rev %d", i, res[0].Outcome, res[0].Revision, s.outcome, s.rev)
		}
	}
	revs, err := db.Revisions(ctx, "walking")
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 3 || revs[0].Revision != 3 || revs[2].ContentHash != "h1" {
		t.Errorf("revisions = %+v, want 3 newest first", revs)
	}
	arts, err := db.Articles(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].Revision != 3 || arts[0].Source != "src h3" || arts[0].Tags[0] != "a" {
		t.Errorf("articles = %+v", arts)
	}
}

func TestDraftsAreNotListedOrSearched(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	d := art("draft", "h", "secret swimming plan")
	d.Status = "draft"
	if _, err := db.UpsertArticles(ctx, t0, []store.Article{d, art("pub", "p", "public swimming tips")}); err != nil {
		t.Fatal(err)
	}
	pub, _ := db.Articles(ctx, true)
	all, _ := db.Articles(ctx, false)
	if len(pub) != 1 || len(all) != 2 {
		t.Errorf("published %d, all %d; want 1 and 2", len(pub), len(all))
	}
	hits, err := db.Search(ctx, "swimming", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Slug != "pub" {
		t.Errorf("hits = %+v, want only pub", hits)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	_, err := db.UpsertArticles(ctx, t0, []store.Article{
		art("stretches", "1", "Gentle stretches such as the cat-cow ease stiffness in the lower back."),
		art("swimming", "2", "Swimming and water exercise take weight off the spine."),
		art("walking", "3", "Brisk walking is low-impact cardio that most people can start today."),
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"swimming", []string{"swimming"}},
		{"SWIM", []string{"swimming"}},                          // prefix on the last word, any case
		{"stretch", []string{"stretches"}},                      // prefix
		{"walking cardio", []string{"walking"}},                 // every word must match
		{"walking swimming", nil},                               // no article has both
		{`"); DROP TABLE articles; --`, nil},                    // punctuation is never syntax
		{"title", []string{"stretches", "swimming", "walking"}}, // all titles match
		{"   ", nil},
		{"NEAR AND OR NOT", nil},
	}
	for _, tt := range tests {
		hits, err := db.Search(ctx, tt.q, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", tt.q, err)
			continue
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Slug)
		}
		slices.Sort(got)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	hits, _ := db.Search(ctx, "water", 10)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, store.MarkStart+"water"+store.MarkEnd) {
		t.Errorf("snippet not marked: %+v", hits)
	}
}

func TestApplyVotesReplacesAReadersVote(t *testing.T) {
	ctx := context.Background()
	db, id := dbWithArticle(t)
	votes := []store.Vote{
		{ArticleID: id, VoterKey: "r1", Stars: 5, Revision: 1},
		{ArticleID: id, VoterKey: "r2", Stars: 2, Revision: 1},
		{ArticleID: id, VoterKey: "r1", Stars: 3, Revision: 1}, // r1 changes their mind
		{ArticleID: id, VoterKey: "r1", Stars: 3, Revision: 1}, // and repeats it
	}
	res, err := db.ApplyVotes(ctx, t0, votes, store.VoteLimit{})
	if err != nil {
		t.Fatal(err)
	}
	want := store.Totals{Votes: 2, Sum: 5, Dist: [5]int{0, 1, 1, 0, 0}}
	if got := res[len(res)-1].Totals; got != want {
		t.Errorf("totals after votes = %+v, want %+v", got, want)
	}
	if got, _ := db.CountVotes(ctx, id); got != want {
		t.Errorf("recount = %+v, want %+v", got, want)
	}
	if s, _ := db.VoteOf(ctx, id, "r1"); s != 3 {
		t.Errorf("VoteOf r1 = %d, want 3", s)
	}
	if _, err := db.ApplyVotes(ctx, t0, []store.Vote{{ArticleID: id, VoterKey: "r3", Stars: 6}}, store.VoteLimit{}); err == nil {
		t.Error("6 stars accepted")
	}
	if got, _ := db.CountVotes(ctx, id); got != want {
		t.Errorf("a failed batch changed the votes: %+v", got)
	}
}

func TestSettingOrInitKeepsTheFirstValue(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	v1, err := db.SettingOrInit(ctx, "k", func() string { return "one" })
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := db.SettingOrInit(ctx, "k", func() string { return "two" })
	if v1 != "one" || v2 != "one" {
		t.Errorf("got %q then %q, want one twice", v1, v2)
	}
}

func TestPostgresRebind(t *testing.T) {
	got := store.PostgresDialect().Rebind(`SELECT '?' , a FROM t WHERE x = ? AND y = ?`)
	want := `SELECT '?' , a FROM t WHERE x = $1 AND y = $2`
	if got != want {
		t.Errorf("Rebind = %q, want %q", got, want)
	}
}

// A batch larger than one statement's rows, with re-votes spread over it,
// is committed exactly, and so are batches of every size after it (each
// size is cut into runs of a few prepared shapes).
func TestApplyVotesLargeBatches(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	if _, err := db.UpsertArticles(ctx, t0, []store.Article{art("a", "1", "x"), art("b", "1", "y")}); err != nil {
		t.Fatal(err)
	}
	arts, _ := db.Articles(ctx, true)
	var batch []store.Vote
	for i := range 1000 {
		batch = append(batch, store.Vote{ArticleID: arts[i%2].ID, VoterKey: fmt.Sprintf("r%03d", i%700), Stars: i%5 + 1, Revision: 1})
	}
	final := map[int64]map[string]int{} // each reader's last stars, by article
	for _, size := range []int{1000, 1, 3, 255, 257} {
		for _, v := range batch[:size] {
			if final[v.ArticleID] == nil {
				final[v.ArticleID] = map[string]int{}
			}
			final[v.ArticleID][v.VoterKey] = v.Stars
		}
		res, err := db.ApplyVotes(ctx, t0, batch[:size], store.VoteLimit{})
		if err != nil {
			t.Fatalf("batch of %d: %v", size, err)
		}
		if len(res) != size {
			t.Fatalf("batch of %d: %d results", size, len(res))
		}
	}
	for _, a := range arts {
		var want store.Totals
		for _, s := range final[a.ID] {
			want.Votes++
			want.Sum += s
			want.Dist[s-1]++
		}
		if got, _ := db.CountVotes(ctx, a.ID); got != want {
			t.Errorf("article %s: recount %+v, want %+v", a.Slug, got, want)
		}
		if all, _ := db.AllTotals(ctx); all[a.ID] != want {
			t.Errorf("article %s: totals %+v, want %+v", a.Slug, all[a.ID], want)
		}
	}
}
