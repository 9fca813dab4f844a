package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"supple/internal/servertest"
	"testing"
)

// concrete turns a route pattern into a request path.
func concrete(pattern, planToken string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.NewReplacer("{$}", "", "{slug}", "exercise-for-back-pain", "{token}", planToken, "{id}", "cobra").Replace(path)
	if path == "/static/" {
		path = "/static/base.css"
	}
	return method, path
}

// Every state-changing route in the router refuses a cross-site request,
// and a signed-in session's request without its form token.
func TestEveryStateChangingRouteIsProtected(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	planToken := strings.TrimPrefix(h.PostStep(5, servertest.Answers()).Header.Get("Location"), "/plan/")
	member := h.Client()
	h.Form(member, "/signup", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	checked := 0
	for _, p := range h.Srv.Patterns() {
		method, path := concrete(p, planToken)
		if method == http.MethodGet || method == http.MethodHead {
			continue
		}
		checked++
		for _, hdr := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
			r := h.Do(nil, method, path, "application/x-www-form-urlencoded", "stars=5&text=x&email=e%40x.org&password=0123456789", hdr...)
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s with %s: %d, want 403", method, path, hdr[0], r.StatusCode)
			}
		}
		r := h.Do(member, method, path, "application/x-www-form-urlencoded", "stars=5&text=x", "Sec-Fetch-Site", "same-origin")
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s from a session without its form token: %d, want 403", method, path, r.StatusCode)
		}
	}
	if checked < 10 {
		t.Errorf("only %d state-changing routes found", checked)
	}
	if h.RatingCount() != 0 {
		t.Error("a refused request changed the ratings")
	}
	// The member is still signed in: nothing above logged them out.
	if r := h.Get(member, "/me/settings"); r.StatusCode != 200 {
		t.Errorf("settings after the walk: %d", r.StatusCode)
	}
}

// Every GET route answers without a server error, signed out and in.
func TestEveryPageAnswers(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	planToken := strings.TrimPrefix(h.PostStep(5, servertest.Answers()).Header.Get("Location"), "/plan/")
	member := h.Client()
	h.Form(member, "/signup", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	for _, p := range h.Srv.Patterns() {
		method, path := concrete(p, planToken)
		if method != http.MethodGet {
			continue
		}
		for _, c := range []*http.Client{nil, member} {
			if r := h.Get(c, path); r.StatusCode >= 500 || r.StatusCode == 0 {
				t.Errorf("GET %s: %d", path, r.StatusCode)
			}
		}
	}
}
