package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"supple/internal/store"
	"supple/internal/validate"
)

// Lifetimes of one-time email links.
const (
	ResetLifetime   = 30 * time.Minute
	ConfirmLifetime = 48 * time.Hour
)

// Limits on asking for email links (reset or confirmation), per hour.
const (
	linkWindow        = time.Hour
	linksPerAddress   = 3
	linksPerClient    = 10
	signupWindow      = time.Hour
	purposeReset      = "reset"
	purposeConfirm    = "confirm"
	tokenBytes        = 32
	linkLimitedAction = "ask for a link"
)

// Errors of one-time links: each gets its own clear page.
var (
	ErrLinkUnknown = errors.New("this link is not one of ours, or it was mistyped")
	ErrLinkUsed    = errors.New("this link was already used")
	ErrLinkExpired = errors.New("this link has expired")
)

func linkError(err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return ErrLinkUnknown
	case errors.Is(err, store.ErrTokenUsed):
		return ErrLinkUsed
	case errors.Is(err, store.ErrTokenExpired):
		return ErrLinkExpired
	}
	return err
}

// SignupRequest is one try to create an account.
type SignupRequest struct {
	Email, Password string
	Client          string    // keyed hash of the client network
	SignIn          *Handover // sign the new account in from this browser (not when it must confirm its address first)
}

// Signup creates a member account, at most Policy.SignupsPerHour an hour
// from one client network. With Policy.ConfirmEmail the account must
// confirm its address before it can log in. A taken address gives
// ErrSignup after the same work as a new one. With req.SignIn the account
// and its first session are written in one transaction.
func (s *Service) Signup(ctx context.Context, req SignupRequest) (*User, Started, error) {
	if n := s.policy.SignupsPerHour; n > 0 {
		if err := s.reserve(ctx, "signup-client:"+req.Client, signupWindow, n, "create an account"); err != nil {
			return nil, Started{}, err
		}
	}
	return s.create(ctx, req.Email, req.Password, Member, s.policy.ConfirmEmail, "", req.SignIn)
}

// reserve takes one event from a bucket's allowance in the window, or
// returns a LimitedError.
func (s *Service) reserve(ctx context.Context, bucket string, every time.Duration, limit int, action string) error {
	now := s.now()
	secs := int64(every.Seconds())
	window := now.Unix() / secs
	if family, _, ok := strings.Cut(bucket, ":"); ok {
		s.sweep(ctx, family+":", window)
	}
	_, ok, err := s.db.Reserve(ctx, bucket, window, limit)
	if err != nil {
		return err
	}
	if !ok {
		return &LimitedError{RetryAfter: time.Unix((window+1)*secs, 0).Sub(now), Action: action}
	}
	return nil
}

// LinkAllowed takes one request for an email link from the allowances of
// the address and of the client network. Both are counted whether or not
// the address has an account, so the answer tells nothing.
func (s *Service) LinkAllowed(ctx context.Context, email, client string) error {
	email, msg := NormalizeEmail(email)
	if msg != "" {
		return validate.Errors{{Field: "email", Message: msg}}
	}
	key, err := s.emailKey(ctx, email)
	if err != nil {
		return err
	}
	if err := s.reserve(ctx, "link-client:"+client, linkWindow, linksPerClient, linkLimitedAction); err != nil {
		return err
	}
	return s.reserve(ctx, "link-address:"+key, linkWindow, linksPerAddress, linkLimitedAction)
}

// ResetLink makes a password-reset link's secret for the account of an
// email address (ErrNotFound when there is none). Only its hash is kept.
func (s *Service) ResetLink(ctx context.Context, email string) (*User, string, error) {
	return s.link(ctx, email, purposeReset, ResetLifetime)
}

// ConfirmLink makes an address-confirmation link's secret for an account
// that still has to confirm (ErrNotFound otherwise).
func (s *Service) ConfirmLink(ctx context.Context, email string) (*User, string, error) {
	return s.link(ctx, email, purposeConfirm, ConfirmLifetime)
}

