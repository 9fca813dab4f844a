package delivery

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		header string
		want   Encoding
	}{
		{"", Identity},
		{"gzip", Gzip},
		{"gzip, deflate, br", Brotli},
		{"br;q=0.5, gzip", Gzip},
		{"br;q=0, gzip;q=0", Identity},
		{"*", Brotli},
		{"*;q=0.3, br;q=0", Gzip},
		{"identity", Identity},
		{"identity;q=1, gzip;q=0.5", Identity},
		{"identity;q=0", Identity}, // nothing else offered: identity anyway
		{"GZIP;Q=0.8", Gzip},
		{"x-gzip", Gzip},
		{"deflate", Identity},
		{"br;q=1.5, gzip", Gzip},         // bad q: that member is ignored
		{"br;q=abc", Identity},           // bad q
		{"br;q=0.0001", Identity},        // too many decimals
		{"br;q", Identity},               // no value
		{";;;,,,", Identity},             // garbage
		{"br;q=0.9;level=3, gzip", Gzip}, // extra params kept, q read
		{"gzip;q=0.2, br;q=0.1", Gzip},   // weights win over our preference
		{"\"br\", gzip", Gzip},           // a quoted name is not a coding
		{strings.Repeat("a,", 5000), Identity},
	}
	for _, tt := range tests {
		if got := Negotiate([]string{tt.header}); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tt.header, got.Token(), tt.want.Token())
		}
	}
	if got := Negotiate([]string{"gzip;q=0.1", "br"}); got != Brotli {
		t.Errorf("two field lines: got %q, want br", got.Token())
	}
}

