package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"supple/internal/servertest"
)

// raw is c (or a fresh client) without Go's transparent gzip, so tests see
// the bytes and headers as sent.
func raw(h *servertest.Harness, c *http.Client) *http.Client {
	if c == nil {
		c = h.Client()
	}
	return &http.Client{Jar: c.Jar, CheckRedirect: c.CheckRedirect, Transport: &http.Transport{DisableCompression: true}}
}

// decoded is the body of r decoded by its Content-Encoding.
func decoded(t *testing.T, r servertest.Response) string {
	t.Helper()
	var rd io.Reader = strings.NewReader(r.Body)
	switch enc := r.Header.Get("Content-Encoding"); enc {
	case "":
	case "gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		rd = zr
	case "br":
		rd = brotli.NewReader(rd)
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("decode %s: %v", r.Header.Get("Content-Encoding"), err)
	}
	return string(b)
}

// The public pages and files are compressed once and served from memory
// with a strong ETag per coding, Last-Modified and Vary, and conditional
// requests get 304 without a body.
func TestCompressedPagesAndValidators(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := raw(h, nil)
	css := h.Get(nil, "/").Body
	cssPath := regexpFind(t, `href="(/static/base\.css\?v=[0-9a-f]+)"`, css)
	for _, path := range []string{"/", "/articles/", "/articles/exercise-for-back-pain", "/exercises/", "/exercises/cobra",
		"/feed.atom", "/sitemap.xml", cssPath, "/static/app.js", "/static/articles.css"} {
		t.Run(path, func(t *testing.T) {
			ident := h.Do(c, "GET", path, "", "")
			if ident.StatusCode != 200 || ident.Header.Get("Content-Encoding") != "" {
				t.Fatalf("identity: %d, Content-Encoding %q", ident.StatusCode, ident.Header.Get("Content-Encoding"))
			}
			etags := map[string]bool{}
			for _, tt := range []struct{ accept, want string }{
				{"", ""}, {"gzip", "gzip"}, {"br", "br"}, {"gzip, deflate, br", "br"}, {"br;q=0.5, gzip", "gzip"},
				{"gzip;q=0, br;q=0", ""}, {"identity", ""},
			} {
				r := h.Do(c, "GET", path, "", "", "Accept-Encoding", tt.accept)
				if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != tt.want {
					t.Fatalf("Accept-Encoding %q: %d, Content-Encoding %q, want %q", tt.accept, r.StatusCode, r.Header.Get("Content-Encoding"), tt.want)
				}
				if r.Header.Get("Vary") != "Accept-Encoding" {
					t.Errorf("Accept-Encoding %q: Vary %q", tt.accept, r.Header.Get("Vary"))
				}
				if got := decoded(t, r); got != ident.Body {
					t.Fatalf("Accept-Encoding %q: decoded body differs from the identity body", tt.accept)
				}
				if tt.want != "" && len(r.Body) >= len(ident.Body)/2 {
					t.Errorf("%s body %d bytes for %d uncompressed", tt.want, len(r.Body), len(ident.Body))
				}
				etag, lm := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
				if !strings.HasPrefix(etag, `"`) || lm == "" {
					t.Fatalf("Accept-Encoding %q: ETag %q (must be strong), Last-Modified %q", tt.accept, etag, lm)
				}
				etags[tt.want+" "+etag] = true
				// The copy the client has is current.
				for _, cond := range [][]string{
					{"If-None-Match", etag},
					{"If-None-Match", `"other", W/` + etag},
					{"If-Modified-Since", lm},
				} {
					nm := h.Do(c, "GET", path, "", "", "Accept-Encoding", tt.accept, cond[0], cond[1])
					if nm.StatusCode != http.StatusNotModified || nm.Body != "" || nm.Header.Get("ETag") != etag || nm.Header.Get("Vary") != "Accept-Encoding" {
						t.Errorf("Accept-Encoding %q, %s: %d, %d bytes, ETag %q", tt.accept, cond[0], nm.StatusCode, len(nm.Body), nm.Header.Get("ETag"))
					}
				}
				// If-None-Match decides alone: a stale tag wins over a current date.
				if r := h.Do(c, "GET", path, "", "", "Accept-Encoding", tt.accept, "If-None-Match", `"stale"`, "If-Modified-Since", lm); r.StatusCode != 200 {
					t.Errorf("Accept-Encoding %q: stale If-None-Match with a current If-Modified-Since: %d, want 200", tt.accept, r.StatusCode)
				}
				if r := h.Do(c, "GET", path, "", "", "Accept-Encoding", tt.accept, "If-Modified-Since", servertest.Start.Add(-time.Hour).Format(http.TimeFormat)); r.StatusCode != 200 {
					t.Errorf("Accept-Encoding %q: an older If-Modified-Since: %d, want 200", tt.accept, r.StatusCode)
				}
			}
			// One strong ETag per coding, and never the same for two codings.
			if len(etags) != 3 {
				t.Errorf("ETags by coding: %v, want 3 different", etags)
			}
		})
	}
}

