package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/clinic"
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

// planIDOf is the id of the anonymous plan behind token.
func planIDOf(t *testing.T, h *servertest.Harness, token string) int64 {
	t.Helper()
	pl, err := h.Srv.Plans.Get(context.Background(), token, 0)
	if err != nil {
		t.Fatalf("plan %s: %v", token, err)
	}
	return pl.ID
}

// activeID is the id of the member's active plan (0: none). A saved plan
// has no link any more: tests find it by its id.
func activeID(h *servertest.Harness, userID int64) int64 {
	if pl, err := h.Srv.Plans.Active(context.Background(), userID); err == nil {
		return pl.ID
	}
	return 0
}

// TestSavedPlanLinkDies: saving a plan to an account ends its link (a
// new secret replaces it, and is never shown): whoever held the link
// before, a visitor, another member or the owner, finds nothing there,
// and the plan lives at /me/plan, with its print view, for the owner.
// Nothing a clinician later prescribes reaches the old link.
func TestSavedPlanLinkDies(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := h.Client()
	token := planIn(t, h, c)
	if r := h.Get(nil, "/plan/"+token); r.StatusCode != http.StatusOK {
		t.Fatalf("the anonymous plan's link: %d", r.StatusCode)
	}
	h.Follow(c, "/signup", url.Values{"email": {"owner@example.org"}, "password": {servertest.Password}, "save": {token}})
	owner := &servertest.Member{Email: "owner@example.org", Client: c}
	u, err := h.Srv.Accounts.ByEmail(context.Background(), owner.Email)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Srv.Plans.Active(context.Background(), u.ID); err != nil {
		t.Fatalf("the plan was not saved: %v", err)
	}
	doc := h.Clinician("doc@example.org", "Dr Rivera")
	cu, _, l := serviceLink(t, h, doc, owner, clinic.ChannelWeb)
	if _, err := h.Srv.Clinic.AddOverride(context.Background(), cu, l.ID, clinic.OverrideInput{CapMinutes: ptr(60), Reason: "Secret clinical reason."}); err != nil {
		t.Fatal(err)
	}
	other := h.Member("other@example.org")
	for _, path := range []string{"/plan/" + token, "/plan/" + token + "/calendar.ics", "/plan/" + token + "?print=1"} {
		for who, cl := range map[string]*http.Client{"a visitor": nil, "another member": other.Client, "the owner": c} {
			if r := h.Get(cl, path); r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "Week 1") || strings.Contains(r.Body, "Secret clinical reason") {
				t.Errorf("%s GET %s after the save: %d, want 404 without the plan", who, path, r.StatusCode)
			}
		}
	}
	for _, path := range []string{"/me/plan", "/me/plan?print=1"} {
		if r := h.Get(c, path); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Week 1") {
			t.Errorf("the owner GET %s: %d, want their plan", path, r.StatusCode)
		}
	}
	if r := h.Form(other.Client, "/plan/"+token+"/save", url.Values{"csrf": {other.CSRF}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("another member saves the plan: %d, want 404", r.StatusCode)
	}
	if activeID(h, other.ID) == activeID(h, u.ID) {
		t.Error("another member took the plan")
	}
}

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
			id := planIDOf(t, h, token)
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
			u, err := h.Srv.Accounts.ByEmail(context.Background(), email)
			if err != nil {
				t.Fatal(err)
			}
			if activeID(h, u.ID) != id {
				t.Error("the confirmation did not save the plan")
			}
		})
	}
}
