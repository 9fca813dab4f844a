package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"supple/internal/servertest"
	"testing"
)

// A member signs up from a plan, saves it, logs out and back in, and the
// plan is still theirs.
func TestSignupSavePlanLogoutLogin(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	planURL := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	c := h.Client()
	page := h.Get(c, planURL).Body
	if !strings.Contains(page, "Log in to save this plan") {
		t.Fatal("no save button for visitors")
	}
	r := h.Form(c, planURL+"/save", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/signup?save="+strings.TrimPrefix(planURL, "/plan/") {
		t.Fatalf("save while signed out: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r = h.Form(c, "/signup", url.Values{"email": {"Ann@Example.org"}, "password": {"password123"}, "next": {planURL}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "very common passwords") || !strings.Contains(r.Body, `value="Ann@Example.org"`) {
		t.Fatalf("common password: %d", r.StatusCode)
	}
	r = h.Form(c, "/signup", url.Values{"email": {"Ann@Example.org"}, "password": {"a long enough secret"}, "next": {planURL}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != planURL {
		t.Fatalf("signup: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	cookie := r.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "supple_session=") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Errorf("session cookie: %s", cookie)
	}
	page = h.Get(c, planURL).Body
	token := servertest.CSRF(t, page)
	// Without the form token a signed-in POST is refused.
	if r := h.Form(c, planURL+"/save", url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("save without a form token: %d", r.StatusCode)
	}
	if r := h.Form(c, planURL+"/save", url.Values{"csrf": {"wrong"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("save with a wrong form token: %d", r.StatusCode)
	}
	r = h.Form(c, planURL+"/save", url.Values{"csrf": {token}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/plan" {
		t.Fatalf("save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if page := h.Get(c, "/me/plan").Body; !strings.Contains(page, "This is your active plan") || !strings.Contains(page, "Sphinx") {
		t.Error("my plan does not show the saved plan")
	}
	r = h.Form(c, "/logout", url.Values{"csrf": {token}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	if r := h.Get(c, "/me/plan"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Errorf("my plan after logout: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	for _, tt := range []struct {
		email, pw string
		status    int
	}{
		{"ann@example.org", "wrong password!", 401},
		{"nobody@example.org", "a long enough secret", 401},
	} {
		r := h.Form(c, "/login", url.Values{"email": {tt.email}, "password": {tt.pw}})
		if r.StatusCode != tt.status || !strings.Contains(r.Body, "The email address or password is not right") || !strings.Contains(r.Body, `value="`+tt.email+`"`) {
			t.Errorf("login %s: %d", tt.email, r.StatusCode)
		}
	}
	r = h.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}, "next": {"https://evil.example/"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("login: %d %s (an outside next must become /)", r.StatusCode, r.Header.Get("Location"))
	}
	if page := h.Get(c, "/me/plan").Body; !strings.Contains(page, "This is your active plan") {
		t.Error("the plan is gone after logging in again")
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		h.Form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {"wrong password!"}})
	}
	r := h.Form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Too many attempts") {
		t.Errorf("6th attempt: %d %q", r.StatusCode, servertest.ErrorText(r.Body))
	}
}

func TestSettingsAndTokens(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ctx := context.Background()
	u, err := h.Srv.Accounts.Create(ctx, "ann@example.org", "a long enough secret", "member")
	if err != nil {
		t.Fatal(err)
	}
	c := h.Client()
	h.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	page := h.Get(c, "/me/settings").Body
	token := servertest.CSRF(t, page)
	r := h.Form(c, "/me/password", url.Values{"csrf": {token}, "current": {"nope"}, "password": {"x"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "current password is not right") {
		t.Errorf("bad password change: %d", r.StatusCode)
	}
	r = h.Form(c, "/me/password", url.Values{"csrf": {token}, "current": {"a long enough secret"}, "password": {"a brand new secret"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", r.StatusCode)
	}
	if page := h.Get(c, "/me/settings?done=password").Body; !strings.Contains(page, "Your password is changed") {
		t.Error("the changing session was logged out")
	}
	// Bearer tokens for the API.
	_, apiToken, err := h.Srv.Accounts.CreateToken(ctx, u, "test")
	if err != nil {
		t.Fatal(err)
	}
	if r := h.Do(nil, "GET", "/api/v1/articles", "", "", "Authorization", "Bearer "+apiToken); r.StatusCode != 200 {
		t.Errorf("valid bearer token: %d", r.StatusCode)
	}
	if r := h.Do(nil, "GET", "/api/v1/articles", "", "", "Authorization", "Bearer sup_nonsense"); r.StatusCode != 401 || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("bad bearer token: %d", r.StatusCode)
	}
	r = h.Form(c, "/me/logout-everywhere", url.Values{"csrf": {token}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout everywhere: %d", r.StatusCode)
	}
	if r := h.Get(c, "/me/settings"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("settings after logging out everywhere: %d", r.StatusCode)
	}
}

func TestExportAndDeleteAccount(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	planURL := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	c := h.Client()
	h.Form(c, "/signup", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	token := servertest.CSRF(t, h.Get(c, planURL).Body)
	h.Form(c, planURL+"/save", url.Values{"csrf": {token}})
	h.JSON(c, servertest.APIArticle+"/rating", `{"stars":5}`) // needs the form token as a header
	r := h.Do(c, "POST", servertest.APIArticle+"/rating", "application/json", `{"stars":5}`, "Sec-Fetch-Site", "same-origin", "X-CSRF-Token", token)
	if r.StatusCode != 200 {
		t.Fatalf("signed-in vote with the form token: %d %s", r.StatusCode, r.Body)
	}
	r = h.Get(c, "/me/export")
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(r.Body, `"email": "ann@example.org"`) || !strings.Contains(r.Body, `"active_plan": {`) || !strings.Contains(r.Body, `"weeks"`) {
		t.Fatalf("export: %d %.300s", r.StatusCode, r.Body)
	}
	if r := h.Form(c, "/me/delete", url.Values{"csrf": {token}, "confirm": {"someone@else.org"}}); r.StatusCode != 422 {
		t.Errorf("delete without the right confirmation: %d", r.StatusCode)
	}
	if r := h.Form(c, "/me/delete", url.Values{"csrf": {token}, "confirm": {"ann@example.org"}}); r.StatusCode != 200 || !strings.Contains(r.Body, "Your account is deleted") {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	if _, err := h.Srv.Accounts.ByEmail(context.Background(), "ann@example.org"); err == nil {
		t.Error("the account is still there")
	}
	if r := h.Get(nil, planURL); r.StatusCode != 404 {
		t.Errorf("the saved plan outlived its member: %d", r.StatusCode)
	}
	if h.RatingCount() != 1 {
		t.Error("the member's article vote should stay counted")
	}
}
