package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"supple/internal/mail"
	"supple/internal/mailtest"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
)

// withSMTP sends the server's email to addr.
func withSMTP(t *testing.T, addr string) servertest.Option {
	srv, err := mail.Parse("smtp://"+addr, "back@clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	return func(c *server.Config) { c.SMTP = srv }
}

var linkRE = regexp.MustCompile(`http://[^/\s]+(/(?:reset|confirm)\?token=[A-Za-z0-9_-]+)`)

func linkIn(t *testing.T, m mailtest.Message) string {
	t.Helper()
	l := linkRE.FindStringSubmatch(m.Body)
	if l == nil {
		t.Fatalf("no link in %q", m.Body)
	}
	return l[1]
}

func loggedIn(h *servertest.Harness, c *http.Client) bool {
	return h.Get(c, "/me/settings").StatusCode == http.StatusOK
}

func TestPasswordRecoveryByEmail(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, withSMTP(t, smtpd.Addr), servertest.WithClock(clk))
	ctx := context.Background()
	if _, err := h.Srv.Accounts.Create(ctx, "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	phone, laptop := h.Client(), h.Client()
	for _, c := range []*http.Client{phone, laptop} {
		h.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	}
	if !strings.Contains(h.Get(nil, "/login").Body, `href="/forgot"`) {
		t.Error("no Forgot password link on /login")
	}
	// The same answer whether or not the address has an account. The
	// unknown one goes first: the queue is serial, so once Ann's message
	// is in, the other request is done too.
	unknown := h.Form(nil, "/forgot", url.Values{"email": {"nobody@example.org"}})
	known := h.Form(nil, "/forgot", url.Values{"email": {"Ann@Example.org"}})
	if known.StatusCode != 200 || unknown.StatusCode != 200 || !strings.Contains(known.Body, "If an account has this address, a message with a link is on its way") {
		t.Fatalf("forgot: %d / %d", known.StatusCode, unknown.StatusCode)
	}
	if strip(known.Body) != strip(unknown.Body) {
		t.Error("the answer differs for a known and an unknown address")
	}
	msgs := smtpd.Wait(t, 1)
	if len(msgs) != 1 || msgs[0].To != "ann@example.org" || !strings.Contains(msgs[0].Subject, "new password") {
		t.Fatalf("messages: %+v", msgs)
	}
	link := linkIn(t, msgs[0])
	token := strings.TrimPrefix(link, "/reset?token=")
	// Only the hash of the link is stored.
	sum := sha256.Sum256([]byte(token))
	if _, err := h.Srv.DB.CheckEmailToken(ctx, hex.EncodeToString(sum[:]), "reset", clk.Now()); err != nil {
		t.Errorf("the link's hash is not stored: %v", err)
	}
	if _, err := h.Srv.DB.CheckEmailToken(ctx, token, "reset", clk.Now()); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the link itself is stored: %v", err)
	}

	r := h.Get(nil, link)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Choose a new password") || r.Header.Get("Referrer-Policy") != "no-referrer" || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("reset page: %d %q", r.StatusCode, r.Header)
	}
	if r := h.Form(nil, "/reset", url.Values{"token": {token}, "password": {"short"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "at least 10 characters") {
		t.Errorf("weak new password: %d", r.StatusCode)
	}
	browser := h.Client()
	r = h.Form(browser, "/reset", url.Values{"token": {token}, "password": {"a brand new secret"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/settings?done=reset" {
		t.Fatalf("reset: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if page := h.Get(browser, "/me/settings?done=reset"); page.StatusCode != 200 || !strings.Contains(page.Body, "Your new password is set") {
		t.Errorf("the browser that reset is not signed in: %d", page.StatusCode)
	}
	if loggedIn(h, phone) || loggedIn(h, laptop) {
		t.Error("other sessions survived the reset")
	}
	if r := h.Form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != 401 {
		t.Errorf("old password after reset: %d", r.StatusCode)
	}
	// A used link: a clear page and a way to ask again, on GET and POST.
	for _, r := range []servertest.Response{h.Get(nil, link), h.Form(nil, "/reset", url.Values{"token": {token}, "password": {"yet another secret"}})} {
		if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "This link was already used") || !strings.Contains(r.Body, `href="/forgot"`) {
			t.Errorf("used link: %d %q", r.StatusCode, servertest.ErrorText(r.Body))
		}
	}
	if r := h.Get(nil, "/reset?token=nonsense"); r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, "not one of ours") || !strings.Contains(r.Body, `href="/forgot"`) {
		t.Errorf("unknown link: %d", r.StatusCode)
	}
	// A link lives 30 minutes.
	h.Form(nil, "/forgot", url.Values{"email": {"ann@example.org"}})
	late := linkIn(t, smtpd.Wait(t, 2)[1])
	clk.Set(clk.Now().Add(31 * time.Minute))
	if r := h.Get(nil, late); r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "This link has expired") {
		t.Errorf("expired link: %d", r.StatusCode)
	}
	if r := h.Form(nil, "/reset", url.Values{"token": {strings.TrimPrefix(late, "/reset?token=")}, "password": {"yet another secret"}}); r.StatusCode != http.StatusGone {
		t.Errorf("expired link posted: %d", r.StatusCode)
	}
}

// strip drops the request id and form tokens, which differ per response.
func strip(s string) string {
	return regexp.MustCompile(`name="csrf" value="[^"]*"`).ReplaceAllString(s, "")
}

func TestResetRequestsAreLimited(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	h := servertest.New(t, withSMTP(t, smtpd.Addr))
	ask := func(email string) servertest.Response { return h.Form(nil, "/forgot", url.Values{"email": {email}}) }
	for i := range 3 {
		if r := ask("ann@example.org"); r.StatusCode != 200 {
			t.Fatalf("request %d: %d", i+1, r.StatusCode)
		}
	}
	// Per address (with or without an account): 3 an hour.
	if r := ask("ann@example.org"); r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Too many attempts to ask for a link") {
		t.Errorf("4th request for one address: %d %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	// Per client network: 10 an hour (the refused one counted too).
	for i := range 6 {
		if r := ask("other" + string(rune('a'+i)) + "@example.org"); r.StatusCode != 200 {
			t.Fatalf("request %d from the network: %d", i+5, r.StatusCode)
		}
	}
	if r := ask("another@example.org"); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("11th request from one network: %d", r.StatusCode)
	}
	if r := ask("not an address"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter an email address") {
		t.Errorf("malformed address: %d", r.StatusCode)
	}
}

// With the SMTP server down the person gets the usual answer, the failure
// is logged, and the site carries on.
func TestResetWithTheMailServerDown(t *testing.T) {
	t.Parallel()
	var logs servertest.SyncBuffer
	h := servertest.New(t, withSMTP(t, mailtest.FreeAddr(t)), func(c *server.Config) { c.Log = slog.New(slog.NewTextHandler(&logs, nil)) })
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	r := h.Form(nil, "/forgot", url.Values{"email": {"ann@example.org"}})
	if r.StatusCode != 200 || !strings.Contains(r.Body, "a message with a link is on its way") {
		t.Fatalf("forgot with the mail server down: %d", r.StatusCode)
	}
	servertest.Within(t, "the failure in the log", func() bool { return strings.Contains(logs.String(), "mail not sent") })
	if r := h.Get(nil, "/healthz"); r.StatusCode != 200 {
		t.Errorf("healthz after a mail failure: %d", r.StatusCode)
	}
}

// Without SMTP, /forgot tells how to get a new password from the operator.
func TestForgotWithoutMail(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, r := range []servertest.Response{h.Get(nil, "/forgot"), h.Form(nil, "/forgot", url.Values{"email": {"ann@example.org"}})} {
		if r.StatusCode != 200 || !strings.Contains(r.Body, "supple user password") || strings.Contains(r.Body, "on its way") {
			t.Errorf("forgot without mail: %d", r.StatusCode)
		}
	}
}

func TestConfirmEmailAtSignup(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	h := servertest.New(t, withSMTP(t, smtpd.Addr), func(c *server.Config) { c.ConfirmEmail = true })
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	// Signing up with a taken address and a new one: the same answer.
	taken := h.Form(nil, "/signup", url.Values{"email": {"ann@example.org"}, "password": {"some other secret"}})
	fresh := h.Form(nil, "/signup", url.Values{"email": {"bea@example.org"}, "password": {"bea's long secret"}})
	if taken.StatusCode != 200 || fresh.StatusCode != 200 || !strings.Contains(fresh.Body, "Check your email") || strip(taken.Body) != strip(fresh.Body) {
		t.Fatalf("signup answers: %d / %d (must be the same)", taken.StatusCode, fresh.StatusCode)
	}
	if strings.Contains(taken.Header.Get("Set-Cookie"), "supple_session") || strings.Contains(fresh.Header.Get("Set-Cookie"), "supple_session") {
		t.Error("a session before the address is confirmed")
	}
	msgs := smtpd.Wait(t, 2)
	if msgs[0].To != "ann@example.org" || !strings.Contains(msgs[0].Subject, "already have an account") || msgs[1].To != "bea@example.org" {
		t.Fatalf("messages: %+v", msgs)
	}
	link := linkIn(t, msgs[1])
	c := h.Client()
	r := h.Form(c, "/login", url.Values{"email": {"bea@example.org"}, "password": {"bea's long secret"}})
	if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "Confirm your email address first") || !strings.Contains(r.Body, `action="/confirm/resend"`) {
		t.Fatalf("login before confirming: %d %q", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if r := h.Form(c, "/confirm/resend", url.Values{"email": {"bea@example.org"}}); r.StatusCode != 200 || !strings.Contains(r.Body, "a message with a new link is on its way") {
		t.Errorf("resend: %d", r.StatusCode)
	}
	smtpd.Wait(t, 3)
	if r := h.Get(c, link); r.StatusCode != 200 || !strings.Contains(r.Body, "Confirm my address") {
		t.Fatalf("confirm page: %d", r.StatusCode)
	}
	token := strings.TrimPrefix(link, "/confirm?token=")
	if r := h.Form(c, "/confirm", url.Values{"token": {token}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?done=confirmed" {
		t.Fatalf("confirm: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := h.Form(c, "/confirm", url.Values{"token": {token}}); r.StatusCode != http.StatusGone {
		t.Errorf("confirm twice: %d", r.StatusCode)
	}
	if r := h.Form(c, "/login", url.Values{"email": {"bea@example.org"}, "password": {"bea's long secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("login after confirming: %d", r.StatusCode)
	}
}

// The "you already have an account" note counts against the address's
// allowance of links, so signing up with someone's address over and over
// does not flood their inbox; the answer stays the same (review finding 8).
func TestAlreadyMemberMailIsLimitedPerAddress(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	h := servertest.New(t, withSMTP(t, smtpd.Addr), func(c *server.Config) { c.ConfirmEmail = true })
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if r := h.Form(nil, "/signup", url.Values{"email": {"ann@example.org"}, "password": {"some other secret"}}); r.StatusCode != 200 || !strings.Contains(r.Body, "Check your email") {
			t.Fatalf("signup %d with a taken address: %d", i+1, r.StatusCode)
		}
	}
	h.Form(nil, "/signup", url.Values{"email": {"bea@example.org"}, "password": {"bea's long secret"}})
	msgs := smtpd.Wait(t, 4)
	already := 0
	for _, m := range msgs[:3] {
		if m.To == "ann@example.org" && strings.Contains(m.Subject, "already have an account") {
			already++
		}
	}
	if already != 3 || msgs[3].To != "bea@example.org" {
		t.Errorf("%d notes to ann before bea's confirmation (messages %d), want 3", already, len(msgs))
		for _, m := range msgs {
			t.Logf("%s: %s", m.To, m.Subject)
		}
	}
}
