package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"supple/internal/server"
	"supple/internal/store"
	"supple/internal/storetest"
)

// twoInstances starts two servers on one fresh PostgreSQL database.
func twoInstances(t *testing.T, opts ...option) (*harness, *harness) {
	t.Helper()
	if !storetest.Postgres() {
		t.Skip("several instances need PostgreSQL: set " + storetest.EnvPostgres + " (CI does)")
	}
	url := storetest.URL(t)
	shared := append([]option{func(c *server.Config) { c.Database = url }}, opts...)
	a := newHarness(t, shared...)
	b := newHarness(t, shared...)
	return a, b
}

func ratingCount(t *testing.T, h *harness) int {
	t.Helper()
	var d struct {
		Rating struct{ Count int } `json:"rating"`
	}
	if err := json.Unmarshal([]byte(h.get(nil, apiArticle).body), &d); err != nil {
		t.Fatal(err)
	}
	return d.Rating.Count
}

// within polls cond for up to a second.
func within(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within a second", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestTwoInstancesAgree(t *testing.T) {
	a, b := twoInstances(t, func(c *server.Config) { c.VotesPerMinute = 3 })
	if ratingCount(t, b) != 0 {
		t.Fatal("fresh database has votes")
	}
	b.get(nil, pillar) // fill b's page cache
	if r := a.json(a.client(), apiArticle+"/rating", `{"stars":4}`); r.StatusCode != 200 {
		t.Fatalf("vote on a: %d", r.StatusCode)
	}
	within(t, "a vote on one instance in the other's API", func() bool { return ratingCount(t, b) == 1 })
	within(t, "a vote on one instance on the other's cached page", func() bool {
		return strings.Contains(b.get(nil, pillar).body, "<span data-count>1</span>")
	})

	// One limit for both instances: 3 votes a minute from one network.
	a.json(a.client(), apiArticle+"/rating", `{"stars":4}`)
	b.json(b.client(), apiArticle+"/rating", `{"stars":4}`)
	if r := b.json(b.client(), apiArticle+"/rating", `{"stars":4}`); r.StatusCode != 429 {
		t.Errorf("4th vote from one network across two instances: %d, want 429", r.StatusCode)
	}

	// A login on one instance is a login on the other: sessions live in
	// the database.
	if _, err := a.srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	c := a.client()
	if r := a.form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != 303 {
		t.Fatalf("login on a: %d", r.StatusCode)
	}
	if r := b.get(c, "/me/settings"); r.StatusCode != 200 || !strings.Contains(r.body, "ann@example.org") {
		t.Errorf("the session from a on b: %d", r.StatusCode)
	}

	// An article published through one instance's store appears on both.
	_, err := a.srv.DB.UpsertArticles(context.Background(), clock, []store.Article{{
		Slug: "new-article", Title: "New article", Category: "General", CategorySlug: "general",
		PublishedAt: clock, UpdatedAt: clock, Source: "---\ntitle: New article\npublished: 2026-11-23\n---\nHello.\n", ContentHash: "x",
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []*harness{a, b} {
		within(t, "a new article on both instances", func() bool { return h.get(nil, "/articles/new-article").StatusCode == 200 })
	}
}

// Readers vote through both instances at once, some several times: no
// vote is lost or counted twice, and both instances show the truth.
func TestTwoInstancesConcurrentVotes(t *testing.T) {
	a, b := twoInstances(t)
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
			ca, cb := a.client(), b.client()
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
				if res := h.json(c, apiArticle+"/rating", fmt.Sprintf(`{"stars":%d}`, stars)); res.StatusCode != 200 {
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
	art, _ := a.srv.Catalog.Snapshot().Get("exercise-for-back-pain")
	got, err := a.srv.DB.CountVotes(context.Background(), art.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Votes != readers || got.Sum != wantSum {
		t.Errorf("database: %+v, want %d votes summing to %d", got, readers, wantSum)
	}
	totals, _ := a.srv.DB.TotalsOf(context.Background(), art.ID)
	if totals != got {
		t.Errorf("totals row %+v differs from the votes %+v", totals, got)
	}
	for name, h := range map[string]*harness{"a": a, "b": b} {
		within(t, "instance "+name+" shows every vote", func() bool { return ratingCount(t, h) == readers })
	}
}
