package rating

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter bounds how often one client (a keyed hash of its network
// address, never the address itself) may act. A zero or negative rate
// means no limit.
type Limiter struct {
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
func NewLimiter(perMinute int) *Limiter {
	return &Limiter{perMinute: perMinute, buckets: map[string]*bucket{}}
}

// Allow reports whether client may act now.
func (l *Limiter) Allow(client string, now time.Time) bool {
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