// A vote changes the article's ETag: a copy cached before it is not
// current any more, and the page shows the new count.
func TestVoteChangesArticleValidators(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := raw(h, nil)
	const path = "/articles/exercise-for-back-pain"
	before := h.Do(c, "GET", path, "", "", "Accept-Encoding", "br")
	etag, lm := before.Header.Get("ETag"), before.Header.Get("Last-Modified")
	if r := h.Do(c, "GET", path, "", "", "Accept-Encoding", "br", "If-None-Match", etag); r.StatusCode != 304 {
		t.Fatalf("before the vote: %d, want 304", r.StatusCode)
	}
	if r := h.JSON(nil, "/api/v1/articles/exercise-for-back-pain/rating", `{"stars": 4}`); r.StatusCode != 200 {
		t.Fatalf("vote: %d %s", r.StatusCode, r.Body)
	}
	for _, cond := range [][]string{{"If-None-Match", etag}, {"If-Modified-Since", lm}} {
		after := h.Do(c, "GET", path, "", "", "Accept-Encoding", "br", cond[0], cond[1])
		if after.StatusCode != 200 {
			t.Fatalf("after the vote, %s of the old page: %d, want 200", cond[0], after.StatusCode)
		}
		if !strings.Contains(decoded(t, after), `by <span data-count>1</span> reader.`) {
			t.Errorf("after the vote the page does not show the new count")
		}
		if after.Header.Get("ETag") == etag {
			t.Errorf("the ETag did not change with the rating totals")
		}
	}
	// The new page is cached in its turn.
	now := h.Do(c, "GET", path, "", "", "Accept-Encoding", "br")
	if r := h.Do(c, "GET", path, "", "", "Accept-Encoding", "br", "If-None-Match", now.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("the new page's ETag: %d, want 304", r.StatusCode)
	}
}

// Broken conditional, range and encoding headers are ignored: the full
// body with 200, never an error.
func TestMalformedDeliveryHeaders(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	member := h.Member("ann@example.org").Client
	c := raw(h, nil)
	m := raw(h, member)
	paths := []struct {
		path   string
		client *http.Client
	}{
		{"/articles/exercise-for-back-pain", c}, {"/exercises/cobra", c}, {"/static/base.css", c},
		{"/feed.atom", c}, {"/me/today", m}, {"/api/v1/articles", c},
	}
	headers := [][]string{
		{"If-None-Match", `garbage`}, {"If-None-Match", `"unterminated`}, {"If-None-Match", `W/`}, {"If-None-Match", `,,,`},
		{"If-None-Match", strings.Repeat(`"x",`, 2000)}, {"If-None-Match", "\"\xff\""},
		{"If-Modified-Since", "yesterday"}, {"If-Modified-Since", "Mon, 99 Foo 2026 99:99:99 GMT"}, {"If-Modified-Since", ""},
		{"If-Modified-Since", "0"}, {"If-Unmodified-Since", "garbage"},
		{"Range", "bytes=abc"}, {"Range", "bytes=100-50"}, {"Range", "bytes=-0"}, {"Range", "lines=1-2"},
		{"Range", "bytes=0-0,1-1,2-2,3-3,4-4,5-5"}, {"If-Range", "garbage"},
		{"Accept-Encoding", "br;q=2"}, {"Accept-Encoding", "gzip;q=abc"}, {"Accept-Encoding", ";;;,,,=="},
		{"Accept-Encoding", "*;q=0"}, {"Accept-Encoding", "identity;q=0"}, {"Accept-Encoding", strings.Repeat("gzip;q=0.5,", 500)},
		{"Accept-Encoding", "\"br\""},
	}
	for _, p := range paths {
		full := decoded(t, h.Do(p.client, "GET", p.path, "", ""))
		if full == "" {
			t.Fatalf("%s: empty body", p.path)
		}
		for _, hd := range headers {
			r := h.Do(p.client, "GET", p.path, "", "", hd[0], hd[1])
			if r.StatusCode != 200 {
				t.Errorf("%s with %s: %.40q: %d, want 200", p.path, hd[0], hd[1], r.StatusCode)
				continue
			}
			if got := decoded(t, r); got != full {
				t.Errorf("%s with %s: %.40q: body is not the full body (%d of %d bytes)", p.path, hd[0], hd[1], len(got), len(full))
			}
		}
	}
}

