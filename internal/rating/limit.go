package rating

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"supple/internal/store"
)

// Limiter bounds how often one client (a keyed hash of its network
// address, never the address itself) may act.
type Limiter interface {
	Allow(client string, now time.Time) bool
}

// MemoryLimiter is a token bucket per client, for a single instance. A
// zero or negative rate means no limit.
type MemoryLimiter struct {
	perMinute int
	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows perMinute actions a minute per client, in bursts of
// up to perMinute.
func NewLimiter(perMinute int) *MemoryLimiter {
	return &MemoryLimiter{perMinute: perMinute, buckets: map[string]*bucket{}}
}

// Allow reports whether client may act now.
func (l *MemoryLimiter) Allow(client string, now time.Time) bool {
	if l == nil || l.perMinute <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > 10*time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[client]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)}
		l.buckets[client] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// SharedLimiter counts actions per client and minute in the database, so
// that every instance sharing it enforces one limit. If the database cannot
// count, the action is allowed: a limit must not stop honest readers.
type SharedLimiter struct {
	db        *store.DB
	name      string
	perMinute int
	log       *slog.Logger
	mu        sync.Mutex
	swept     int64
}

// NewSharedLimiter allows perMinute actions per client and minute.
func NewSharedLimiter(db *store.DB, name string, perMinute int, log *slog.Logger) *SharedLimiter {
	return &SharedLimiter{db: db, name: name, perMinute: perMinute, log: log}
}

// Allow reports whether client may act now.
func (l *SharedLimiter) Allow(client string, now time.Time) bool {
	if l.perMinute <= 0 {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	window := now.Unix() / 60
	n, err := l.db.Hit(ctx, l.name+":"+client, window)
	if err != nil {
		l.log.Error("rate limit not counted", "err", err)
		return true
	}
	l.mu.Lock()
	sweep := window > l.swept
	l.swept = window
	l.mu.Unlock()
	if sweep {
		if err := l.db.ForgetWindows(ctx, l.name+":", window-2); err != nil {
			l.log.Warn("old rate counts not removed", "err", err)
		}
	}
	return n <= l.perMinute
}
