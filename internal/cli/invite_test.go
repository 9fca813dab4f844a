package cli

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"supple/internal/mailtest"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
)

var inviteLinkRE = regexp.MustCompile(`(http://\S+)/reset\?token=([A-Za-z0-9_-]+)`)

// supple user invite without SMTP prints the link (stdout) and says that
// no email was sent (stderr); bad input exits 2 as user add does, and
// nothing is made.
func TestUserInvite(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	env := map[string]string{"SUPPLE_DATA": data}
	code, out, errOut := run(t, env, "user", "invite", "-email", "Doc@Example.org", "-base-url", "https://back.clinic.example/")
	m := inviteLinkRE.FindStringSubmatch(strings.ReplaceAll(out, "https://", "http://"))
	if code != 0 || m == nil || !strings.Contains(out, "invited doc@example.org (clinician)") || !strings.Contains(out, "https://back.clinic.example/reset?token=") ||
		!strings.Contains(errOut, "no email was sent") || !strings.Contains(errOut, "doc@example.org") {
		t.Fatalf("user invite: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run(t, env, "user", "invite", "-email", "ed@example.org", "-role", "editor"); code != 0 || !strings.Contains(out, "http://127.0.0.1:8080/reset?token=") || !strings.Contains(errOut, "no email was sent") {
		t.Errorf("invite an editor with serve's default base URL: %d %q %q", code, out, errOut)
	}
	runCLI(t, env, "a long enough secret\n", "user", "add", "-email", "m@example.org")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-role", "clinician"}, "user invite needs -email"},
		{[]string{"-email", "nope"}, "email address like"},
		{[]string{"-email", "doc@example.org"}, "already exists"},
		{[]string{"-email", "m@example.org", "-role", "clinician"}, "already exists"},
		{[]string{"-email", "new@example.org", "-role", "member"}, `-role "member": invite a clinician or an editor`},
		{[]string{"-email", "new@example.org", "-role", "admin"}, `-role "admin"`},
		{[]string{"-email", "new@example.org", "-role", "king"}, `-role "king"`},
		{[]string{"-email", "new@example.org", "extra"}, `takes no arguments, got "extra"`},
		{[]string{"-email", "new@example.org", "-smtp-url", "smtp://127.0.0.1:2525"}, "-mail-from is needed with -smtp-url"},
		{[]string{"-email", "new@example.org", "-smtp-url", "smtp://127.0.0.1:2525", "-mail-from", "back@clinic.example"}, "-base-url is needed with -smtp-url"},
		{[]string{"-email", "new@example.org", "-smtp-url", "http://mail.example", "-mail-from", "back@clinic.example", "-base-url", "https://x.example/"}, "the scheme must be smtp://"},
		{[]string{"-email", "new@example.org", "-base-url", "ftp://x.example"}, "-base-url"},
	} {
		args := append([]string{"user", "invite"}, tt.args...)
		if code, out, errOut := run(t, env, args...); code != 2 || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: %d %q %q, want 2 and %q on stderr", tt.args, code, out, errOut, tt.want)
		}
	}
	_, out, _ = run(t, env, "user", "list")
	if strings.Contains(out, "new@example.org") || !strings.Contains(out, "doc@example.org  clinician") || !strings.Contains(out, "ed@example.org   editor") {
		t.Errorf("user list after the invites: %q", out)
	}
	db, err := store.Open(context.Background(), "", data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log, err := db.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, e := range log {
		if e.Action == "user.add" && e.Actor == "cli" {
			added = append(added, e.Target)
		}
	}
	if !strings.Contains(strings.Join(added, " "), "doc@example.org") || !strings.Contains(strings.Join(added, " "), "ed@example.org") {
		t.Errorf("audit log: %+v", log)
	}
}

