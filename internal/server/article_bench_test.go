package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"supple/internal/server"
	"supple/internal/storetest"
)

// BenchmarkArticlePage serves the cached article page through the real
// server (middleware, cache, compression) over loopback HTTP/1.1 with
// keep-alive, as wrk does in bench/article.sh, raw and asking for gzip and
// Brotli. The client runs in the same process; profile it with
//
//	go test -run X -bench ArticlePage/gzip -cpuprofile cpu.out ./internal/server
//	go tool pprof -top -focus 'net/http.\(\*conn\).serve' cpu.out
//
// to see the server's share (bench/README.md has the write-up).
func BenchmarkArticlePage(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	base, _ := url.Parse("http://" + ln.Addr().String() + "/")
	srv, err := server.Open(context.Background(), server.Config{DataDir: b.TempDir(), Database: storetest.URL(b), BaseURL: base,
		Log: slog.New(slog.DiscardHandler), Sleep: func(time.Duration) {}})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	hs := srv.HTTPServer()
	go func() { _ = hs.Serve(server.Listen(ln)) }()
	defer hs.Close()
	page := base.String() + "articles/exercise-for-back-pain"
	for _, enc := range []string{"identity", "gzip", "br"} {
		b.Run(enc, func(b *testing.B) {
			tr := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64}
			defer tr.CloseIdleConnections()
			c := &http.Client{Transport: tr}
			get := func() int {
				req, _ := http.NewRequest("GET", page, nil)
				req.Header.Set("Accept-Encoding", enc)
				res, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("status %d", res.StatusCode)
				}
				return int(n)
			}
			b.SetBytes(int64(get()))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					get()
				}
			})
		})
	}
}

// discardWriter is a ResponseWriter that keeps nothing: the handler's own
// cost, without the network.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkArticleHandler is the article page through the server's handler
// chain alone (no connection, no HTTP parsing), raw and asking for gzip.
func BenchmarkArticleHandler(b *testing.B) {
	base, _ := url.Parse("http://127.0.0.1/")
	srv, err := server.Open(context.Background(), server.Config{DataDir: b.TempDir(), Database: storetest.URL(b), BaseURL: base,
		Log: slog.New(slog.DiscardHandler), Sleep: func(time.Duration) {}})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			req, _ := http.NewRequest("GET", "http://127.0.0.1/articles/exercise-for-back-pain", nil)
			req.Header.Set("Accept-Encoding", enc)
			w := &discardWriter{}
			b.ReportAllocs()
			for b.Loop() {
				w.h = http.Header{}
				srv.Handler.ServeHTTP(w, req)
			}
		})
	}
}
