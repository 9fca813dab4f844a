// Package account keeps supple's people: accounts and roles, password
// hashing (argon2id), sessions, API tokens, login limits and the audit log.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"supple/internal/store"
	"supple/internal/validate"
)

// Roles.
const (
	Member = "member"
	Editor = "editor"
	Admin  = "admin"
	// Clinician follows the members who link to them (issue 17); the
	// role stands beside the others rather than above or below them: a
	// clinician has their own pages and no editor's or admin's.
	Clinician = "clinician"
)

// Roles lists every role, least privileged first, the clinician last.
var Roles = []string{Member, Editor, Admin, Clinician}

// Session lifetimes.
const (
	IdleTimeout     = 7 * 24 * time.Hour
	AbsoluteTimeout = 30 * 24 * time.Hour
)

// Errors.
var (
	ErrCredentials = errors.New("the email address or password is not right")
	ErrNoSession   = errors.New("not signed in")
	ErrNotFound    = errors.New("no such account")
	ErrSignup      = errors.New("we could not create an account with these details: if you already have an account, log in instead; otherwise try another email address")
)

// LimitedError means too many attempts; try again after RetryAfter.
type LimitedError struct {
	RetryAfter time.Duration
	Action     string // what was tried: "log in" unless said otherwise
}

func (e *LimitedError) Error() string {
	action := e.Action
	if action == "" {
		action = "log in"
	}
	return fmt.Sprintf("too many attempts to %s; please wait %d minutes and try again", action, int(e.RetryAfter.Minutes())+1)
}

// User is a signed-in person.
type User struct {
	ID    int64
	Email string
	Role  string
}

// Can reports whether the user's role is at least role.
func (u *User) Can(role string) bool {
	if u == nil {
		return false
	}
	if role == Clinician {
		return u.Role == Clinician
	}
	rank := map[string]int{Member: 0, Editor: 1, Admin: 2}
	return rank[u.Role] >= rank[role]
}

// Service manages accounts.
type Service struct {
	db     *store.DB
	now    func() time.Time
	sleep  func(time.Duration)
	log    *slog.Logger
	common map[string]bool
	hashes *hashPool
	policy Policy

	keyMu     sync.Mutex
	deviceKey []byte // signs device cookies; kept in the database, shared by instances

	sweptMu sync.Mutex
	swept   map[string]int64 // bucket prefix -> the last window whose old counters were removed
}

// Policy is how sign-up works on a site.
type Policy struct {
	// SignupsPerHour bounds new accounts an hour from one client network
	// (0: no limit).
	SignupsPerHour int
	// ConfirmEmail makes new accounts confirm their address by a link
	// before they can log in.
	ConfirmEmail bool
}

// New returns the account service. sleep delays failed logins (tests pass
// a no-op).
func New(db *store.DB, now func() time.Time, sleep func(time.Duration), log *slog.Logger) *Service {
	if sleep == nil {
		sleep = time.Sleep
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: db, now: now, sleep: sleep, log: log, common: commonPasswords(), hashes: newHashPool(0, 0), swept: map[string]int64{}}
}

// WithPolicy sets the sign-up policy; call it before serving.
func (s *Service) WithPolicy(p Policy) *Service {
	s.policy = p
	return s
}

// Policy is the sign-up policy in force.
func (s *Service) Policy() Policy { return s.policy }

// NormalizeEmail lower-cases and checks an email address: the one check
// of an address, for sign-up, login and email links alike. An address
// must also pass the text policy (validate.Text), so that no engine is
// ever asked to look up NUL or invalid UTF-8.
func NormalizeEmail(email string) (string, string) {
	email = strings.TrimSpace(email)
	if validate.TextProblem(email, false) != "" { // before ToLower, which hides invalid UTF-8
		return email, "Enter an email address like name@example.org, without control characters"
	}
	email = strings.ToLower(email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") || len(email) > 254 {
		return email, "Enter an email address like name@example.org"
	}
	return email, ""
}

