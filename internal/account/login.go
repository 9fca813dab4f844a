package account

import (
	"context"
	"errors"
	"strconv"
	"supple/internal/validate"
	"time"

	"supple/internal/store"
)

// Login limits, in fixed windows of 15 minutes. A browser that has logged
// in to an account before holds a device cookie for it (device.go) and has
// its own allowance of failures; every other client (an "untrusted" one)
// shares the account's allowance and its network's. So a stranger who
// guesses can lock out only untrusted clients, never the browsers the
// person already uses (OWASP's device-cookie scheme).
const (
	loginWindow        = 15 * time.Minute
	failuresPerAccount = 5  // untrusted clients, together, per account
	failuresPerDevice  = 5  // each device cookie, for its account
	attemptsPerClient  = 20 // untrusted attempts from one client network
	// AttemptsPerNetwork bounds every attempt from one client network,
	// trusted or not, right or wrong: it is never given back, so neither
	// many device cookies nor right passwords buy unlimited hashing.
	AttemptsPerNetwork = 60
	// AttemptsPerTrustedNetwork bounds the attempts of one account's
	// trusted browsers from one client network (kept apart from the
	// shared budget, so strangers there cannot spend it).
	AttemptsPerTrustedNetwork = 20
	maxFailureDelay           = 2 * time.Second
	failureDelayPerCount      = 250 * time.Millisecond
)

// ErrUnconfirmed means the password was right but the account's email
// address is not confirmed yet.
var ErrUnconfirmed = errors.New("confirm your email address first: use the link in the message we sent you")

// LoginRequest is one try to log in.
type LoginRequest struct {
	Email, Password string
	Client          string // keyed hash of the client network
	Device          string // the device cookie, if the browser sent one
	UserAgent       string // summarised for the sessions page
	OldSession      string // the session the browser had, ended by the login
	NewDevice       bool   // give the browser a new device cookie in place of Device
}

// LoginResult is a successful login: the user, the session secret and
// the browser's new device cookie.
type LoginResult struct {
	User    *User
	Session string
	Device  string
}

func loginWindowAt(now time.Time) (int64, time.Duration) {
	secs := int64(loginWindow.Seconds())
	window := now.Unix() / secs
	return window, time.Unix((window+1)*secs, 0).Sub(now)
}