func TestNotModified(t *testing.T) {
	mod := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	const tag = `"abc"`
	tests := []struct {
		name    string
		method  string
		headers map[string]string
		weak    bool
		want    bool
	}{
		{"none", "GET", nil, false, false},
		{"etag", "GET", map[string]string{"If-None-Match": `"abc"`}, false, true},
		{"weak etag matches weakly", "GET", map[string]string{"If-None-Match": `W/"abc"`}, false, true},
		{"list", "GET", map[string]string{"If-None-Match": `"x", "abc"`}, false, true},
		{"star", "GET", map[string]string{"If-None-Match": `*`}, false, true},
		{"other etag", "GET", map[string]string{"If-None-Match": `"abd"`}, false, false},
		{"other encoding's etag", "GET", map[string]string{"If-None-Match": `"abc-br"`}, false, false},
		{"unquoted", "GET", map[string]string{"If-None-Match": `abc`}, false, false},
		{"garbage then match", "GET", map[string]string{"If-None-Match": `garbage, "abc"`}, false, true},
		{"unterminated", "GET", map[string]string{"If-None-Match": `"abc`}, false, false},
		{"INM wins over IMS", "GET", map[string]string{"If-None-Match": `"zzz"`, "If-Modified-Since": mod.Format(http.TimeFormat)}, false, false},
		{"INM match ignores old IMS", "GET", map[string]string{"If-None-Match": `"abc"`, "If-Modified-Since": mod.Add(-time.Hour).Format(http.TimeFormat)}, false, true},
		{"IMS equal", "GET", map[string]string{"If-Modified-Since": mod.Format(http.TimeFormat)}, false, true},
		{"IMS later", "GET", map[string]string{"If-Modified-Since": mod.Add(time.Hour).Format(http.TimeFormat)}, false, true},
		{"IMS earlier", "GET", map[string]string{"If-Modified-Since": mod.Add(-time.Second).Format(http.TimeFormat)}, false, false},
		{"IMS malformed", "GET", map[string]string{"If-Modified-Since": "yesterday"}, false, false},
		{"IMS but weak", "GET", map[string]string{"If-Modified-Since": mod.Format(http.TimeFormat)}, true, false},
		{"HEAD", "HEAD", map[string]string{"If-None-Match": tag}, false, true},
		{"POST", "POST", map[string]string{"If-None-Match": tag}, false, false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, "/", nil)
		for k, v := range tt.headers {
			r.Header.Set(k, v)
		}
		if got := NotModified(r, tag, mod, tt.weak); got != tt.want {
			t.Errorf("%s: NotModified = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func decode(t *testing.T, enc string, b []byte) []byte {
	t.Helper()
	var rd io.Reader = bytes.NewReader(b)
	switch enc {
	case "gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	case "br":
		rd = brotli.NewReader(rd)
	case "":
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	out, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRepresentationServe(t *testing.T) {
	body := []byte(strings.Repeat("<p>Gentle exercise helps back pain.</p>\n", 200))
	mod := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	rep := New(body, "text/html; charset=utf-8", mod, Pages)
	rep.CacheControl = "no-cache"
	tags := map[string]string{}
	for _, ae := range []string{"", "gzip", "br", "gzip, br"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", ae)
		w := httptest.NewRecorder()
		rep.Serve(w, r)
		res := w.Result()
		enc := res.Header.Get("Content-Encoding")
		if res.StatusCode != 200 || res.Header.Get("Vary") != "Accept-Encoding" || res.Header.Get("Cache-Control") != "no-cache" {
			t.Fatalf("Accept-Encoding %q: status %d, headers %v", ae, res.StatusCode, res.Header)
		}
		if got := decode(t, enc, w.Body.Bytes()); !bytes.Equal(got, body) {
			t.Fatalf("Accept-Encoding %q (%s): body differs after decoding", ae, enc)
		}
		if enc != "" && w.Body.Len() >= len(body) {
			t.Errorf("%s body is %d bytes, not smaller than %d", enc, w.Body.Len(), len(body))
		}
		if res.Header.Get("Last-Modified") != mod.Format(http.TimeFormat) {
			t.Errorf("Last-Modified %q", res.Header.Get("Last-Modified"))
		}
		etag := res.Header.Get("ETag")
		if prev, ok := tags[enc]; ok && prev != etag {
			t.Errorf("coding %q got two ETags %s and %s", enc, prev, etag)
		}
		tags[enc] = etag
		// The client's copy is current: 304, no body, same validators.
		r2 := httptest.NewRequest("GET", "/", nil)
		r2.Header.Set("Accept-Encoding", ae)
		r2.Header.Set("If-None-Match", etag)
		w2 := httptest.NewRecorder()
		rep.Serve(w2, r2)
		if w2.Code != http.StatusNotModified || w2.Body.Len() != 0 || w2.Header().Get("ETag") != etag || w2.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: conditional GET: %d, %d bytes, %v", ae, w2.Code, w2.Body.Len(), w2.Header())
		}
	}
	if len(tags) != 3 || tags[""] == tags["gzip"] || tags["gzip"] == tags["br"] || tags[""] == tags["br"] {
		t.Errorf("each coding needs its own strong ETag: %v", tags)
	}
	// A copy in another coding is not current for this one.
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "br")
	r.Header.Set("If-None-Match", tags["gzip"])
	w := httptest.NewRecorder()
	rep.Serve(w, r)
	if w.Code != 200 {
		t.Errorf("gzip ETag for a br request: %d, want 200", w.Code)
	}
}

func TestRepresentationSmallBodyStaysIdentity(t *testing.T) {
	rep := New([]byte("ok"), "text/plain", time.Time{}, Static)
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "br, gzip")
	w := httptest.NewRecorder()
	rep.Serve(w, r)
	if w.Header().Get("Content-Encoding") != "" || w.Body.String() != "ok" || w.Header().Get("ETag") != rep.ETag(Identity) {
		t.Errorf("a body that does not shrink must go out as identity with its ETag: %v %q", w.Header(), w.Body.String())
	}
	if w.Header().Get("Last-Modified") != "" {
		t.Errorf("no modification time, but Last-Modified %q", w.Header().Get("Last-Modified"))
	}
}

func TestCompress(t *testing.T) {
	big := strings.Repeat(`{"pain": 3, "minutes": 20}, `, 100)
	tests := []struct {
		name    string
		ae      string
		method  string
		handler http.HandlerFunc
		wantEnc string
		vary    bool
	}{
		{"json over threshold, gzip", "gzip", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, big)
		}, "gzip", true},
		{"html, br preferred", "gzip, br", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Length", "99999") // wrong once compressed: must go
			w.WriteHeader(200)
			for range 10 {
				_, _ = io.WriteString(w, big[:300])
			}
		}, "br", true},
		{"under threshold", "gzip", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"ok":true}`)
		}, "", true},
		{"client refuses", "identity", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, big)
		}, "", true},
		{"png", "gzip", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			_, _ = io.WriteString(w, big)
		}, "", false},
		{"already encoded", "gzip", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "br")
			_, _ = io.WriteString(w, big)
		}, "br", false},
		{"has an ETag", "gzip", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("ETag", `"x"`)
			_, _ = io.WriteString(w, big)
		}, "", false},
		{"error page compressed too", "gzip", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(404)
			_, _ = io.WriteString(w, big)
		}, "gzip", true},
		{"HEAD untouched", "gzip", "HEAD", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", "5000")
		}, "", false},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(Compress(tt.handler))
		req, _ := http.NewRequest(tt.method, srv.URL, nil)
		req.Header.Set("Accept-Encoding", tt.ae)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		srv.Close()
		enc := res.Header.Get("Content-Encoding")
		if enc != tt.wantEnc {
			t.Errorf("%s: Content-Encoding %q, want %q", tt.name, enc, tt.wantEnc)
			continue
		}
		if got := res.Header.Get("Vary") == "Accept-Encoding"; got != tt.vary {
			t.Errorf("%s: Vary %q", tt.name, res.Header.Get("Vary"))
		}
		if tt.method == "HEAD" || enc == "br" && tt.wantEnc == "br" && tt.name == "already encoded" {
			continue
		}
		if got := string(decode(t, enc, b)); !strings.HasPrefix(big, got[:min(len(got), 20)]) && got != `{"ok":true}` {
			t.Errorf("%s: body %.40q", tt.name, got)
		}
		if cl := res.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(b)) {
			t.Errorf("%s: Content-Length %s for a %d-byte body", tt.name, cl, len(b))
		}
	}
}

// A streaming handler's flushed bytes reach the client before it ends.
func TestCompressStreams(t *testing.T) {
	next := make(chan struct{})
	srv := httptest.NewServer(Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "first line\n")
		http.NewResponseController(w).Flush()
		<-next
		_, _ = io.WriteString(w, "second line\n")
	})))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	line := make([]byte, len("first line\n"))
	if _, err := io.ReadFull(zr, line); err != nil || string(line) != "first line\n" {
		t.Fatalf("first flushed line: %q, %v", line, err)
	}
	close(next)
	rest, _ := io.ReadAll(zr)
	if string(rest) != "second line\n" {
		t.Errorf("rest %q", rest)
	}
}
