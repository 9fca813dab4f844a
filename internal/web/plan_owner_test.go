package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// planIn makes a plan through /start in the browser c and returns its
// link token.
func planIn(t *testing.T, h *servertest.Harness, c *http.Client) string {
	t.Helper()
	v := servertest.Answers()
	v.Set("step", "5")
	r := h.Form(c, "/start", v)
	token, ok := strings.CutPrefix(r.Header.Get("Location"), "/plan/")
	if r.StatusCode != http.StatusSeeOther || !ok {
		t.Fatalf("/start: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	return token
}

// TestSavedPlanLinkIsTheOwners: once a plan is saved to an account, its
// link (page and calendar file) shows it to its owner alone: a visitor is
// sent to log in, another member finds nothing there.
func TestSavedPlanLinkIsTheOwners(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := h.Client()
	token := planIn(t, h, c)
	h.Follow(c, "/signup", url.Values{"email": {"owner@example.org"}, "password": {servertest.Password}, "save": {token}})
	if owner, _ := h.Srv.Plans.Owner(context.Background(), token); owner == 0 {
		t.Fatal("the plan was not saved")
	}
	other := h.Member("other@example.org")
	for _, path := range []string{"/plan/" + token, "/plan/" + token + "/calendar.ics", "/plan/" + token + "?print=1"} {
		if r := h.Get(c, path); r.StatusCode != http.StatusOK {
			t.Errorf("the owner GET %s: %d, want 200", path, r.StatusCode)
		}
		if r := h.Get(other.Client, path); r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "Week 1") {
			t.Errorf("another member GET %s: %d, want 404 without the plan", path, r.StatusCode)
		}
	}
	if r := h.Get(nil, "/plan/"+token); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=/me/plan" {
		t.Errorf("a visitor GET the saved plan: %d to %q, want 303 to /login?next=/me/plan", r.StatusCode, r.Header.Get("Location"))
	}
	if r := h.Get(nil, "/plan/"+token+"/calendar.ics"); r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "VEVENT") {
		t.Errorf("a visitor GET the saved plan's calendar file: %d, want 404", r.StatusCode)
	}
	if r := h.Form(other.Client, "/plan/"+token+"/save", url.Values{"csrf": {other.CSRF}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("another member saves the plan: %d, want 404", r.StatusCode)
	}
	if owner, _ := h.Srv.Plans.Owner(context.Background(), token); owner == other.ID {
		t.Error("another member took the plan")
	}
}

// TestSignupWithSomeoneElsesPlanAsksFirst: /signup?save=T (and login) with
// a plan another browser made does not save it unseen (whoever made it
// would keep its link): the member lands on the plan with its "Save to my
// account" button, and saves it only with that.
func TestSignupWithSomeoneElsesPlanAsksFirst(t *testing.T) {
	t.Parallel()
	for _, form := range []string{"/signup", "/login"} {
		t.Run(form, func(t *testing.T) {
			t.Parallel()
			h := servertest.New(t)
			token := planIn(t, h, h.Client()) // the attacker's browser
			victim := h.Client()
			email := "victim@example.org"
			if form == "/login" {
				if _, err := h.Srv.Accounts.Create(context.Background(), email, servertest.Password, "member"); err != nil {
					t.Fatal(err)
				}
			}
			post, page := h.Follow(victim, form, url.Values{"email": {email}, "password": {servertest.Password}, "save": {token}})
			if loc := post.Header.Get("Location"); loc != "/plan/"+token {
				t.Fatalf("after %s: to %q, want the plan's page", form, loc)
			}
			if owner, _ := h.Srv.Plans.Owner(context.Background(), token); owner != 0 {
				t.Fatal("the plan was saved without the member's confirmation")
			}
			for _, want := range []string{"This plan is not saved yet", "Save to my account"} {
				if !strings.Contains(page.Body, want) {
					t.Errorf("the plan page lacks %q", want)
				}
			}
			h.Follow(victim, "/plan/"+token+"/save", url.Values{"csrf": {servertest.CSRF(t, page.Body)}})
			if owner, _ := h.Srv.Plans.Owner(context.Background(), token); owner == 0 {
				t.Error("the confirmation did not save the plan")
			}
		})
	}
}
