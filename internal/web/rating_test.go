package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
)

func visible(page, id string) bool {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return false
	}
	end := strings.Index(page[i:], ">")
	return !strings.Contains(page[i:i+end], "hidden")
}

// The plain-form flow, as a reader without JavaScript sees it.
func TestPlainFormRatingAndFeedback(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := h.Client()
	page := h.Get(c, servertest.Pillar).Body
	if !strings.Contains(page, "No votes yet. Be the first to rate this article.") {
		t.Error("no 'be the first' state")
	}
	if visible(page, "rate-thanks") || visible(page, "rate-improve") || visible(page, "rate-sent") {
		t.Error("result panels visible before voting")
	}

	r := h.Form(c, servertest.Pillar+"/rating", url.Values{"stars": {"2"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != servertest.Pillar+"?rated=1#rate" {
		t.Fatalf("vote: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	if !strings.Contains(r.Header.Get("Set-Cookie"), "supple_reader=") || !strings.Contains(r.Header.Get("Set-Cookie"), "HttpOnly") {
		t.Errorf("reader cookie: %q", r.Header.Get("Set-Cookie"))
	}
	page = h.Get(c, servertest.Pillar+"?rated=1").Body
	if !visible(page, "rate-improve") || visible(page, "rate-thanks") {
		t.Error("after 2 stars the feedback box should show, and the thanks not")
	}
	for _, want := range []string{"Sorry this wasn’t useful.", "How can we improve it?", `You rated this 2 <span aria-hidden="true">★</span><span class="visually-hidden">stars</span> — change?`, "Rated <strong><span data-avg>2.0</span> out of 5</strong> by <span data-count>1</span> reader.", `value="2" required checked`} {
		if !strings.Contains(page, want) {
			t.Errorf("result page lacks %q", want)
		}
	}

	// Voting again changes the vote; it never adds one.
	h.Form(c, servertest.Pillar+"/rating", url.Values{"stars": {"5"}})
	page = h.Get(c, servertest.Pillar+"?rated=1").Body
	if !visible(page, "rate-thanks") || visible(page, "rate-improve") || !strings.Contains(page, `href="https://social.example/@supple"`) {
		t.Error("after 5 stars the thanks and follow links should show")
	}
	if !strings.Contains(page, "<span data-avg>5.0</span> out of 5</strong> by <span data-count>1</span> reader.") {
		t.Error("second vote counted twice or not changed")
	}
	// The cached page for everyone else shows the same numbers.
	if page := h.Get(nil, servertest.Pillar).Body; !strings.Contains(page, "<span data-avg>5.0</span>") {
		t.Error("cached article page not updated after a vote")
	}

	// Feedback, with HTML that must stay text.
	h.Form(c, servertest.Pillar+"/rating", url.Values{"stars": {"1"}})
	xss := `<img src=x onerror=alert(1)> the stretches section needs pictures`
	r = h.Form(c, servertest.Pillar+"/feedback", url.Values{"text": {xss}, "section": {"gentle-stretches"}, "stars": {"1"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != servertest.Pillar+"?feedback=sent#rate" {
		t.Fatalf("feedback: %d to %q\n%s", r.StatusCode, r.Header.Get("Location"), servertest.ErrorText(r.Body))
	}
	page = h.Get(c, servertest.Pillar+"?feedback=sent").Body
	if !visible(page, "rate-sent") || visible(page, "rate-improve") {
		t.Error("no feedback confirmation")
	}
	items, err := h.Srv.DB.ListFeedback(context.Background(), store.FeedbackFilter{})
	if err != nil || len(items) != 1 {
		t.Fatalf("feedback stored: %v %v", items, err)
	}
	if f := items[0]; f.Text != xss || f.Section != "gentle-stretches" || f.Stars != 1 || f.Revision != 1 || f.ArticleSlug != "exercise-for-back-pain" {
		t.Errorf("stored feedback %+v", f)
	}
}

func TestFormErrorsKeepInput(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := h.Client()
	tests := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   []string
	}{
		{"no stars", servertest.Pillar + "/rating", url.Values{}, 422, []string{"Choose from 1 to 5 stars"}},
		{"stars not a number", servertest.Pillar + "/rating", url.Values{"stars": {"five"}}, 422, []string{"Choose from 1 to 5 stars"}},
		{"stars too high", servertest.Pillar + "/rating", url.Values{"stars": {"6"}}, 422, []string{"Choose from 1 to 5 stars"}},
		{"empty feedback", servertest.Pillar + "/feedback", url.Values{"text": {"   "}, "stars": {"2"}}, 422, []string{"Please write a few words", `aria-invalid="true"`}},
		{"long feedback kept", servertest.Pillar + "/feedback", url.Values{"text": {strings.Repeat("x", 2001) + "<b>kept</b>"}}, 422,
			[]string{"Please keep feedback to 2000 characters", "&lt;b&gt;kept&lt;/b&gt;</textarea>"}},
		{"unknown section kept text", servertest.Pillar + "/feedback", url.Values{"text": {"keep me"}, "section": {"nope"}}, 422,
			[]string{"Choose a section", "keep me</textarea>"}},
		{"unknown article", "/articles/nope/rating", url.Values{"stars": {"3"}}, 404, []string{"We couldn’t find that page"}},
		{"huge body", servertest.Pillar + "/feedback", url.Values{"text": {strings.Repeat("y", 40<<10)}}, 413, []string{"shorten it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.Form(c, tt.path, tt.form)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
	if n, _ := h.Srv.DB.ListFeedback(context.Background(), store.FeedbackFilter{}); len(n) != 0 {
		t.Errorf("invalid feedback stored: %v", n)
	}
	if s := h.Get(nil, "/api/v1/articles/exercise-for-back-pain").Body; !strings.Contains(s, `"count":0`) {
		t.Errorf("invalid votes stored: %s", s)
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, path := range []string{servertest.Pillar + "/rating", servertest.Pillar + "/feedback", "/api/v1/articles/exercise-for-back-pain/rating", "/api/v1/articles/exercise-for-back-pain/feedback"} {
		r := h.Do(nil, "POST", path, "application/x-www-form-urlencoded", "stars=5&text=hi", "Sec-Fetch-Site", "cross-site")
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: cross-site POST answered %d", path, r.StatusCode)
		}
		r = h.Do(nil, "POST", path, "application/x-www-form-urlencoded", "stars=5", "Origin", "https://evil.example")
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: POST from another origin answered %d", path, r.StatusCode)
		}
	}
	if s := h.Get(nil, "/api/v1/articles/exercise-for-back-pain").Body; !strings.Contains(s, `"count":0`) {
		t.Error("a refused vote was counted")
	}
}

func TestVoteLimitPerNetwork(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) { c.VotesPerMinute = 3 })
	for i := range 3 {
		if r := h.Form(h.Client(), servertest.Pillar+"/rating", url.Values{"stars": {"4"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("vote %d: %d", i, r.StatusCode)
		}
	}
	r := h.Form(h.Client(), servertest.Pillar+"/rating", url.Values{"stars": {"4"}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "please wait a minute and try again") || r.Header.Get("Retry-After") == "" {
		t.Errorf("4th vote: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	r = h.JSON(h.Client(), "/api/v1/articles/exercise-for-back-pain/rating", `{"stars":4}`)
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("API vote over the limit: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
}

// Readers vote at once over HTTP through the API, some of them several
// times; the numbers the page and API show equal the database exactly.
func TestConcurrentVotesOverHTTP(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	const readers, repeats = 60, 3
	var wg sync.WaitGroup
	var mu sync.Mutex
	failures := 0
	wantSum := 0
	for i := range readers {
		final := i%5 + 1
		wantSum += final
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := h.Client()
			for r := range repeats {
				stars := (i+r)%5 + 1
				if r == repeats-1 {
					stars = final
				}
				res := h.JSON(c, "/api/v1/articles/exercise-for-back-pain/rating", fmt.Sprintf(`{"stars":%d}`, stars))
				if res.StatusCode != 200 {
					mu.Lock()
					failures++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if failures > 0 {
		t.Fatalf("%d votes failed", failures)
	}
	var got struct {
		Rating struct {
			Average float64 `json:"average"`
			Count   int     `json:"count"`
		} `json:"rating"`
	}
	if err := json.Unmarshal([]byte(h.Get(nil, "/api/v1/articles/exercise-for-back-pain").Body), &got); err != nil {
		t.Fatal(err)
	}
	a, _ := h.Srv.Catalog.Snapshot().Get("exercise-for-back-pain")
	db, _ := h.Srv.DB.CountVotes(context.Background(), a.ID)
	if got.Rating.Count != readers || db.Votes != readers || db.Sum != wantSum {
		t.Errorf("API count %d, db %+v; want %d votes summing to %d", got.Rating.Count, db, readers, wantSum)
	}
	if page := h.Get(nil, servertest.Pillar).Body; !strings.Contains(page, fmt.Sprintf("<span data-count>%d</span>", readers)) {
		t.Error("article page shows another count")
	}
}