func (s *Service) link(ctx context.Context, email, purpose string, life time.Duration) (*User, string, error) {
	email, msg := NormalizeEmail(email)
	if msg != "" {
		return nil, "", ErrNotFound // no account has such an address
	}
	u, err := s.db.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && purpose == purposeConfirm && !u.EmailUnconfirmed) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", err
	}
	token, err := randomToken(tokenBytes)
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	if err := s.db.CreateEmailToken(ctx, hashHex(token), u.ID, purpose, now, now.Add(life)); err != nil {
		return nil, "", err
	}
	return &User{ID: u.ID, Email: u.Email, Role: u.Role}, token, nil
}

// CheckReset says whether a reset link can still be used, without using
// it: nil, ErrLinkUnknown, ErrLinkUsed or ErrLinkExpired.
func (s *Service) CheckReset(ctx context.Context, token string) error {
	if token == "" || len(token) > 100 {
		return ErrLinkUnknown
	}
	_, err := s.db.CheckEmailToken(ctx, hashHex(token), purposeReset, s.now())
	return linkError(err)
}

// Reset sets a new password with a reset link, once: the link and every
// other open reset link of the account stop working, every session and
// API token of the account ends, the address counts as confirmed, and a
// new session is opened for the browser that used the link.
func (s *Service) Reset(ctx context.Context, token, password string, h Handover) (*User, Started, error) {
	if token == "" || len(token) > 100 {
		return nil, Started{}, ErrLinkUnknown
	}
	id, err := s.db.CheckEmailToken(ctx, hashHex(token), purposeReset, s.now())
	if err != nil {
		return nil, Started{}, linkError(err)
	}
	rec, err := s.db.UserByID(ctx, id)
	if err != nil {
		return nil, Started{}, linkError(err)
	}
	if msg := s.checkPassword(password, rec.Email); msg != "" {
		return nil, Started{}, validate.Errors{{Field: "password", Message: msg}}
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return nil, Started{}, err
	}
	audit := &store.AuditEntry{Actor: rec.Email, Action: "user.password-reset", Target: rec.Email, At: s.now()}
	if _, err := s.db.UseEmailToken(ctx, hashHex(token), purposeReset, s.now(), hash, audit); err != nil {
		return nil, Started{}, linkError(err)
	}
	st, err := s.startSession(ctx, rec.ID, h)
	if err != nil {
		return nil, Started{}, err
	}
	return &User{ID: rec.ID, Email: rec.Email, Role: rec.Role}, st, nil
}

// Confirm confirms an account's address with a confirmation link, once.
func (s *Service) Confirm(ctx context.Context, token string) (*User, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrLinkUnknown
	}
	id, err := s.db.UseEmailToken(ctx, hashHex(token), purposeConfirm, s.now(), "", nil)
	if err != nil {
		return nil, linkError(err)
	}
	u, err := s.db.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return &User{ID: u.ID, Email: u.Email, Role: u.Role}, nil
}

// PasswordSet is the account an operator set a password for, and whether
// that confirmed its address.
type PasswordSet struct {
	*User
	Confirmed bool
}

// SetPassword sets a password for an account without the current one (an
// operator, from the command line); every session and API token of the
// account ends. An unconfirmed address counts as confirmed from then on:
// the operator vouches for it.
func (s *Service) SetPassword(ctx context.Context, actor, email, password string) (*PasswordSet, error) {
	u, err := s.ByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	if msg := s.checkPassword(password, u.Email); msg != "" {
		return nil, validate.Errors{{Field: "password", Message: msg}}
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	confirmed, err := s.db.SetPassword(ctx, store.PasswordChange{UserID: u.ID, Hash: hash, At: now, Confirm: true,
		Audit: &store.AuditEntry{Actor: actor, Action: "user.password", Target: u.Email, At: now}})
	if err != nil {
		return nil, fmt.Errorf("account: set password of %s: %w", u.Email, err)
	}
	return &PasswordSet{User: u, Confirmed: confirmed}, nil
}
