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

// Allow reports whether client may act now.
func (l *Limiter) Allow(client string, now time.Time) bool {
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