// Member pages and JSON are compressed on the fly above the threshold,
// without validators of their own; small answers are sent as they are.
func TestOnTheFlyCompression(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	member := h.Member("ann@example.org").Client
	m, c := raw(h, member), raw(h, nil)
	for _, tt := range []struct {
		client *http.Client
		path   string
		accept string
		want   string
	}{
		{m, "/me/today", "gzip, br", "br"},
		{m, "/me/plan", "gzip", "gzip"},
		{m, "/me/progress", "br", "br"},
		{m, "/me/export", "gzip", "gzip"},
		{c, "/api/v1/articles", "gzip", "gzip"},
		{c, "/api/v1/openapi.json", "br", "br"},
		{c, "/api/v1/articles/nope", "gzip", ""}, // a small problem+json
		{c, "/robots.txt", "gzip", ""},           // under 1 KiB
		{m, "/me/plan", "", ""},
	} {
		r := h.Do(tt.client, "GET", tt.path, "", "", "Accept-Encoding", tt.accept)
		if got := r.Header.Get("Content-Encoding"); got != tt.want {
			t.Errorf("%s, Accept-Encoding %q: Content-Encoding %q, want %q", tt.path, tt.accept, got, tt.want)
			continue
		}
		body := decoded(t, r)
		if tt.want != "" {
			if r.Header.Get("ETag") != "" || !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s: ETag %q, Vary %q", tt.path, r.Header.Get("ETag"), r.Header.Get("Vary"))
			}
			if len(r.Body) >= len(body) {
				t.Errorf("%s: %d compressed bytes for %d", tt.path, len(r.Body), len(body))
			}
		}
		if r.StatusCode >= 500 || body == "" {
			t.Errorf("%s: %d, %d bytes", tt.path, r.StatusCode, len(body))
		}
	}
}

// Static files are minified and, under their hashed URL, cached for a year.
func TestStaticFilesMinifiedAndImmutable(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	home := h.Get(nil, "/").Body
	for _, name := range []string{"base.css", "articles.css", "app.js"} {
		path := regexpFind(t, `"(/static/`+strings.ReplaceAll(name, ".", `\.`)+`\?v=[0-9a-f]+)"`, home)
		r := h.Get(nil, path)
		if r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", path, r.Header.Get("Cache-Control"))
		}
		if strings.Contains(r.Body, "/*") || strings.Contains(r.Body, "\n  ") {
			t.Errorf("%s is not minified: %.80q", path, r.Body)
		}
		plain := h.Get(nil, "/static/"+name)
		if plain.Header.Get("Cache-Control") != "public, max-age=300" || !bytes.Equal([]byte(plain.Body), []byte(r.Body)) {
			t.Errorf("/static/%s without its hash: Cache-Control %q", name, plain.Header.Get("Cache-Control"))
		}
	}
}

// regexpFind is the first group of pattern's first match in s.
func regexpFind(t *testing.T, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no match for %s", pattern)
	}
	return m[1]
}