// Login checks an email and password and opens a session. Before any hash
// is checked an attempt is reserved in the database, in the same statement
// that checks the limit, so parallel attempts on any number of instances
// never get more checks than the limit; a right password gives its attempt
// back.
func (s *Service) Login(ctx context.Context, req LoginRequest) (*LoginResult, error) {
	email, msg := NormalizeEmail(req.Email)
	if msg != "" {
		// No account has such an address: sign-up checks it the same way.
		return nil, validate.Errors{{Field: "email", Message: msg}}
	}
	now := s.now()
	window, retry := loginWindowAt(now)
	u, err := s.db.UserByEmail(ctx, email)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	accountKey, err := s.emailKey(ctx, email)
	if err != nil {
		return nil, err
	}
	s.sweep(ctx, "login-", window)
	// A trusted browser spends its own allowances: its device's failures
	// and its account's attempts from this network, which nobody without
	// the owner's cookie can use up. Everyone else shares the network's
	// budget, given back only when no password was checked.
	var network string
	var buckets []string // reserved buckets, given back when the password is right
	if nonce, ok := s.deviceFor(ctx, req.Device, u.ID, known); ok {
		network = "login-network-trusted:" + req.Client + ":" + strconv.FormatInt(u.ID, 10)
		if _, ok, err := s.db.Reserve(ctx, network, window, AttemptsPerTrustedNetwork); err != nil {
			return nil, err
		} else if !ok {
			return nil, &LimitedError{RetryAfter: retry}
		}
		bucket := "login-device:" + nonce
		if _, ok, err := s.db.Reserve(ctx, bucket, window, failuresPerDevice); err != nil {
			return nil, err
		} else if ok {
			buckets = append(buckets, bucket)
		} else {
			// A device cookie that used up its allowance counts as untrusted.
			s.release(ctx, []string{network}, window)
		}
	}
	if buckets == nil {
		network = "login-network:" + req.Client
		if _, ok, err := s.db.Reserve(ctx, network, window, AttemptsPerNetwork); err != nil {
			return nil, err
		} else if !ok {
			return nil, &LimitedError{RetryAfter: retry}
		}
		for _, b := range []struct {
			bucket string
			limit  int
		}{{"login-client:" + req.Client, attemptsPerClient}, {"login-account:" + accountKey, failuresPerAccount}} {
			_, ok, err := s.db.Reserve(ctx, b.bucket, window, b.limit)
			if err != nil {
				return nil, err
			}
			if !ok {
				s.release(ctx, append(buckets, network), window) // turned away unchecked: not an attempt
				return nil, &LimitedError{RetryAfter: retry}
			}
			buckets = append(buckets, b.bucket)
		}
	}
	hash := dummyHash() // unknown emails do the same work, so timing tells nothing
	if known {
		hash = u.PasswordHash
	}
	ok, err := s.verify(ctx, req.Password, hash)
	if err != nil {
		if errors.Is(err, ErrBusy) {
			s.release(ctx, append(buckets, network), window) // not checked: not an attempt
		}
		return nil, err
	}
	if !ok || !known {
		failures, err := s.db.Count(ctx, buckets[len(buckets)-1], window)
		if err != nil {
			return nil, err
		}
		// Each failure waits a little longer before it is answered.
		s.sleep(min(maxFailureDelay, time.Duration(failures)*failureDelayPerCount))
		return nil, ErrCredentials
	}
	s.release(ctx, buckets, window)
	// Also after the site stops asking for confirmed addresses: an address
	// nobody confirmed may be a squat, and must not become a live account
	// (the confirmation link, or an operator's password, confirms it).
	if u.EmailUnconfirmed {
		return nil, ErrUnconfirmed
	}
	st, err := s.startSession(ctx, u.ID, Handover{Session: req.OldSession, Device: req.Device, UserAgent: req.UserAgent, NewDevice: req.NewDevice})
	if err != nil {
		return nil, err
	}
	return &LoginResult{User: &User{ID: u.ID, Email: u.Email, Role: u.Role}, Session: st.Session, Device: st.Device}, nil
}

// sweep removes the old counters of one family of buckets, once a window
// per instance.
func (s *Service) sweep(ctx context.Context, prefix string, window int64) {
	s.sweptMu.Lock()
	due := window > s.swept[prefix]
	if due {
		s.swept[prefix] = window
	}
	s.sweptMu.Unlock()
	if due {
		if err := s.db.ForgetWindows(ctx, prefix, window-1); err != nil {
			s.log.Warn("old rate counts not removed", "prefix", prefix, "err", err)
		}
	}
}

// counterFamilies are the account limits' buckets with their window.
var counterFamilies = []struct {
	prefix string
	window time.Duration
}{
	{"login-", loginWindow}, {"password-change:", loginWindow},
	{"signup-client:", signupWindow}, {"link-client:", linkWindow}, {"link-address:", linkWindow},
	// The clinic's wrong invite codes (clinic/codelimit.go: hourly
	// windows), swept with the rest.
	{"invite-code-", time.Hour},
}

// ForgetOldCounters deletes the account limits' counters of windows that
// have ended (the hourly clean-up), so none outlives its window by more
// than the time between two runs.
func (s *Service) ForgetOldCounters(ctx context.Context) error {
	now := s.now().Unix()
	for _, f := range counterFamilies {
		if err := s.db.ForgetWindows(ctx, f.prefix, now/int64(f.window.Seconds())); err != nil {
			return err
		}
	}
	return nil
}

// release gives back reserved attempts; a failure to do so only costs the
// person an attempt, so it is logged, not returned.
func (s *Service) release(ctx context.Context, buckets []string, window int64) {
	for _, b := range buckets {
		if err := s.db.Release(ctx, b, window); err != nil {
			s.log.Warn("login attempt not given back", "err", err)
		}
	}
}