// With SMTP the invitation is emailed in our words, and its link works
// end to end: the clinician sets a password on the reset page, is signed
// in, and logging in later lands on the clinic dashboard.
func TestUserInviteEmailed(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	var cfg server.Config
	h := servertest.New(t, servertest.WithClock(servertest.NewClock(time.Now())), func(c *server.Config) { cfg = *c })
	env := map[string]string{"SUPPLE_DATA": cfg.DataDir, "SUPPLE_DB": cfg.Database,
		"SUPPLE_SMTP_URL": "smtp://" + smtpd.Addr, "SUPPLE_MAIL_FROM": "back@clinic.example"}
	code, out, errOut := run(t, env, "user", "invite", "-email", "Doc@Example.org", "-base-url", h.TS.URL)
	if code != 0 || !strings.Contains(out, "was emailed to them") || strings.Contains(out, "token=") || errOut != "" {
		t.Fatalf("user invite: %d %q %q", code, out, errOut)
	}
	msgs := smtpd.Wait(t, 1)
	host := strings.TrimPrefix(h.TS.URL, "http://")
	msg := msgs[0]
	if msg.To != "doc@example.org" || msg.Subject != "You are invited to "+host+" as a clinician" || msg.Header.Get("From") != "back@clinic.example" {
		t.Errorf("headers: %q %q %q", msg.To, msg.Subject, msg.Header.Get("From"))
	}
	for _, want := range []string{
		"The administrator of " + host + " (" + h.TS.URL + "/) has made an account for you there as a clinician",
		"supple, a back-care coach",
		"within 7 days. It works once",
		"Then your dashboard is at " + h.TS.URL + "/clinic/.",
		"You see no one's data until a member links to you. A member links with an invite code you make at " + h.TS.URL + "/clinic/invites and hand them",
		"- your session logs with their pain scores and notes\n",
		"can end the link at any time, which ends your access at once",
	} {
		if !strings.Contains(msg.Body, want) {
			t.Errorf("the invitation lacks %q:\n%s", want, msg.Body)
		}
	}
	m := inviteLinkRE.FindStringSubmatch(msg.Body)
	if m == nil || m[1] != h.TS.URL {
		t.Fatalf("no link to this site in %q", msg.Body)
	}
	link := "/reset?token=" + m[2]
	if r := h.Get(nil, link); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Choose a new password") {
		t.Fatalf("the invitation's link: %d", r.StatusCode)
	}
	browser := h.Client()
	r := h.Form(browser, "/reset", url.Values{"token": {m[2]}, "password": {"a clinician's own secret"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the password: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if r := h.Get(browser, "/clinic/"); r.StatusCode != http.StatusOK {
		t.Errorf("the clinic dashboard after setting the password: %d", r.StatusCode)
	}
	if r := h.Get(nil, link); r.StatusCode != http.StatusGone {
		t.Errorf("the link used twice: %d", r.StatusCode)
	}
	later := h.Client()
	r = h.Form(later, "/login", url.Values{"email": {"doc@example.org"}, "password": {"a clinician's own secret"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/clinic/" {
		t.Fatalf("log in: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := h.Get(later, "/clinic/"); r.StatusCode != http.StatusOK {
		t.Errorf("the clinic dashboard after logging in: %d", r.StatusCode)
	}
}

// An invitation that cannot be sent exits 1 but prints the link, since
// the account is made; a second try says the account exists.
func TestUserInviteUnsent(t *testing.T) {
	t.Parallel()
	env := map[string]string{"SUPPLE_DATA": t.TempDir(), "SUPPLE_SMTP_URL": "smtp://" + mailtest.FreeAddr(t),
		"SUPPLE_MAIL_FROM": "back@clinic.example", "SUPPLE_BASE_URL": "https://back.clinic.example/"}
	code, out, errOut := run(t, env, "user", "invite", "-email", "doc@example.org")
	if code != 1 || !strings.Contains(out, "https://back.clinic.example/reset?token=") || !strings.Contains(errOut, "could not be sent") || !strings.Contains(errOut, "pass the link above on yourself") {
		t.Fatalf("unsent invite: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, env, "user", "invite", "-email", "doc@example.org"); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("again: %d %q", code, errOut)
	}
}
