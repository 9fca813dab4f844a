package server_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// follow posts a form that must answer 303 See Other and then opens the
// page it redirects to, as a browser does; it returns both answers.
func (h *harness) follow(c *http.Client, path string, v url.Values) (post, page response) {
	h.t.Helper()
	post = h.form(c, path, v)
	if post.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("POST %s: %d, want 303 to the page\n%s", path, post.StatusCode, errorText(post.body))
	}
	loc, _, _ := strings.Cut(post.Header.Get("Location"), "#")
	return post, h.get(c, loc)
}

// A new share link and a new calendar address are shown once on the page
// the form redirects to: reloading that page shows neither again, makes
// no other, and the secret is not stored readable in the database.
func TestOneTimeSecretsAfterRedirect(t *testing.T) {
	clk := newTestClock()
	h := newHarness(t, withClock(clk))
	c, uid, _ := member(t, h, clk, "ann@example.org", 3)
	ctx := context.Background()

	post := h.form(c, "/me/shares", url.Values{"csrf": {csrfOf(t, h.get(c, "/me/progress").body)}, "expires": {"30"}})
	if loc := post.Header.Get("Location"); post.StatusCode != http.StatusSeeOther || loc != "/me/progress#share" {
		t.Fatalf("share: %d, redirect to %q", post.StatusCode, loc)
	}
	if strings.Contains(post.body, "/share/") {
		t.Error("the POST answer itself shows the link")
	}
	stored := flashRows(t, h)
	page := h.get(c, "/me/progress")
	m := shareURLRE.FindStringSubmatch(page.body)
	if m == nil || !strings.Contains(page.body, "shown only once") {
		t.Fatalf("the page after the redirect does not show the link: %d", page.StatusCode)
	}
	secret := m[1][strings.LastIndex(m[1], "/")+1:]
	if stored != nil && (len(stored) != 1 || strings.Contains(stored[0], secret)) {
		t.Errorf("the flash is not stored sealed: %q", stored)
	}
	if stored := flashRows(t, h); len(stored) != 0 {
		t.Errorf("the flash is still stored after it was shown: %q", stored)
	}
	reload := h.get(c, "/me/progress")
	if strings.Contains(reload.body, secret) || strings.Contains(reload.body, "shown only once") {
		t.Error("a reload shows the link again")
	}
	if s, _ := h.srv.Progress.Shares(ctx, uid); len(s) != 1 {
		t.Errorf("%d links after a reload, want 1", len(s))
	}

	// The calendar address, likewise.
	post, page = h.follow(c, "/me/calendar", url.Values{"csrf": {csrfOf(t, h.get(c, "/me/settings").body)}, "time": {"07:30"}})
	fm := feedURLRE.FindStringSubmatch(page.body)
	if fm == nil || post.Header.Get("Location") != "/me/settings#calendar" {
		t.Fatalf("the settings page after the redirect does not show the feed: %q", post.Header.Get("Location"))
	}
	if again := h.get(c, "/me/settings").body; strings.Contains(again, fm[2]) || feedURLRE.MatchString(again) {
		t.Error("a reload shows the calendar address again")
	}
	if r := h.get(nil, "/calendar/"+fm[2]+".ics"); r.StatusCode != 200 {
		t.Errorf("the shown address: %d", r.StatusCode)
	}

	// A flash is for the session that made it: another device of the same
	// member, signed in separately, does not see it.
	other := h.client()
	if r := h.form(other, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatal("second login")
	}
	_, _ = h.follow(c, "/me/shares", url.Values{"csrf": {csrfOf(t, h.get(c, "/me/progress").body)}, "expires": {"7"}})
	if strings.Contains(h.get(other, "/me/progress").body, "shown only once") {
		t.Error("another session sees the flash")
	}
}

// flashRows reads what the flashes table holds, straight from the SQLite
// file (nil on PostgreSQL, where the harness's database URL is private).
func flashRows(t *testing.T, h *harness) []string {
	t.Helper()
	if h.srv.DB.Path() == "" {
		return nil
	}
	db, err := sql.Open("sqlite", h.srv.DB.Path())
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
func followed(h *harness, c *http.Client, path string, v url.Values) response {
	_, page := h.follow(c, path, v)
	return page
}

// The one-time message lives in the database: the form posted to one
// instance, the page after the redirect served by another.
func TestOneTimeLinkAcrossInstances(t *testing.T) {
	clk := newTestClock()
	a, b := twoInstances(t, withClock(clk))
	c, _, _ := member(t, a, clk, "ann@example.org", 3)
	post := a.form(c, "/me/shares", url.Values{"csrf": {csrfOf(t, a.get(c, "/me/progress").body)}, "expires": {"30"}})
	if post.StatusCode != http.StatusSeeOther {
		t.Fatalf("create on a: %d", post.StatusCode)
	}
	page := b.get(c, "/me/progress") // the cookie jar sends the session to both ports
	if !shareURLRE.MatchString(page.body) {
		t.Fatalf("b does not show the link made on a: %d", page.StatusCode)
	}
	if shareURLRE.MatchString(a.get(c, "/me/progress").body) {
		t.Error("a shows the link again after b showed it")
	}
}
