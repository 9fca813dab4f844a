package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"supple/internal/httpx"
)

// DefaultDrain is how long a server that was asked to stop keeps
// answering new requests with 503 before it closes its port.
const DefaultDrain = 2 * time.Second

// shutdownTimeout bounds how long requests in flight may take to finish.
const shutdownTimeout = 15 * time.Second

// drainRetryAfter is the Retry-After of a 503 while draining, in seconds.
const drainRetryAfter = "5"

// whileDraining answers every request that arrives after draining was set
// with 503, Retry-After and Connection: close, so that a client (or a load
// balancer) gets a clear answer and goes elsewhere instead of meeting a
// closed port or a reset connection.
func whileDraining(draining *atomic.Bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !draining.Load() {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Connection", "close")
		w.Header().Set("Retry-After", drainRetryAfter)
		w.Header().Set("Cache-Control", "no-store")
		const msg = "supple is restarting; please try again in a few seconds"
		if httpx.IsAPI(r) {
			httpx.WriteProblem(w, httpx.Problem{Status: http.StatusServiceUnavailable, Detail: msg})
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(msg + ".\n"))
	})
}

// Serve serves on ln until ctx is done, then stops without dropping a
// connection: for Drain it keeps accepting and
// answers new requests with 503 and Connection: close (health checks
// fail, so a load balancer takes the instance out), then closes the port
// and lets the requests in flight finish. The cleanup job runs meanwhile.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer()
	var draining atomic.Bool
	hs.Handler = whileDraining(&draining, hs.Handler)
	jobs, stopJobs := context.WithCancel(context.Background())
	defer stopJobs()
	go s.cleanupLoop(jobs)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(Listen(ln)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	drain := s.cfg.Drain
	s.cfg.Log.Info("shutting down: answering new requests with 503", "drain", drain)
	draining.Store(true)
	time.Sleep(drain)
	stopJobs()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
