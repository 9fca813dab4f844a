package servertest

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"supple/internal/benchdata"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/server"
)

// Password is every test account's password.
const Password = benchdata.Password

// Profile is the member's answers: a 46-year-old desk worker with pain 4,
// the profile the /start answers of Answers give.
var Profile = benchdata.Profile

// NewClock returns a movable clock at t for WithClock; each test makes
// its own.
func NewClock(t time.Time) *benchdata.Clock { return benchdata.NewClock(t) }

// WithClock makes the server read clk.
func WithClock(clk *benchdata.Clock) Option {
	return func(cfg *server.Config) { cfg.Now = clk.Now }
}

// Day is n days after Start, at the same time of day.
func Day(n int) time.Time { return Start.AddDate(0, 0, n) }

// Member is a signed-in member.
type Member struct {
	h      *Harness
	Email  string
	ID     int64
	Client *http.Client // signed in with a session cookie
	CSRF   string       // the session's form token
	Plan   *plans.Plan  // the active plan, nil with NoPlan
	Bearer string       // an API token, with WithToken
}

type memberConfig struct {
	plan    bool
	token   bool
	clk     *benchdata.Clock
	daysAgo int
}

// MemberOption shapes a Member.
type MemberOption func(*memberConfig)

// NoPlan leaves the member without a plan.
func NoPlan() MemberOption { return func(c *memberConfig) { c.plan = false } }

// WithToken gives the member an API token (Member.Bearer).
func WithToken() MemberOption { return func(c *memberConfig) { c.token = true } }

// DaysAgo makes the account and its plan n days before clk's time, which
// must be the server's clock; clk is moved back to that time after.
func DaysAgo(clk *benchdata.Clock, n int) MemberOption {
	return func(c *memberConfig) { c.clk, c.daysAgo = clk, n }
}

// Member makes an account with the role "member" and, unless NoPlan, a
// saved plan for Profile, and signs it in.
func (h *Harness) Member(email string, opts ...MemberOption) *Member {
	h.T.Helper()
	cfg := memberConfig{plan: true}
	for _, o := range opts {
		o(&cfg)
	}
	ctx := context.Background()
	var now time.Time
	if cfg.clk != nil {
		now = cfg.clk.Now()
		cfg.clk.Set(now.AddDate(0, 0, -cfg.daysAgo))
	}
	u, err := h.Srv.Accounts.Create(ctx, email, Password, "member")
	if err != nil {
		h.T.Fatal(err)
	}
	m := &Member{h: h, Email: email, ID: u.ID}
	if cfg.plan {
		pl, err := h.Srv.Plans.Create(ctx, Profile)
		if err != nil {
			h.T.Fatal(err)
		}
		if err := h.Srv.Plans.Save(ctx, pl.Token, u.ID); err != nil {
			h.T.Fatal(err)
		}
	}
	if cfg.clk != nil {
		cfg.clk.Set(now)
	}
	if cfg.plan {
		if m.Plan, err = h.Srv.Plans.Active(ctx, u.ID); err != nil {
			h.T.Fatal(err)
		}
	}
	m.Login()
	if cfg.token {
		if _, m.Bearer, err = h.Srv.Accounts.CreateToken(ctx, u, "test"); err != nil {
			h.T.Fatal(err)
		}
	}
	return m
}

// Login starts a new session in a new browser (sessions end after 7 idle
// days, and tests move the clock further).
func (m *Member) Login() {
	m.h.T.Helper()
	m.Client = m.h.Login(m.Email)
	m.CSRF = CSRF(m.h.T, m.h.Get(m.Client, "/me/settings").Body)
}

// Post posts a form as the member, with the session's form token unless
// v has one.
func (m *Member) Post(path string, v url.Values) Response {
	m.h.T.Helper()
	v = Clone(v)
	if v.Get("csrf") == "" {
		v.Set("csrf", m.CSRF)
	}
	return m.h.Form(m.Client, path, v)
}

// Call sends an API request with the member's bearer token and no cookie.
func (m *Member) Call(method, path, ctype, body string) Response {
	m.h.T.Helper()
	return m.h.Do(nil, method, path, ctype, body, "Authorization", "Bearer "+m.Bearer)
}

// Logs are the member's logs, read through the progress service.
func (m *Member) Logs() []coach.Log {
	m.h.T.Helper()
	logs, err := m.h.Srv.Progress.Logs(context.Background(), m.ID)
	if err != nil {
		m.h.T.Fatal(err)
	}
	return logs
}

// NewPlan makes a new plan from Profile and saves it as the member's,
// replacing their active plan (the older one is kept), at the harness's
// clock; it returns the new plan as it is stored.
func (m *Member) NewPlan() *plans.Plan {
	m.h.T.Helper()
	ctx := context.Background()
	pl, err := m.h.Srv.Plans.Create(ctx, Profile)
	if err != nil {
		m.h.T.Fatal(err)
	}
	if err := m.h.Srv.Plans.Save(ctx, pl.Token, m.ID); err != nil {
		m.h.T.Fatal(err)
	}
	if m.Plan, err = m.h.Srv.Plans.Active(ctx, m.ID); err != nil {
		m.h.T.Fatal(err)
	}
	return m.Plan
}
