package rating_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"

	"supple/internal/rating"
	"supple/internal/store"
	"supple/internal/storetest"
	"supple/internal/validate"
)

func setup(t testing.TB, perMinute int) (*rating.Service, *store.DB, int64) {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if _, err := db.UpsertArticles(ctx, now, []store.Article{{Slug: "a", Title: "A", Category: "G", CategorySlug: "g",
		PublishedAt: now, UpdatedAt: now, Source: "s", ContentHash: "h"}}); err != nil {
		t.Fatal(err)
	}
	arts, _ := db.Articles(ctx, true)
	svc, err := rating.New(ctx, db, rating.Config{VotesPerMinute: perMinute, FeedbackPerMinute: perMinute, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	return svc, db, arts[0].ID
}

// Many readers vote at once; some vote several times in a row. The
// committed totals, the served summary and a recount of the votes table
// must all equal the expected result exactly.
func TestConcurrentVotesAreExact(t *testing.T) {
	svc, db, id := setup(t, 0)
	ctx := context.Background()
	const distinct, repeaters, repeats = 400, 100, 5
	var want store.Totals
	var wg sync.WaitGroup
	errs := make(chan error, distinct+repeaters)
	for i := range distinct {
		stars := i%5 + 1
		want.Votes++
		want.Sum += stars
		want.Dist[stars-1]++
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := svc.Vote(ctx, id, 1, fmt.Sprintf("reader-%04d-xxxxxxxxxx", i), "c", stars); err != nil {
				errs <- err
			}
		}()
	}
	for i := range repeaters {
		final := (i*3)%5 + 1
		want.Votes++
		want.Sum += final
		want.Dist[final-1]++
		wg.Add(1)
		go func() {
			defer wg.Done()
			reader := fmt.Sprintf("repeat-%04d-xxxxxxxxxx", i)
			for r := range repeats {
				stars := (i+r)%5 + 1
				if r == repeats-1 {
					stars = final
				}
				if _, err := svc.Vote(ctx, id, 1, reader, "c", stars); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := db.CountVotes(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("votes table: %+v, want %+v", got, want)
	}
	all, _ := db.AllTotals(ctx)
	if all[id] != want {
		t.Errorf("rating_totals: %+v, want %+v", all[id], want)
	}
	sum := svc.Summary(id)
	if sum.Count != want.Votes || sum.Dist != want.Dist {
		t.Errorf("served summary %+v, want %+v", sum, want)
	}
}

func TestVoteValidationAndLimits(t *testing.T) {
	svc, _, id := setup(t, 3)
	ctx := context.Background()
	for _, stars := range []int{0, 6, -1} {
		_, err := svc.Vote(ctx, id, 1, "r", "c", stars)
		var ve validate.Errors
		if !errors.As(err, &ve) || ve.For("stars") == "" {
			t.Errorf("stars %d: err = %v, want a stars field error", stars, err)
		}
	}
	for i := range 3 {
		if _, err := svc.Vote(ctx, id, 1, fmt.Sprint("r", i), "net-1", 4); err != nil {
			t.Fatalf("vote %d: %v", i, err)
		}
	}
	if _, err := svc.Vote(ctx, id, 1, "r9", "net-1", 4); !errors.Is(err, rating.ErrLimited) {
		t.Errorf("4th vote in a minute from one network: err = %v, want ErrLimited", err)
	}
	if _, err := svc.Vote(ctx, id, 1, "r9", "net-2", 4); err != nil {
		t.Errorf("another network is limited too: %v", err)
	}
	if s := svc.Summary(id); s.Count != 4 || s.Average != 4 {
		t.Errorf("summary = %+v, want 4 votes averaging 4", s)
	}
}

func TestAverageHasOneDecimal(t *testing.T) {
	svc, _, id := setup(t, 0)
	ctx := context.Background()
	for i, s := range []int{5, 4, 4} {
		if _, err := svc.Vote(ctx, id, 1, fmt.Sprint("r", i), "c", s); err != nil {
			t.Fatal(err)
		}
	}
	if got := svc.Summary(id).Average; got != 4.3 {
		t.Errorf("average of 5,4,4 = %v, want 4.3", got)
	}
}

func TestFeedbackValidation(t *testing.T) {
	svc, db, id := setup(t, 0)
	ctx := context.Background()
	long := make([]rune, rating.MaxFeedback+1)
	for i := range long {
		long[i] = 'é'
	}
	tests := []struct {
		name  string
		in    rating.FeedbackInput
		field string
	}{
		{"empty", rating.FeedbackInput{Text: "  \n "}, "text"},
		{"too long", rating.FeedbackInput{Text: string(long)}, "text"},
		{"unknown section", rating.FeedbackInput{Text: "x", Section: "nope", Sections: []string{"intro"}}, "section"},
		{"bad stars", rating.FeedbackInput{Text: "x", Stars: 7}, "stars"},
		{"ok", rating.FeedbackInput{Text: string(long[:rating.MaxFeedback]), Section: "intro", Sections: []string{"intro"}, Stars: 2}, ""},
	}
	for _, tt := range tests {
		tt.in.ArticleID, tt.in.Revision = id, 1
		_, err := svc.Feedback(ctx, tt.in, "c")
		var ve validate.Errors
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (!errors.As(err, &ve) || ve.For(tt.field) == ""):
			t.Errorf("%s: err = %v, want an error on %s", tt.name, err, tt.field)
		}
	}
	items, _ := db.ListFeedback(ctx, store.FeedbackFilter{})
	if len(items) != 1 || items[0].Section != "intro" || items[0].Stars != 2 {
		t.Errorf("stored feedback = %+v, want only the valid one", items)
	}
}

func TestClientKey(t *testing.T) {
	secret := []byte("s")
	a := rating.ClientKey(secret, netip.MustParseAddr("2001:db8::1"))
	b := rating.ClientKey(secret, netip.MustParseAddr("2001:db8::ffff"))
	c := rating.ClientKey(secret, netip.MustParseAddr("2001:db8:0:1::1"))
	if a != b || a == c {
		t.Errorf("IPv6 keys should group by /64: %s %s %s", a, b, c)
	}
	v4 := rating.ClientKey(secret, netip.MustParseAddr("192.0.2.1"))
	if v4 == rating.ClientKey(secret, netip.MustParseAddr("192.0.2.2")) || v4 == rating.ClientKey([]byte("t"), netip.MustParseAddr("192.0.2.1")) {
		t.Error("keys must differ by address and by secret")
	}
	if v4 != rating.ClientKey(secret, netip.MustParseAddr("::ffff:192.0.2.1")) {
		t.Error("an IPv4-mapped address must key like IPv4")
	}
}

// BenchmarkVotes: durable votes a second through the service (no HTTP),
// from 128 goroutines at once, 80% new readers; votes/s is the number to
// read (bench/votes.sh measures the same through HTTP).
func BenchmarkVotes(b *testing.B) {
	svc, _, id := setup(b, 0)
	ctx := context.Background()
	var n sync.Mutex
	next := 0
	b.SetParallelism(64) // 128 goroutines on 2 CPUs
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n.Lock()
			i := next
			next++
			n.Unlock()
			reader := fmt.Sprintf("reader-%012d-xxxxx", i)
			if i%5 == 0 {
				reader = fmt.Sprintf("repeat-%012d-xxxxx", i%1000)
			}
			if _, err := svc.Vote(ctx, id, 1, reader, "c", i%5+1); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "votes/s")
}
