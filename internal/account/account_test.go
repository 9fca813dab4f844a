package account_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/storetest"
	"supple/internal/validate"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T) (*account.Service, *clock) {
	c := &clock{time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)}
	return account.New(storetest.New(t), c.now, func(time.Duration) {}, slog.New(slog.DiscardHandler)), c
}

const good = "correct horse battery"

// login tries to log in as a browser without a device cookie.
func login(s *account.Service, ctx context.Context, email, pw, client string) (*account.User, string, error) {
	r, err := s.Login(ctx, account.LoginRequest{Email: email, Password: pw, Client: client})
	if err != nil {
		return nil, "", err
	}
	return r.User, r.Session, nil
}

func TestCreateValidates(t *testing.T) {
	s, _ := setup(t)
	ctx := context.Background()
	tests := []struct{ email, pw, role, field string }{
		{"not-an-email", good, "member", "email"},
		{"a@b", good, "member", "email"},
		{"ann@example.org", "short", "member", "password"},
		{"ann@example.org", "password123", "member", "password"},
		{"ann@example.org", "Qwertyuiop", "member", "password"},
		{"ann@example.org", strings.Repeat("x", 201), "member", "password"},
		{"ann@example.org", good, "king", "role"},
	}
	for _, tt := range tests {
		_, err := s.Create(ctx, tt.email, tt.pw, tt.role)
		var ve validate.Errors
		if !errors.As(err, &ve) || ve.For(tt.field) == "" {
			t.Errorf("%q/%q/%q: %v, want an error on %s", tt.email, tt.pw, tt.role, err, tt.field)
		}
	}
	u, err := s.Create(ctx, " Ann@Example.org ", good, "member")
	if err != nil || u.Email != "ann@example.org" || u.Role != "member" {
		t.Fatalf("create: %+v %v", u, err)
	}
	if _, err := s.Create(ctx, "ANN@example.org", good, "member"); !errors.Is(err, account.ErrSignup) {
		t.Errorf("duplicate: %v", err)
	}
}

