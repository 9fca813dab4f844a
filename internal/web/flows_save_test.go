package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// anonymousPlan makes a plan through /start as a visitor and returns its
// link token.
func anonymousPlan(t *testing.T, h *servertest.Harness) string {
	t.Helper()
	r := h.PostStep(5, servertest.Answers())
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("/start: %d", r.StatusCode)
	}
	token, ok := strings.CutPrefix(r.Header.Get("Location"), "/plan/")
	if !ok {
		t.Fatalf("/start went to %q", r.Header.Get("Location"))
	}
	return token
}

// TestLogInToSaveSavesAfterSignupOrLogin follows "Log in to save this
// plan" to the signup page and through signup, or its login link and
// login, and finds the plan saved with a message that says so.
func TestLogInToSaveSavesAfterSignupOrLogin(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, form string
	}{{"signup", "/signup"}, {"login", "/login"}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := servertest.New(t)
			c := h.Client()
			// The plan is made in the same browser: only such a plan is
			// saved at once (plan_owner_test.go has one made elsewhere).
			token := planIn(t, h, c)
			plan := h.Get(c, "/plan/"+token).Body
			if !strings.Contains(plan, "Log in to save this plan") {
				t.Fatal("the plan has no save button")
			}
			r := h.Form(c, "/plan/"+token+"/save", url.Values{})
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/signup?save="+token {
				t.Fatalf("save as a visitor: %d to %q, want 303 to the signup page", r.StatusCode, r.Header.Get("Location"))
			}
			signup := h.Get(c, r.Header.Get("Location")).Body
			for _, want := range []string{`name="save" value="` + token + `"`, `href="/login?save=` + token + `"`, "your plan is saved to it"} {
				if !strings.Contains(signup, want) {
					t.Errorf("the signup page lacks %q", want)
				}
			}
			email := "saver-" + tc.name + "@example.org"
			if tc.form == "/login" {
				if _, err := h.Srv.Accounts.Create(context.Background(), email, servertest.Password, "member"); err != nil {
					t.Fatal(err)
				}
				login := h.Get(c, "/login?save="+token).Body
				if !strings.Contains(login, `name="save" value="`+token+`"`) {
					t.Fatal("the login page does not carry the plan to save")
				}
			}
			id := planIDOf(t, h, token)
			post, page := h.Follow(c, tc.form, url.Values{"email": {email}, "password": {servertest.Password}, "save": {token}})
			if loc := post.Header.Get("Location"); loc != "/me/plan" {
				t.Fatalf("after %s: to %q, want /me/plan", tc.name, loc)
			}
			if !strings.Contains(page.Body, `role="status">You are logged in, and your plan is saved to your account.`) {
				t.Errorf("no saved message on /me/plan:\n%s", page.Body[:min(len(page.Body), 3000)])
			}
			if !strings.Contains(page.Body, "This is your active plan") {
				t.Error("/me/plan does not show the saved plan")
			}
			if again := h.Get(c, "/me/plan").Body; strings.Contains(again, "your plan is saved") {
				t.Error("the message is shown twice")
			}
			u, err := h.Srv.Accounts.ByEmail(context.Background(), email)
			if err != nil || activeID(h, u.ID) != id {
				t.Errorf("the new account's active plan is not plan %d (%v)", id, err)
			}
		})
	}
}

// TestLoginToSaveAsksBeforeReplacing: a member who logs in to save a plan
// while they have one is asked first, in words that name the plan it
// replaces; the confirmation replaces it and keeps the old one.
func TestLoginToSaveAsksBeforeReplacing(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("two-plans@example.org")
	old := m.Plan.ID
	token := anonymousPlan(t, h)
	id := planIDOf(t, h, token)
	c := h.Client()
	post, page := h.Follow(c, "/login", url.Values{"email": {m.Email}, "password": {servertest.Password}, "save": {token}})
	if loc := post.Header.Get("Location"); loc != "/plan/"+token {
		t.Fatalf("to %q, want the new plan's page", loc)
	}
	for _, want := range []string{"This plan is not saved yet", "This replaces your plan from 23 November 2026 (week 1 of 12, 0 sessions logged). That plan and its logs are kept as an older plan. Your progress charts, today’s page and your clinician still see its sessions", "Make this my plan"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the plan page lacks %q", want)
		}
	}
	if cur, err := h.Srv.Plans.Active(context.Background(), m.ID); err != nil || cur.ID != old {
		t.Fatalf("the active plan changed before the confirmation (%v)", err)
	}
	_, page = h.Follow(c, "/plan/"+token+"/save", url.Values{"csrf": {servertest.CSRF(t, page.Body)}})
	if !strings.Contains(page.Body, "This is now your plan. Your plan from 23 November 2026 is kept as an older plan.") {
		t.Error("no message after the replacement")
	}
	cur, err := h.Srv.Plans.Active(context.Background(), m.ID)
	if err != nil || cur.ID == old {
		t.Fatalf("the new plan is not active (%v)", err)
	}
	if cur.ID != id {
		t.Errorf("the active plan is %d, want the saved plan %d", cur.ID, id)
	}
}

