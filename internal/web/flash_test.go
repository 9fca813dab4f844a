package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"supple/internal/servertest"
	"testing"
)

// A new share link and a new calendar address are shown once on the page
// the form redirects to: reloading that page shows neither again, makes
// no other, and the secret is not stored readable in the database.
func TestOneTimeSecretsAfterRedirect(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 3))
	c, uid := ann.Client, ann.ID
	ctx := context.Background()

	post := h.Form(c, "/me/shares", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/progress").Body)}, "expires": {"30"}})
	if loc := post.Header.Get("Location"); post.StatusCode != http.StatusSeeOther || loc != "/me/progress#share" {
		t.Fatalf("share: %d, redirect to %q", post.StatusCode, loc)
	}
	if strings.Contains(post.Body, "/share/") {
		t.Error("the POST answer itself shows the link")
	}
	stored := flashRows(t, h)
	page := h.Get(c, "/me/progress")
	m := shareURLRE.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, "shown only once") {
		t.Fatalf("the page after the redirect does not show the link: %d", page.StatusCode)
	}
	secret := m[1][strings.LastIndex(m[1], "/")+1:]
	if stored != nil && (len(stored) != 1 || strings.Contains(stored[0], secret)) {
		t.Errorf("the flash is not stored sealed: %q", stored)
	}
	if stored := flashRows(t, h); len(stored) != 0 {
		t.Errorf("the flash is still stored after it was shown: %q", stored)
	}
	reload := h.Get(c, "/me/progress")
	if strings.Contains(reload.Body, secret) || strings.Contains(reload.Body, "shown only once") {
		t.Error("a reload shows the link again")
	}
	if s, _ := h.Srv.Progress.Shares(ctx, uid); len(s) != 1 {
		t.Errorf("%d links after a reload, want 1", len(s))
	}

	// The calendar address, likewise.
	post, page = h.Follow(c, "/me/calendar", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}, "time": {"07:30"}})
	fm := feedURLRE.FindStringSubmatch(page.Body)
	if fm == nil || post.Header.Get("Location") != "/me/settings#calendar" {
		t.Fatalf("the settings page after the redirect does not show the feed: %q", post.Header.Get("Location"))
	}
	if again := h.Get(c, "/me/settings").Body; strings.Contains(again, fm[2]) || feedURLRE.MatchString(again) {
		t.Error("a reload shows the calendar address again")
	}
	if r := h.Get(nil, "/calendar/"+fm[2]+".ics"); r.StatusCode != 200 {
		t.Errorf("the shown address: %d", r.StatusCode)
	}

	// A flash is for the session that made it: another device of the same
	// member, signed in separately, does not see it.
	other := h.Client()
	if r := h.Form(other, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatal("second login")
	}
	_, _ = h.Follow(c, "/me/shares", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/progress").Body)}, "expires": {"7"}})
	if strings.Contains(h.Get(other, "/me/progress").Body, "shown only once") {
		t.Error("another session sees the flash")
	}
}

// flashRows reads what the flashes table holds, straight from the SQLite
// file (nil on PostgreSQL, where the harness's database URL is private).
func flashRows(t *testing.T, h *servertest.Harness) []string {
	t.Helper()
	if h.Srv.DB.Path() == "" {
		return nil
	}
	db, err := sql.Open("sqlite", h.Srv.DB.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT session_key || ' ' || value FROM flashes`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// followed is the page a form redirects to.
func followed(h *servertest.Harness, c *http.Client, path string, v url.Values) servertest.Response {
	_, page := h.Follow(c, path, v)
	return page
}

// The one-time message lives in the database: the form posted to one
// instance, the page after the redirect served by another.
func TestOneTimeLinkAcrossInstances(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	a, b := servertest.TwoInstances(t, servertest.WithClock(clk))
	c := a.Member("ann@example.org", servertest.DaysAgo(clk, 3)).Client
	post := a.Form(c, "/me/shares", url.Values{"csrf": {servertest.CSRF(t, a.Get(c, "/me/progress").Body)}, "expires": {"30"}})
	if post.StatusCode != http.StatusSeeOther {
		t.Fatalf("create on a: %d", post.StatusCode)
	}
	page := b.Get(c, "/me/progress") // the cookie jar sends the session to both ports
	if !shareURLRE.MatchString(page.Body) {
		t.Fatalf("b does not show the link made on a: %d", page.StatusCode)
	}
	if shareURLRE.MatchString(a.Get(c, "/me/progress").Body) {
		t.Error("a shows the link again after b showed it")
	}
}
