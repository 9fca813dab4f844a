package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// firstSwap is a mobility exercise of the member's plan and its first
// eligible alternative that the plan does not use already.
func firstSwap(t *testing.T, h *servertest.Harness, m *servertest.Member) (exercise, with string) {
	t.Helper()
	pl, err := h.Srv.Plans.Active(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, w := range pl.Result.Weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				used[it.Exercise] = true
			}
		}
	}
	for _, w := range pl.Result.Weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				for _, alt := range pl.Alternatives(it.Exercise) {
					if it.Block == "mobility" && !used[alt.ID] {
						return it.Exercise, alt.ID
					}
				}
			}
		}
	}
	t.Fatal("no exercise with alternatives")
	return "", ""
}

// On the plan page a member picks another exercise without JavaScript,
// sees it in the plan with a message, and undoes it.
func TestWebSwapAndUndo(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("swap@example.org")
	ex, with := firstSwap(t, h, m)
	page := h.Get(m.Client, "/me/plan")
	for _, want := range []string{"Prefer a different exercise?", `action="/me/plan/swaps/` + ex + `"`, `value="` + with + `"`, `href="/me/plan/change"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("/me/plan lacks %q", want)
		}
	}
	_, page = h.Follow(m.Client, "/me/plan/swaps/"+ex, url.Values{"csrf": {m.CSRF}, "with": {with}, "back": {"/me/plan"}})
	if !strings.Contains(page.Body, "your plan uses") || !strings.Contains(page.Body, `action="/me/plan/swaps/`+ex+`/undo"`) {
		t.Fatalf("after the swap: no message or no undo\n%s", servertest.ErrorText(page.Body))
	}
	if strings.Contains(h.Get(m.Client, "/me/plan").Body, "your plan uses") {
		t.Error("the message is shown twice")
	}
	// A refused swap comes back with the reason.
	_, page = h.Follow(m.Client, "/me/plan/swaps/"+with, url.Values{"csrf": {m.CSRF}, "with": {"brisk-walking"}, "back": {"/me/today"}})
	if !strings.Contains(page.Body, "That swap is not possible") {
		t.Errorf("a refused swap says nothing on today's page")
	}
	_, page = h.Follow(m.Client, "/me/plan/swaps/"+ex+"/undo", url.Values{"csrf": {m.CSRF}, "back": {"/me/plan"}})
	if !strings.Contains(page.Body, "Swap undone") {
		t.Errorf("after the undo: no message")
	}
	if r := m.Post("/me/plan/swaps/"+ex+"/undo", url.Values{"back": {"/me/plan"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("undo with no swap: %d, want 404", r.StatusCode)
	}
	if r := h.Form(m.Client, "/me/plan/swaps/"+ex, url.Values{"with": {with}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("a swap without the form token: %d, want 403", r.StatusCode)
	}
}

// The change page shows the settings and from when; bad values re-render
// with the message; a change returns to the plan with a message.
func TestWebPlanChange(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("change@example.org")
	page := h.Get(m.Client, "/me/plan/change").Body
	for _, want := range []string{"Change days, minutes or equipment", "The days before stay exactly as they were", `name="days_per_week"`, `name="access"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/me/plan/change lacks %q", want)
		}
	}
	if !strings.Contains(h.Get(m.Client, "/me/settings").Body, `href="/me/plan/change"`) {
		t.Error("settings do not link the change page")
	}
	r := m.Post("/me/plan/change", url.Values{"days_per_week": {"3"}, "minutes_per_day": {"500"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "from 5 to 180") || !strings.Contains(r.Body, `value="500"`) {
		t.Errorf("minutes 500: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	_, p := h.Follow(m.Client, "/me/plan/change", url.Values{"csrf": {m.CSRF}, "days_per_week": {"3"}, "minutes_per_day": {"40"}, "access": {"pool"}})
	if !strings.Contains(p.Body, "your plan follows your new settings") || !strings.Contains(p.Body, "3 days a week (was") {
		t.Errorf("after the change: no message or adjustment\n%s", p.Body)
	}
}
