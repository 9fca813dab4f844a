package web_test

import (
	"net/url"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/servertest"
)

// The prescription's first day is one date everywhere (UX review 3, M1):
// the flash, the list on the patient page and the member's plan say
// today while today's session is not logged, and tomorrow once it is.
func TestPrescriptionFlashSaysItsTrueFirstDay(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	rivera := h.Clinician("rivera@example.org", "Dr Rivera").Client
	base := "/clinic/patients/" + link(t, h, ann.Client, rivera, invite(t, h, rivera), "ann@example.org")
	planned := ""
	for _, it := range ann.Plan.Result.Weeks[0].Days[0].Items {
		if it.Block != coach.Aerobic {
			planned = it.Exercise
		}
	}
	prescribe := func(v url.Values) string {
		t.Helper()
		v.Set("csrf", servertest.CSRF(t, h.Get(rivera, base).Body))
		_, page := h.Follow(rivera, base+"/overrides", v)
		return page.Body
	}
	page := prescribe(url.Values{"kind": {"exclude"}, "exercise": {planned}, "reason": {"It aggravates her hip."}})
	if !strings.Contains(page, ("The prescription is in the plan from today, Monday 23 November;")) || strings.Contains(page, "from tomorrow") {
		t.Errorf("the flash of a prescription made before today's log does not say today:\n%s", servertest.ErrorText(page))
	}
	if !strings.Contains(page, `from <time datetime="2026-11-23">`) {
		t.Errorf("the list does not say the prescription acts from today")
	}
	logToday(t, h, ann)
	page = prescribe(url.Values{"kind": {"cap_minutes"}, "cap_minutes": {"60"}, "reason": {"Build up slowly."}})
	if !strings.Contains(page, htmlText("The prescription is in the plan from tomorrow, Tuesday 24 November (today's session is logged already);")) {
		t.Errorf("the flash of a prescription made after today's log does not say tomorrow:\n%s", servertest.ErrorText(page))
	}
	if !strings.Contains(page, `from <time datetime="2026-11-24">`) {
		t.Errorf("the list does not say the second prescription acts from tomorrow")
	}
}
