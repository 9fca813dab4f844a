// Package servertest runs the real server for HTTP tests: server.Open on
// a fresh migrated database of the test's own (storetest.URL picks the
// engine) behind httptest, with a reader's browser, form and JSON
// helpers, one member-with-plan helper and one movable clock. Every
// harness is independent, so tests that use one may run in parallel.
package servertest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"supple/internal/server"
	"supple/internal/storetest"
	"supple/internal/web"
)

// Start is the harness's time unless a test gives it a clock: 07:00 UTC
// on Monday 23 November 2026.
var Start = time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)

// Pages of the built-in library that tests read.
const (
	Pillar     = "/articles/exercise-for-back-pain"
	APIArticle = "/api/v1/articles/exercise-for-back-pain"
)

// Harness is one running server for one test.
type Harness struct {
	T   testing.TB
	Srv *server.Server
	TS  *httptest.Server
}

// Option changes the server's configuration before it opens.
type Option func(*server.Config)

// New starts a server on a fresh database; it stops when the test ends.
// Votes and feedback are not rate limited, logs are discarded, the clock
// reads Start and the server never sleeps.
func New(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	base, _ := url.Parse("http://" + ts.Listener.Addr().String() + "/")
	cfg := server.Config{
		DataDir: t.TempDir(), Database: storetest.URL(t), BaseURL: base, VotesPerMinute: 0, FeedbackPerMinute: 0,
		Follow: []web.Link{{Name: "Mastodon", URL: "https://social.example/@supple"}},
		Log:    slog.New(slog.DiscardHandler), Now: func() time.Time { return Start }, Sleep: func(time.Duration) {},
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.Open(context.Background(), cfg)
	if err != nil {
		ts.Close()
		t.Fatal(err)
	}
	ts.Config = srv.HTTPServer()
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &Harness{T: t, Srv: srv, TS: ts}
}

// TwoInstances starts two servers on one fresh PostgreSQL database. It
// skips the test without PostgreSQL, and fails it under CI=true.
func TwoInstances(t testing.TB, opts ...Option) (*Harness, *Harness) {
	t.Helper()
	storetest.NeedPostgres(t, "several instances")
	db := storetest.URL(t)
	shared := append([]Option{func(c *server.Config) { c.Database = db }}, opts...)
	return New(t, shared...), New(t, shared...)
}

// Client is a reader's browser: it keeps cookies and does not follow
// redirects, so tests see them.
func (h *Harness) Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Response is an answer with its body read; the embedded response's own
// Body is closed.
type Response struct {
	*http.Response
	Body string
}

// Do sends a request from c (a new Client when nil) with the body, its
// content type and header name/value pairs.
func (h *Harness) Do(c *http.Client, method, path, ctype, body string, hdr ...string) Response {
	h.T.Helper()
	req, err := http.NewRequest(method, h.TS.URL+path, strings.NewReader(body))
	if err != nil {
		h.T.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if c == nil {
		c = h.Client()
	}
	res, err := c.Do(req)
	if err != nil {
		h.T.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.T.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return Response{res, string(b)}
}

// Get opens path.
func (h *Harness) Get(c *http.Client, path string) Response { return h.Do(c, "GET", path, "", "") }

// Form posts a form from this site's own pages.
func (h *Harness) Form(c *http.Client, path string, v url.Values) Response {
	return h.Do(c, "POST", path, "application/x-www-form-urlencoded", v.Encode(), "Origin", h.TS.URL, "Sec-Fetch-Site", "same-origin")
}

// JSON posts a JSON body from this site's own pages.
func (h *Harness) JSON(c *http.Client, path, body string) Response {
	return h.Do(c, "POST", path, "application/json", body, "Sec-Fetch-Site", "same-origin")
}

// Follow posts a form that must answer 303 See Other and then opens the
// page it redirects to, as a browser does; it returns both answers.
func (h *Harness) Follow(c *http.Client, path string, v url.Values) (post, page Response) {
	h.T.Helper()
	post = h.Form(c, path, v)
	if post.StatusCode != http.StatusSeeOther {
		h.T.Fatalf("POST %s: %d, want 303 to the page\n%s", path, post.StatusCode, ErrorText(post.Body))
	}
	loc, _, _ := strings.Cut(post.Header.Get("Location"), "#")
	return post, h.Get(c, loc)
}

// Within polls cond for up to a second.
func Within(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within a second", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// SyncBuffer is a bytes.Buffer safe for the server's goroutines, for a
// server's log.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
