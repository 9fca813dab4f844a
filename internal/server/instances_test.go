package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
)

func TestTwoInstancesAgree(t *testing.T) {
	a, b := servertest.TwoInstances(t, func(c *server.Config) { c.VotesPerMinute = 3 })
	if b.RatingCount() != 0 {
		t.Fatal("fresh database has votes")
	}
	b.Get(nil, servertest.Pillar) // fill b's page cache
	if r := a.JSON(a.Client(), servertest.APIArticle+"/rating", `{"stars":4}`); r.StatusCode != 200 {
		t.Fatalf("vote on a: %d", r.StatusCode)
	}
	servertest.Within(t, "a vote on one instance in the other's API", func() bool { return b.RatingCount() == 1 })
	servertest.Within(t, "a vote on one instance on the other's cached page", func() bool {
		return strings.Contains(b.Get(nil, servertest.Pillar).Body, "<span data-count>1</span>")
	})

	// One limit for both instances: 3 votes a minute from one network.
	a.JSON(a.Client(), servertest.APIArticle+"/rating", `{"stars":4}`)
	b.JSON(b.Client(), servertest.APIArticle+"/rating", `{"stars":4}`)
	if r := b.JSON(b.Client(), servertest.APIArticle+"/rating", `{"stars":4}`); r.StatusCode != 429 {
		t.Errorf("4th vote from one network across two instances: %d, want 429", r.StatusCode)
	}

	// A login on one instance is a login on the other: sessions live in
	// the database.
	if _, err := a.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	c := a.Client()
	if r := a.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != 303 {
		t.Fatalf("login on a: %d", r.StatusCode)
	}
	if r := b.Get(c, "/me/settings"); r.StatusCode != 200 || !strings.Contains(r.Body, "ann@example.org") {
		t.Errorf("the session from a on b: %d", r.StatusCode)
	}

	// An article published through one instance's store appears on both.
	_, err := a.Srv.DB.UpsertArticles(context.Background(), servertest.Start, []store.Article{{
		Slug: "new-article", Title: "New article", Category: "General", CategorySlug: "general",
		PublishedAt: servertest.Start, UpdatedAt: servertest.Start, Source: "---\ntitle: New article\npublished: 2026-11-23\n---\nHello.\n", ContentHash: "x",
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []*servertest.Harness{a, b} {
		servertest.Within(t, "a new article on both instances", func() bool { return h.Get(nil, "/articles/new-article").StatusCode == 200 })
	}
}

// Readers vote through both instances at once, some several times: no
// vote is lost or counted twice, and both instances show the truth.
func TestTwoInstancesConcurrentVotes(t *testing.T) {
	a, b := servertest.TwoInstances(t)
	const readers, repeats = 80, 3
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed, wantSum := 0, 0
	for i := range readers {
		final := i%5 + 1
		wantSum += final
		wg.Add(1)
		go func() {
			defer wg.Done()
			ca, cb := a.Client(), b.Client()
			for r := range repeats {
				stars := (i*7+r)%5 + 1
				if r == repeats-1 {
					stars = final
				}
				// The reader's cookie moves between instances, as behind a
				// load balancer.
				h, c := a, ca
				if (i+r)%2 == 1 {
					h, c = b, cb
					c.Jar = ca.Jar
				}
				if res := h.JSON(c, servertest.APIArticle+"/rating", fmt.Sprintf(`{"stars":%d}`, stars)); res.StatusCode != 200 {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if failed > 0 {
		t.Fatalf("%d votes failed", failed)
	}
	art, _ := a.Srv.Catalog.Snapshot().Get("exercise-for-back-pain")
	got, err := a.Srv.DB.CountVotes(context.Background(), art.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Votes != readers || got.Sum != wantSum {
		t.Errorf("database: %+v, want %d votes summing to %d", got, readers, wantSum)
	}
	totals, _ := a.Srv.DB.TotalsOf(context.Background(), art.ID)
	if totals != got {
		t.Errorf("totals row %+v differs from the votes %+v", totals, got)
	}
	for name, h := range map[string]*servertest.Harness{"a": a, "b": b} {
		servertest.Within(t, "instance "+name+" shows every vote", func() bool { return h.RatingCount() == readers })
	}
}
