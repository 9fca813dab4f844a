package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no csrf field on the page")
	}
	return m[1]
}

// A member signs up from a plan, saves it, logs out and back in, and the
// plan is still theirs.
func TestSignupSavePlanLogoutLogin(t *testing.T) {
	h := newHarness(t)
	planURL := postStep(h, 5, answers()).Header.Get("Location")
	c := h.client()
	page := h.get(c, planURL).body
	if !strings.Contains(page, "Log in to save this plan") {
		t.Fatal("no save button for visitors")
	}
	r := h.form(c, planURL+"/save", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next="+url.QueryEscape(planURL) {
		t.Fatalf("save while signed out: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r = h.form(c, "/signup", url.Values{"email": {"Ann@Example.org"}, "password": {"password123"}, "next": {planURL}})
	if r.StatusCode != 422 || !strings.Contains(r.body, "very common passwords") || !strings.Contains(r.body, `value="Ann@Example.org"`) {
		t.Fatalf("common password: %d", r.StatusCode)
	}
	r = h.form(c, "/signup", url.Values{"email": {"Ann@Example.org"}, "password": {"a long enough secret"}, "next": {planURL}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != planURL {
		t.Fatalf("signup: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	cookie := r.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "supple_session=") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Errorf("session cookie: %s", cookie)
	}
	page = h.get(c, planURL).body
	token := csrfOf(t, page)
	// Without the form token a signed-in POST is refused.
	if r := h.form(c, planURL+"/save", url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("save without a form token: %d", r.StatusCode)
	}
	if r := h.form(c, planURL+"/save", url.Values{"csrf": {"wrong"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("save with a wrong form token: %d", r.StatusCode)
	}
	r = h.form(c, planURL+"/save", url.Values{"csrf": {token}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/plan" {
		t.Fatalf("save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if page := h.get(c, "/me/plan").body; !strings.Contains(page, "This is your active plan") || !strings.Contains(page, "Sphinx") {
		t.Error("my plan does not show the saved plan")
	}
	r = h.form(c, "/logout", url.Values{"csrf": {token}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	if r := h.get(c, "/me/plan"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Errorf("my plan after logout: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	for _, tt := range []struct {
		email, pw string
		status    int
	}{
		{"ann@example.org", "wrong password!", 401},
		{"nobody@example.org", "a long enough secret", 401},
	} {
		r := h.form(c, "/login", url.Values{"email": {tt.email}, "password": {tt.pw}})
		if r.StatusCode != tt.status || !strings.Contains(r.body, "The email address or password is not right") || !strings.Contains(r.body, `value="`+tt.email+`"`) {
			t.Errorf("login %s: %d", tt.email, r.StatusCode)
		}
	}
	r = h.form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}, "next": {"https://evil.example/"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("login: %d %s (an outside next must become /)", r.StatusCode, r.Header.Get("Location"))
	}
	if page := h.get(c, "/me/plan").body; !strings.Contains(page, "This is your active plan") {
		t.Error("the plan is gone after logging in again")
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	h := newHarness(t)
	if _, err := h.srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		h.form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {"wrong password!"}})
	}
	r := h.form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.body, "Too many attempts") {
		t.Errorf("6th attempt: %d %q", r.StatusCode, errorText(r.body))
	}
}

func TestSettingsAndTokens(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	u, err := h.srv.Accounts.Create(ctx, "ann@example.org", "a long enough secret", "member")
	if err != nil {
		t.Fatal(err)
	}
	c := h.client()
	h.form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	page := h.get(c, "/me/settings").body
	token := csrfOf(t, page)
	r := h.form(c, "/me/password", url.Values{"csrf": {token}, "current": {"nope"}, "password": {"x"}})
	if r.StatusCode != 422 || !strings.Contains(r.body, "current password is not right") {
		t.Errorf("bad password change: %d", r.StatusCode)
	}
	r = h.form(c, "/me/password", url.Values{"csrf": {token}, "current": {"a long enough secret"}, "password": {"a brand new secret"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", r.StatusCode)
	}
	if page := h.get(c, "/me/settings?done=password").body; !strings.Contains(page, "Your password is changed") {
		t.Error("the changing session was logged out")
	}
	// Bearer tokens for the API.
	_, apiToken, err := h.srv.Accounts.CreateToken(ctx, u, "test")
	if err != nil {
		t.Fatal(err)
	}
	if r := h.do(nil, "GET", "/api/v1/articles", "", "", "Authorization", "Bearer "+apiToken); r.StatusCode != 200 {
		t.Errorf("valid bearer token: %d", r.StatusCode)
	}
	if r := h.do(nil, "GET", "/api/v1/articles", "", "", "Authorization", "Bearer sup_nonsense"); r.StatusCode != 401 || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("bad bearer token: %d", r.StatusCode)
	}
	r = h.form(c, "/me/logout-everywhere", url.Values{"csrf": {token}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout everywhere: %d", r.StatusCode)
	}
	if r := h.get(c, "/me/settings"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("settings after logging out everywhere: %d", r.StatusCode)
	}
}

func TestExportAndDeleteAccount(t *testing.T) {
	h := newHarness(t)
	planURL := postStep(h, 5, answers()).Header.Get("Location")
	c := h.client()
	h.form(c, "/signup", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	token := csrfOf(t, h.get(c, planURL).body)
	h.form(c, planURL+"/save", url.Values{"csrf": {token}})
	h.json(c, apiArticle+"/rating", `{"stars":5}`) // needs the form token as a header
	r := h.do(c, "POST", apiArticle+"/rating", "application/json", `{"stars":5}`, "Sec-Fetch-Site", "same-origin", "X-CSRF-Token", token)
	if r.StatusCode != 200 {
		t.Fatalf("signed-in vote with the form token: %d %s", r.StatusCode, r.body)
	}
	r = h.get(c, "/me/export")
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(r.body, `"email": "ann@example.org"`) || !strings.Contains(r.body, `"active_plan": {`) || !strings.Contains(r.body, `"weeks"`) {
		t.Fatalf("export: %d %.300s", r.StatusCode, r.body)
	}
	if r := h.form(c, "/me/delete", url.Values{"csrf": {token}, "confirm": {"someone@else.org"}}); r.StatusCode != 422 {
		t.Errorf("delete without the right confirmation: %d", r.StatusCode)
	}
	if r := h.form(c, "/me/delete", url.Values{"csrf": {token}, "confirm": {"ann@example.org"}}); r.StatusCode != 200 || !strings.Contains(r.body, "Your account is deleted") {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	if _, err := h.srv.Accounts.ByEmail(context.Background(), "ann@example.org"); err == nil {
		t.Error("the account is still there")
	}
	if r := h.get(nil, planURL); r.StatusCode != 404 {
		t.Errorf("the saved plan outlived its member: %d", r.StatusCode)
	}
	if ratingCount(t, h) != 1 {
		t.Error("the member's article vote should stay counted")
	}
}