// MaxTokenName is the longest name of an API token.
const MaxTokenName = 100

// Create adds an account with a confirmed address (the CLI and tests).
func (s *Service) Create(ctx context.Context, email, password, role string) (*User, error) {
	u, _, err := s.create(ctx, email, password, role, false, "", nil)
	return u, err
}

// CreateBy is Create by an operator or administrator (actor), with the
// audit line "user.add" written in the same transaction as the account.
func (s *Service) CreateBy(ctx context.Context, actor, email, password, role string) (*User, error) {
	u, _, err := s.create(ctx, email, password, role, false, actor, nil)
	return u, err
}

// auditBy is the audit entry for an action by actor, or nil without one.
func (s *Service) auditBy(actor, action, target string) *store.AuditEntry {
	if actor == "" {
		return nil
	}
	return &store.AuditEntry{Actor: actor, Action: action, Target: target, At: s.now()}
}

// create adds an account; with h (and not unconfirmed) it is signed in
// from that browser in the same transaction.
func (s *Service) create(ctx context.Context, email, password, role string, unconfirmed bool, actor string, h *Handover) (*User, Started, error) {
	var e validate.Errors
	email, msg := NormalizeEmail(email)
	if msg != "" {
		e.Add("email", msg)
	}
	if msg := s.checkPassword(password, email); msg != "" {
		e.Add("password", msg)
	}
	if !isRole(role) {
		e.Add("role", "Choose member, editor, admin or clinician")
	}
	if err := e.Err(); err != nil {
		return nil, Started{}, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return nil, Started{}, err
	}
	var (
		u  store.User
		st Started
	)
	if h != nil && !unconfirmed {
		var in store.SignIn
		if in, st, err = s.prepareSignIn(ctx, 0, *h); err != nil {
			return nil, Started{}, err
		}
		u, err = s.db.CreateUserSignedIn(ctx, email, hash, role, s.now(), in)
	} else {
		u, err = s.db.CreateUser(ctx, email, hash, role, s.now(), unconfirmed, s.auditBy(actor, "user.add", email))
	}
	if errors.Is(err, store.ErrDuplicate) {
		return nil, Started{}, ErrSignup
	}
	if err != nil {
		return nil, Started{}, err
	}
	return &User{ID: u.ID, Email: u.Email, Role: u.Role}, st, nil
}

func isRole(r string) bool { return r == Member || r == Editor || r == Admin || r == Clinician }

// Handover is what the browser brings to a sign-in: the session it had
// (ended), its device cookie and its user agent (summarised for the
// sessions page and not kept). With NewDevice the browser gets a new
// device cookie and the old one's trust ends (for this user); the web
// always asks for it, a client that keeps no cookies does not.
type Handover struct {
	Session, Device, UserAgent string
	NewDevice                  bool
}

// Started is a sign-in's new session secret and device cookie.
type Started struct {
	Session, Device string
}

// StartSession signs in a user who has just proved who they are some
// other way (a new account).
func (s *Service) StartSession(ctx context.Context, u *User, h Handover) (Started, error) {
	return s.startSession(ctx, u.ID, h)
}

// startSession signs a user in: a new session id every time (at login and
// after a privilege change) and a new device cookie in place of the old
// one, since the browser has just proved it knows the password; the old
// session ends. It is one transaction (store.SignIn).
func (s *Service) startSession(ctx context.Context, userID int64, h Handover) (Started, error) {
	in, st, err := s.prepareSignIn(ctx, userID, h)
	if err != nil {
		return Started{}, err
	}
	if err := s.db.SignIn(ctx, in); err != nil {
		return Started{}, err
	}
	return st, nil
}

