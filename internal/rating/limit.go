package rating

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"supple/internal/store"
)

// Limiter bounds how often one client (a keyed hash of its network
// address, never the address itself) may act. It counts actions per client
// and minute in the database, on both engines: every instance sharing a
// PostgreSQL database enforces one limit, and on SQLite a restart does not
// reset it. If the database cannot count, the action is allowed: a limit
// must not stop honest readers.
type Limiter struct {
	db        *store.DB
	name      string
	perMinute int
	log       *slog.Logger
	mu        sync.Mutex
	swept     int64
}

// NewLimiter allows perMinute actions per client and minute.
func NewLimiter(db *store.DB, name string, perMinute int, log *slog.Logger) *Limiter {
	return &Limiter{db: db, name: name, perMinute: perMinute, log: log}
}

// Allow reports whether client may act now, counting the action on its
// own (feedback; votes are counted with their batch, see Bucket).
func (l *Limiter) Allow(client string, now time.Time) bool {
	if l.perMinute <= 0 {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	window := l.Window(now)
	n, err := l.db.Hit(ctx, l.Bucket(client), window)
	if err != nil {
		l.log.Error("rate limit not counted", "err", err)
		return true
	}
	l.Sweep(ctx, window)
	return n <= l.perMinute
}

// Bucket is client's counter in rate_counts.
func (l *Limiter) Bucket(client string) string { return l.name + ":" + client }

// Window is the minute an action at now is counted in.
func (l *Limiter) Window(now time.Time) int64 { return now.Unix() / 60 }

// VoteLimit is the limit for a batch of votes committed at now.
func (l *Limiter) VoteLimit(now time.Time) store.VoteLimit {
	return store.VoteLimit{Window: l.Window(now), PerWindow: l.perMinute}
}

// Sweep removes the counts of windows before the last one, once a window.
func (l *Limiter) Sweep(ctx context.Context, window int64) {
	l.mu.Lock()
	sweep := window > l.swept
	l.swept = window
	l.mu.Unlock()
	if sweep {
		if err := l.db.ForgetWindows(ctx, l.name+":", window-2); err != nil {
			l.log.Warn("old rate counts not removed", "err", err)
		}
	}
}
