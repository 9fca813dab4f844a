package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"supple/internal/server"
	"supple/internal/storetest"
)

// serveReal starts the real server on a loopback port with Serve, as
// supple serve does; the returned stop cancels it, and done reports what
// Serve returned.
// prepare, when set, runs between Open and Serve.
func serveReal(t *testing.T, edit func(*server.Config), prepare func(*server.Server)) (srv *server.Server, base string, stop context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + ln.Addr().String()
	u, _ := url.Parse(base + "/")
	cfg := server.Config{DataDir: t.TempDir(), Database: storetest.URL(t), BaseURL: u, Log: slog.New(slog.DiscardHandler), Sleep: func(time.Duration) {}}
	if edit != nil {
		edit(&cfg)
	}
	srv, err = server.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if prepare != nil {
		prepare(srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ctx, ln) }()
	t.Cleanup(cancel)
	return srv, base, cancel, errc
}

// A server asked to stop answers every request: those in flight finish,
// those that arrive while it drains get 503 with Connection: close and
// Retry-After. Clients that keep connections open and clients that open a
// new one per request vote and read pages in a loop while it stops; each
// stops at its first 503, as a client honouring Retry-After (or a load
// balancer) does. No request may end in a reset or any other error.
func TestShutdownAnswersEveryRequest(t *testing.T) {
	slow := func(srv *server.Server) {
		next := srv.Handler
		srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/test/slow" { // a request in flight when the stop comes
				time.Sleep(600 * time.Millisecond)
				_, _ = io.WriteString(w, "finished")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	_, base, stop, done := serveReal(t, func(c *server.Config) { c.Drain = 800 * time.Millisecond }, slow)

	var l shutdownLoad
	keepAlive := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	fresh := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	defer keepAlive.CloseIdleConnections()
	const workers = 16
	var wg sync.WaitGroup
	for n := range workers {
		c := keepAlive
		if n%4 == 3 {
			c = fresh
		}
		wg.Go(func() { l.worker(c, base, n) })
	}
	for deadline := time.Now().Add(20 * time.Second); l.answered.Load() < 300 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if l.answered.Load() == 0 {
		t.Fatalf("no request was answered before the stop: %v", l.failures)
	}
	inFlight := make(chan string, 1)
	go func() {
		res, err := keepAlive.Get(base + "/test/slow")
		if err != nil {
			inFlight <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		inFlight <- fmt.Sprintf("%d %s", res.StatusCode, b)
	}()
	time.Sleep(100 * time.Millisecond) // the slow request has arrived
	answeredBefore := l.answered.Load()
	stop()
	wg.Wait()
	if got := <-inFlight; got != "200 finished" {
		t.Errorf("the request in flight got %q, want it to finish", got)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after the stop")
	}
	t.Logf("%d answered before the stop, %d in all, %d 503s while draining", answeredBefore, l.answered.Load(), l.unavailable.Load())
	for _, f := range l.failures {
		t.Error(f)
	}
	if l.unavailable.Load() != workers {
		t.Errorf("%d workers got a 503, want all %d", l.unavailable.Load(), workers)
	}
}

// shutdownLoad drives base with workers until each gets a 503.
type shutdownLoad struct {
	answered, unavailable atomic.Int64
	mu                    sync.Mutex
	failures              []string
}

func (l *shutdownLoad) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) < 20 {
		l.failures = append(l.failures, fmt.Sprintf(format, args...))
	}
}