// prepareSignIn makes a sign-in's secrets and what the store writes for
// it.
func (s *Service) prepareSignIn(ctx context.Context, userID int64, h Handover) (store.SignIn, Started, error) {
	secret, err := randomToken(32)
	if err != nil {
		return store.SignIn{}, Started{}, err
	}
	csrf, err := randomToken(24)
	if err != nil {
		return store.SignIn{}, Started{}, err
	}
	in := store.SignIn{Keep: MaxSessions, KeepDevices: MaxDevices}
	var device string
	if h.NewDevice {
		if device, in.Device, err = s.newDevice(ctx); err != nil {
			return store.SignIn{}, Started{}, err
		}
		if old, ok := s.deviceID(ctx, h.Device); ok && userID != 0 {
			in.ForgetDevice = old
		}
	}
	if h.Session != "" && len(h.Session) <= 100 {
		in.EndSession = hashHex(h.Session)
	}
	now := s.now()
	in.Session = store.Session{IDHash: hashHex(secret), UserID: userID, CSRFToken: csrf,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(AbsoluteTimeout), Device: DeviceName(h.UserAgent)}
	return in, Started{Session: secret, Device: device}, nil
}

// MaxSessions is how many sessions an account keeps; a new one ends the
// oldest.
const MaxSessions = 20

// Session finds the user of a session secret and its CSRF token; expired
// sessions (idle or absolute) are ended.
func (s *Service) Session(ctx context.Context, secret string) (*User, string, error) {
	if secret == "" || len(secret) > 100 {
		return nil, "", ErrNoSession
	}
	h := hashHex(secret)
	sess, err := s.db.SessionByHash(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", ErrNoSession
	}
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > IdleTimeout {
		_ = s.db.DeleteSession(ctx, h)
		return nil, "", ErrNoSession
	}
	// Last seen is written at most once a minute per session.
	if now.Sub(sess.LastSeenAt) >= time.Minute {
		if err := s.db.TouchSession(ctx, h, now); err != nil {
			return nil, "", err
		}
	}
	u, err := s.db.UserByID(ctx, sess.UserID)
	if err != nil {
		return nil, "", ErrNoSession
	}
	return &User{ID: u.ID, Email: u.Email, Role: u.Role}, sess.CSRFToken, nil
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, secret string) error {
	return s.db.DeleteSession(ctx, hashHex(secret))
}

// LogoutEverywhere ends every session of a user, revokes their API
// tokens and ends the trust of their devices.
func (s *Service) LogoutEverywhere(ctx context.Context, userID int64) error {
	return s.db.LogOutEverywhere(ctx, userID, s.now())
}

// ChangePassword checks the current password and sets a new one; every
// other session ends.
func (s *Service) ChangePassword(ctx context.Context, u *User, current, next, keepSecret string) error {
	_, err := s.ChangePasswordFrom(ctx, u, current, next, Handover{Session: keepSecret})
	return err
}

// ChangePasswordFrom is ChangePassword from the browser in h: its session
// stays signed in, and with h.NewDevice it gets the one device cookie the
// change leaves trusted (it has just proved the password), in the same
// transaction. It returns that cookie.
func (s *Service) ChangePasswordFrom(ctx context.Context, u *User, current, next string, h Handover) (string, error) {
	err := s.changePassword(ctx, u, current, next)
	if err != nil {
		return "", err
	}
	hash, err := s.hash(ctx, next)
	if err != nil {
		return "", err
	}
	c := store.PasswordChange{UserID: u.ID, Hash: hash, At: s.now(), KeepSession: hashHex(h.Session), KeepDevices: MaxDevices}
	var device string
	if h.NewDevice {
		if device, c.Device, err = s.newDevice(ctx); err != nil {
			return "", err
		}
	}
	_, err = s.db.SetPassword(ctx, c)
	return device, err
}

