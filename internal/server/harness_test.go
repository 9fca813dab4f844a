package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"supple/internal/server"
	"supple/internal/storetest"
	"supple/internal/web"
)

var clock = time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)

type harness struct {
	t   *testing.T
	srv *server.Server
	ts  *httptest.Server
}

type option func(*server.Config)

func newHarness(t *testing.T, opts ...option) *harness {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	base, _ := url.Parse("http://" + ts.Listener.Addr().String() + "/")
	cfg := server.Config{
		DataDir: t.TempDir(), Database: storetest.URL(t), BaseURL: base, VotesPerMinute: 0, FeedbackPerMinute: 0,
		Follow: []web.Link{{Name: "Mastodon", URL: "https://social.example/@supple"}},
		Log:    slog.New(slog.DiscardHandler), Now: func() time.Time { return clock }, Sleep: func(time.Duration) {},
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := server.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.Config = srv.HTTPServer()
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &harness{t: t, srv: srv, ts: ts}
}

// client is a reader's browser: it keeps cookies and does not follow
// redirects, so tests see them.
func (h *harness) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type response struct {
	*http.Response
	body string
}

func (h *harness) do(c *http.Client, method, path, ctype, body string, hdr ...string) response {
	h.t.Helper()
	req, err := http.NewRequest(method, h.ts.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if c == nil {
		c = h.client()
	}
	res, err := c.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

func (h *harness) get(c *http.Client, path string) response { return h.do(c, "GET", path, "", "") }

func (h *harness) form(c *http.Client, path string, v url.Values) response {
	return h.do(c, "POST", path, "application/x-www-form-urlencoded", v.Encode(), "Origin", h.ts.URL, "Sec-Fetch-Site", "same-origin")
}

func (h *harness) json(c *http.Client, path, body string) response {
	return h.do(c, "POST", path, "application/json", body, "Sec-Fetch-Site", "same-origin")
}

// movableClock is a harness clock that tests move forward, so that a
// plan made on one day has days already lived.
type movableClock struct{ ns atomic.Int64 }

// newClock starts at t; newMovableClock at the harness clock.
func newClock(t time.Time) *movableClock {
	c := &movableClock{}
	c.Set(t)
	return c
}

func newMovableClock() *movableClock { return newClock(clock) }

func (c *movableClock) Set(t time.Time)          { c.ns.Store(t.UnixNano()) }
func (c *movableClock) now() time.Time           { return time.Unix(0, c.ns.Load()).UTC() }
func (c *movableClock) option() option           { return func(cfg *server.Config) { cfg.Now = c.now } }
func (c *movableClock) days(n int) *movableClock { c.Set(clock.AddDate(0, 0, n)); return c }