// worker sends requests until the first 503 (checked for its headers) or
// the first error.
func (l *shutdownLoad) worker(c *http.Client, base string, n int) {
	for i := 0; ; i++ {
		var req *http.Request
		if (n+i)%2 == 0 {
			req, _ = http.NewRequest("POST", base+"/api/v1/articles/exercise-for-back-pain/rating", strings.NewReader(`{"stars":4}`))
			req.Header.Set("Content-Type", "application/json")
		} else {
			req, _ = http.NewRequest("GET", base+"/articles/exercise-for-back-pain", nil)
		}
		res, err := c.Do(req)
		if err != nil {
			l.fail("worker %d, request %d (%s %s): %v", n, i, req.Method, req.URL.Path, err)
			return
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		switch {
		case err != nil:
			l.fail("worker %d, request %d: reading the answer: %v", n, i, err)
			return
		case res.StatusCode == http.StatusServiceUnavailable:
			if !res.Close || res.Header.Get("Retry-After") == "" {
				l.fail("503 without Connection: close (%v) or Retry-After (%q)", res.Close, res.Header.Get("Retry-After"))
			}
			l.unavailable.Add(1)
			return
		case res.StatusCode != http.StatusOK:
			l.fail("worker %d: %s %s answered %d", n, req.Method, req.URL.Path, res.StatusCode)
			return
		}
		l.answered.Add(1)
	}
}

// Clients that do not go away at a 503 (the review's keep-alive clients
// in a loop) keep sending across the moment the port closes. Every
// request the site acted on is answered, and no request is sent on a
// kept-alive connection the server then closes: while draining every
// answer closes its connection, so a client never reuses one. What is
// left are new connections the closing port refused, or the kernel reset
// from its listen backlog before the server read a byte (no request was
// seen, none was acted on; a client cannot tell that from a lost answer):
// they are counted and logged, and docs/operating.md asks a load balancer to
// stop routing within -drain.
func TestShutdownWithClientsThatKeepSending(t *testing.T) {
	var seen atomic.Int64
	count := func(srv *server.Server) {
		next := srv.Handler
		srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen.Add(1)
			next.ServeHTTP(w, r)
		})
	}
	_, base, stop, done := serveReal(t, func(c *server.Config) { c.Drain = 500 * time.Millisecond }, count)
	keepAlive := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer keepAlive.CloseIdleConnections()
	var ok, unavailable, refused, resetNew, resetReused atomic.Int64
	var mu sync.Mutex
	var other []string
	stopped := make(chan struct{})
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			for {
				select {
				case <-stopped:
					return
				default:
				}
				var reused bool
				req, _ := http.NewRequest("GET", base+"/articles/exercise-for-back-pain", nil)
				req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused }}))
				res, err := keepAlive.Transport.RoundTrip(req) // no retries: every failure shows
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil {
						if res.StatusCode == http.StatusOK {
							ok.Add(1)
						} else {
							unavailable.Add(1)
						}
						continue
					}
				}
				switch s := err.Error(); {
				case strings.Contains(s, "connection refused"):
					refused.Add(1)
					time.Sleep(5 * time.Millisecond)
				case (strings.Contains(s, "reset") || strings.Contains(s, "EOF") || strings.Contains(s, "closed")) && reused:
					resetReused.Add(1)
				case strings.Contains(s, "reset") || strings.Contains(s, "EOF") || strings.Contains(s, "closed"):
					resetNew.Add(1)
				default:
					mu.Lock()
					other = append(other, s)
					mu.Unlock()
				}
			}
		})
	}
	for deadline := time.Now().Add(20 * time.Second); ok.Load() < 200 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after the stop")
	}
	time.Sleep(200 * time.Millisecond)
	close(stopped)
	wg.Wait()
	t.Logf("%d answered 200 (%d seen by the site), %d answered 503, %d refused by the closed port, %d new connections reset unread, %d reused connections lost",
		ok.Load(), seen.Load(), unavailable.Load(), refused.Load(), resetNew.Load(), resetReused.Load())
	if ok.Load() != seen.Load() {
		t.Errorf("the site handled %d requests, clients got %d answers: a request was acted on and its answer lost", seen.Load(), ok.Load())
	}
	if resetReused.Load() > 0 {
		t.Errorf("%d requests sent on a kept-alive connection got no answer", resetReused.Load())
	}
	for _, o := range other {
		t.Error(o)
	}
}