// changePassword checks an attempt to change the password: the limit on
// attempts, the current password and the new one.
func (s *Service) changePassword(ctx context.Context, u *User, current, next string) error {
	rec, err := s.db.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	now := s.now()
	window, retry := loginWindowAt(now)
	bucket := fmt.Sprintf("password-change:%d", u.ID)
	s.sweep(ctx, "password-change:", window)
	// An attempt is reserved before the hash is checked, so parallel
	// guesses cannot pass the limit.
	if _, ok, err := s.db.Reserve(ctx, bucket, window, failuresPerAccount); err != nil {
		return err
	} else if !ok {
		return &LimitedError{RetryAfter: retry, Action: "change the password"}
	}
	var e validate.Errors
	if ok, err := s.verify(ctx, current, rec.PasswordHash); err != nil {
		return err
	} else if !ok {
		e.Add("current", "Your current password is not right")
	} else if err := s.db.Release(ctx, bucket, window); err != nil {
		return err
	}
	if msg := s.checkPassword(next, rec.Email); msg != "" {
		e.Add("password", msg)
	}
	return e.Err()
}

// ByEmail finds an account (CLI). An address NormalizeEmail refuses
// has no account (ErrNotFound), and is not looked up.
func (s *Service) ByEmail(ctx context.Context, email string) (*User, error) {
	email, msg := NormalizeEmail(email)
	if msg != "" {
		return nil, ErrNotFound
	}
	u, err := s.db.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &User{ID: u.ID, Email: u.Email, Role: u.Role}, nil
}

// SetRole changes a role; the user's sessions end.
func (s *Service) SetRole(ctx context.Context, actor, email, role string) error {
	if !isRole(role) {
		return validate.Errors{{Field: "role", Message: "Choose member, editor, admin or clinician"}}
	}
	u, err := s.ByEmail(ctx, email)
	if err != nil {
		return err
	}
	return s.db.SetRole(ctx, u.ID, role, store.AuditEntry{Actor: actor, Action: "user.role " + role, Target: u.Email, At: s.now()})
}

// Delete removes an account and everything stored about the person.
func (s *Service) Delete(ctx context.Context, actor string, id int64) error {
	u, err := s.db.UserByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return s.db.DeleteUser(ctx, id, store.AuditEntry{Actor: actor, Action: "user.delete", Target: u.Email, At: s.now()})
}

// Users lists every account.
func (s *Service) Users(ctx context.Context) ([]store.User, error) { return s.db.Users(ctx) }

// CreateToken makes an API token for a user; the token is returned once
// and only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, u *User, name string) (int64, string, error) {
	return s.CreateTokenBy(ctx, "", u, name)
}

// CreateTokenBy is CreateToken by actor, with the audit line
// "token.create" in the same transaction.
func (s *Service) CreateTokenBy(ctx context.Context, actor string, u *User, name string) (int64, string, error) {
	var e validate.Errors
	if !validate.Text(&e, "name", name, MaxTokenName, false) {
		return 0, "", e
	}
	secret, err := randomToken(32)
	if err != nil {
		return 0, "", err
	}
	token := "sup_" + secret
	id, err := s.db.CreateToken(ctx, u.ID, name, hashHex(token), s.now(), s.auditBy(actor, "token.create", u.Email))
	return id, token, err
}

// TokenUser finds the user of a bearer token.
func (s *Service) TokenUser(ctx context.Context, token string) (*User, error) {
	if !strings.HasPrefix(token, "sup_") || len(token) > 100 {
		return nil, ErrNoSession
	}
	u, err := s.db.TokenUser(ctx, hashHex(token), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	return &User{ID: u.ID, Email: u.Email, Role: u.Role}, nil
}

// Tokens lists a user's tokens.
func (s *Service) Tokens(ctx context.Context, u *User) ([]store.APIToken, error) {
	return s.db.Tokens(ctx, u.ID)
}

// RevokeToken revokes a token by id.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	return s.RevokeTokenBy(ctx, "", id)
}

// RevokeTokenBy is RevokeToken by actor, with the audit line
// "token.revoke" in the same transaction.
func (s *Service) RevokeTokenBy(ctx context.Context, actor string, id int64) error {
	return s.db.RevokeToken(ctx, id, s.now(), s.auditBy(actor, "token.revoke", strconv.FormatInt(id, 10)))
}

func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashHex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