func TestLoginAndSessions(t *testing.T) {
	s, c := setup(t)
	ctx := context.Background()
	if _, err := s.Create(ctx, "ann@example.org", good, "member"); err != nil {
		t.Fatal(err)
	}
	// Wrong password and unknown email get the same answer.
	_, _, e1 := login(s, ctx, "ann@example.org", "wrong password!", "net")
	_, _, e2 := login(s, ctx, "nobody@example.org", good, "net")
	if !errors.Is(e1, account.ErrCredentials) || !errors.Is(e2, account.ErrCredentials) {
		t.Fatalf("bad logins: %v / %v", e1, e2)
	}
	u, secret, err := login(s, ctx, "ANN@example.org", good, "net")
	if err != nil || u.Email != "ann@example.org" || secret == "" {
		t.Fatalf("login: %v", err)
	}
	got, csrf, err := s.Session(ctx, secret)
	if err != nil || got.ID != u.ID || csrf == "" {
		t.Fatalf("session: %v", err)
	}
	_, secret2, _ := login(s, ctx, "ann@example.org", good, "net")
	if secret2 == secret {
		t.Error("a login must start a new session id")
	}
	// Idle expiry.
	c.t = c.t.Add(account.IdleTimeout + time.Minute)
	if _, _, err := s.Session(ctx, secret); !errors.Is(err, account.ErrNoSession) {
		t.Errorf("idle session still valid: %v", err)
	}
	// Absolute expiry, even when used every day.
	_, secret3, _ := login(s, ctx, "ann@example.org", good, "net")
	for range 31 {
		c.t = c.t.Add(24 * time.Hour)
		_, _, err = s.Session(ctx, secret3)
	}
	if !errors.Is(err, account.ErrNoSession) {
		t.Errorf("session older than 30 days still valid: %v", err)
	}
	// Changing the password ends the other sessions.
	_, a, _ := login(s, ctx, "ann@example.org", good, "net")
	_, b, _ := login(s, ctx, "ann@example.org", good, "net")
	if err := s.ChangePassword(ctx, u, "wrong", "another fine password", a); err == nil {
		t.Error("password changed without the current one")
	}
	if err := s.ChangePassword(ctx, u, good, "another fine password", a); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Session(ctx, a); err != nil {
		t.Error("the session that changed the password ended")
	}
	if _, _, err := s.Session(ctx, b); !errors.Is(err, account.ErrNoSession) {
		t.Error("another session survived a password change")
	}
	var le *account.LimitedError
	// One wrong current password was tried above; four more make five,
	// and the next try is refused even before it is checked.
	for i := range 5 {
		err := s.ChangePassword(ctx, u, "guess number "+string(rune('a'+i)), "yet another secret", a)
		if i < 4 && errors.As(err, &le) {
			t.Fatalf("guess %d limited too early", i)
		}
		if i == 4 && !errors.As(err, &le) {
			t.Errorf("6th wrong current password: %v, want a limit", err)
		}
	}
	if err := s.LogoutEverywhere(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Session(ctx, a); !errors.Is(err, account.ErrNoSession) {
		t.Error("log out everywhere left a session")
	}
	if err := s.SetRole(ctx, "cli", "ann@example.org", "editor"); err != nil {
		t.Fatal(err)
	}
	if u2, _ := s.ByEmail(ctx, "ann@example.org"); !u2.Can(account.Editor) || u2.Can(account.Admin) {
		t.Errorf("role: %+v", u2)
	}
}

func TestLoginLimits(t *testing.T) {
	s, c := setup(t)
	ctx := context.Background()
	s.Create(ctx, "ann@example.org", good, "member")
	for i := range 5 {
		if _, _, err := login(s, ctx, "ann@example.org", "wrong password!", "net-"+string(rune('a'+i))); !errors.Is(err, account.ErrCredentials) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	_, _, err := login(s, ctx, "ann@example.org", good, "net-z")
	var le *account.LimitedError
	if !errors.As(err, &le) || le.RetryAfter <= 0 || le.RetryAfter > 15*time.Minute {
		t.Fatalf("locked account with the right password: %v", err)
	}
	c.t = c.t.Add(16 * time.Minute)
	if _, _, err := login(s, ctx, "ann@example.org", good, "net-z"); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// One client network trying many accounts.
	var last error
	for i := range 21 {
		_, _, last = login(s, ctx, "user"+string(rune('a'+i))+"@example.org", good, "busy-net")
	}
	if !errors.As(last, &le) {
		t.Errorf("21st attempt from one network: %v", last)
	}
}

func TestTokens(t *testing.T) {
	s, _ := setup(t)
	ctx := context.Background()
	u, _ := s.Create(ctx, "ann@example.org", good, "member")
	id, token, err := s.CreateToken(ctx, u, "laptop")
	if err != nil || !strings.HasPrefix(token, "sup_") {
		t.Fatal(err)
	}
	if got, err := s.TokenUser(ctx, token); err != nil || got.ID != u.ID {
		t.Fatalf("token user: %v", err)
	}
	if err := s.RevokeToken(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, token); !errors.Is(err, account.ErrNoSession) {
		t.Errorf("revoked token still works: %v", err)
	}
	if err := s.Delete(ctx, "cli", u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ByEmail(ctx, "ann@example.org"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("deleted account still found: %v", err)
	}
}

// Last seen is written at most once a minute per session.
func TestLastSeenIsWrittenAtMostOnceAMinute(t *testing.T) {
	s, c := setup(t)
	ctx := context.Background()
	u, _ := s.Create(ctx, "ann@example.org", good, "member")
	_, secret, err := login(s, ctx, "ann@example.org", good, "net")
	if err != nil {
		t.Fatal(err)
	}
	start := c.t
	lastSeen := func() time.Time {
		d, err := s.Devices(ctx, u.ID, secret)
		if err != nil || len(d) != 1 || !d[0].Current {
			t.Fatalf("devices: %+v %v", d, err)
		}
		return d[0].LastSeen.UTC()
	}
	for _, tt := range []struct {
		after time.Duration
		want  time.Time
	}{
		{30 * time.Second, start},
		{59 * time.Second, start},
		{61 * time.Second, start.Add(61 * time.Second)},
		{90 * time.Second, start.Add(61 * time.Second)},
	} {
		c.t = start.Add(tt.after)
		if _, _, err := s.Session(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(); !got.Equal(tt.want) {
			t.Errorf("after %s: last seen %s, want %s", tt.after, got, tt.want)
		}
	}
}

// With ConfirmEmail an account from sign-up logs in only once its address
// is confirmed; without the policy it is not held back.
func TestSignupWithConfirmation(t *testing.T) {
	s, _ := setup(t)
	ctx := context.Background()
	s.WithPolicy(account.Policy{ConfirmEmail: true})
	if _, _, err := s.Signup(ctx, account.SignupRequest{Email: "ann@example.org", Password: good, Client: "net"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := login(s, ctx, "ann@example.org", "wrong password!", "net"); !errors.Is(err, account.ErrCredentials) {
		t.Errorf("wrong password of an unconfirmed account: %v", err)
	}
	if _, _, err := login(s, ctx, "ann@example.org", good, "net"); !errors.Is(err, account.ErrUnconfirmed) {
		t.Fatalf("unconfirmed: %v", err)
	}
	// Turning the policy off does not make an address nobody confirmed
	// (perhaps a squat) a live account (review finding 6).
	s.WithPolicy(account.Policy{})
	if _, _, err := login(s, ctx, "ann@example.org", good, "net"); !errors.Is(err, account.ErrUnconfirmed) {
		t.Errorf("with the policy off: %v, want it still unconfirmed", err)
	}
	s.WithPolicy(account.Policy{ConfirmEmail: true})
	_, token, err := s.ConfirmLink(ctx, "ann@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Confirm(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, _, err := login(s, ctx, "ann@example.org", good, "net"); err != nil {
		t.Errorf("after confirming: %v", err)
	}
	if _, _, err := s.ConfirmLink(ctx, "ann@example.org"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("a confirmation link for a confirmed address: %v", err)
	}
}

// Deleting an account removes its open email links too.
func TestDeleteWithOpenLinks(t *testing.T) {
	s, _ := setup(t)
	ctx := context.Background()
	u, _ := s.Create(ctx, "ann@example.org", good, "member")
	_, token, err := s.ResetLink(ctx, "ann@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "cli", u.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckReset(ctx, token); !errors.Is(err, account.ErrLinkUnknown) {
		t.Errorf("a deleted account's reset link: %v", err)
	}
}

// TestOperatorPasswordConfirms: an operator who sets the password of an
// unconfirmed account vouches for the address, and is told so.
func TestOperatorPasswordConfirms(t *testing.T) {
	s, _ := setup(t)
	ctx := context.Background()
	s.WithPolicy(account.Policy{ConfirmEmail: true})
	if _, _, err := s.Signup(ctx, account.SignupRequest{Email: "ann@example.org", Password: good, Client: "net"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, "bob@example.org", good, "member"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		email     string
		confirmed bool
	}{{"ann@example.org", true}, {"bob@example.org", false}} {
		res, err := s.SetPassword(ctx, "cli", tt.email, "a brand new passphrase")
		if err != nil {
			t.Fatal(err)
		}
		if res.Confirmed != tt.confirmed {
			t.Errorf("%s: confirmed %v, want %v", tt.email, res.Confirmed, tt.confirmed)
		}
		if _, _, err := login(s, ctx, tt.email, "a brand new passphrase", "net"); err != nil {
			t.Errorf("%s after the operator set a password: %v", tt.email, err)
		}
	}
}