// TestStartForASignedInMember: a member's first plan from /start is
// saved at once; a later one waits for the one confirmation.
func TestStartForASignedInMember(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("starter@example.org", servertest.NoPlan())
	v := servertest.Answers()
	v.Set("step", "5")
	post, page := h.Follow(m.Client, "/start", withCSRF(v, m.CSRF))
	if loc := post.Header.Get("Location"); loc != "/me/plan" {
		t.Fatalf("first plan: to %q, want /me/plan", loc)
	}
	if !strings.Contains(page.Body, "Your new plan is saved to your account.") {
		t.Error("no saved message for the first plan")
	}
	first, err := h.Srv.Plans.Active(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	post, page = h.Follow(m.Client, "/start", withCSRF(v, m.CSRF))
	if !strings.HasPrefix(post.Header.Get("Location"), "/plan/") {
		t.Fatalf("second plan: to %q, want its page", post.Header.Get("Location"))
	}
	if !strings.Contains(page.Body, "This replaces your plan from 23 November 2026") || !strings.Contains(page.Body, "Make this my plan") {
		t.Error("the second plan does not ask to replace the first")
	}
	if cur, _ := h.Srv.Plans.Active(context.Background(), m.ID); cur.ID != first.ID {
		t.Error("the second plan replaced the first without a confirmation")
	}
}

// TestSignInWithAPlanThatCannotBeSaved: a stale or foreign plan link is
// never saved, and the member is told.
func TestSignInWithAPlanThatCannotBeSaved(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	other := h.Member("owner@example.org")
	taken := anonymousPlan(t, h)
	id := planIDOf(t, h, taken)
	if err := h.Srv.Plans.Save(context.Background(), taken, other.ID); err != nil {
		t.Fatal(err)
	}
	for i, token := range []string{"not-a-plan", taken, strings.Repeat("x", 24)} {
		c := h.Client()
		_, page := h.Follow(c, "/signup", url.Values{"email": {"new-" + strconv.Itoa(i) + "@example.org"}, "password": {servertest.Password}, "save": {token}})
		if !strings.Contains(page.Body, "we could not find the plan to save") {
			t.Errorf("save %q: no message", token)
		}
	}
	if activeID(h, other.ID) != id {
		t.Error("another member's plan changed hands")
	}
}

// TestEditorsLandOnTheEditorDesk: an editor who logs in without a page
// to return to lands on /editor/, a clinician on the clinic dashboard, a
// member on their plan; with a page to return to, everyone goes there.
func TestEditorsLandOnTheEditorDesk(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ctx := context.Background()
	for _, tt := range []struct{ email, role, want string }{
		{"ed@example.org", "editor", "/editor/"},
		{"admin@example.org", "admin", "/editor/"},
		{"doc@example.org", "clinician", "/clinic/"},
		{"mem@example.org", "member", "/me/plan"},
	} {
		if _, err := h.Srv.Accounts.Create(ctx, tt.email, servertest.Password, tt.role); err != nil {
			t.Fatal(err)
		}
		r := h.Form(h.Client(), "/login", url.Values{"email": {tt.email}, "password": {servertest.Password}})
		if got := r.Header.Get("Location"); got != tt.want {
			t.Errorf("%s: to %q, want %q", tt.role, got, tt.want)
		}
		r = h.Form(h.Client(), "/login", url.Values{"email": {tt.email}, "password": {servertest.Password}, "next": {"/me/progress"}})
		if got := r.Header.Get("Location"); got != "/me/progress" {
			t.Errorf("%s with next: to %q", tt.role, got)
		}
	}
}

func withCSRF(v url.Values, csrf string) url.Values {
	v = servertest.Clone(v)
	v.Set("csrf", csrf)
	return v
}
