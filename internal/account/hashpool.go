package account

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// ErrBusy means too many passwords are being checked at once; the client
// should try again in a moment (HTTP 503 with Retry-After).
var ErrBusy = errors.New("the server is busy checking passwords; please try again in a moment")

// maxHashWait is the longest a request waits for a hashing slot.
const maxHashWait = 5 * time.Second

// hashPool bounds how many argon2id hashes run at once. Each one holds
// 19 MiB, so without a bound a flood of sign-ups or logins grows memory
// with the number of requests; with it, memory stays near
// slots x 19 MiB whatever comes in. Requests beyond the slots wait in a
// queue of bounded length, for at most maxHashWait; beyond the queue they
// are refused at once with ErrBusy.
type hashPool struct {
	slots    chan struct{}
	queued   atomic.Int64
	maxQueue int64
}

// newHashPool makes a pool of n slots (0: GOMAXPROCS) and a queue of q
// waiting requests (0: 64 per slot).
func newHashPool(n, q int) *hashPool {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if q <= 0 {
		q = 64 * n
	}
	return &hashPool{slots: make(chan struct{}, n), maxQueue: int64(q)}
}

// run runs fn in a slot, waiting for one while ctx allows.
func (p *hashPool) run(ctx context.Context, fn func()) error {
	select {
	case p.slots <- struct{}{}:
	default:
		if p.queued.Add(1) > p.maxQueue {
			p.queued.Add(-1)
			return ErrBusy
		}
		ctx, cancel := context.WithTimeout(ctx, maxHashWait)
		select {
		case p.slots <- struct{}{}:
			cancel()
			p.queued.Add(-1)
		case <-ctx.Done():
			cancel()
			p.queued.Add(-1)
			return ErrBusy
		}
	}
	defer func() { <-p.slots }()
	fn()
	return nil
}

// hash hashes a new password in the pool.
func (s *Service) hash(ctx context.Context, pw string) (string, error) {
	var h string
	var err error
	if perr := s.hashes.run(ctx, func() { h, err = hashPassword(pw) }); perr != nil {
		return "", perr
	}
	return h, err
}

// verify checks a password against a hash in the pool.
func (s *Service) verify(ctx context.Context, pw, hash string) (bool, error) {
	var ok bool
	var err error
	if perr := s.hashes.run(ctx, func() { ok, err = verifyPassword(pw, hash) }); perr != nil {
		return false, perr
	}
	return ok, err
}

// dummyHash is checked for unknown emails, so that they take as long as
// real ones; made on first use.
var dummyHash = sync.OnceValue(func() string {
	h, _ := hashPassword("not a real password, only for timing")
	return h
})
