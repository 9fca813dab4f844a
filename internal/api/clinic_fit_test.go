package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/servertest"
)

// An added exercise must fit a day of the patient's plan: a dose whose
// one set takes longer than the patient's minutes a day is refused when
// prescribed (422 naming dose, with both figures); one that stops
// fitting when the member changes their minutes tells the member (an
// adjustment), and the clinician's patient page says so.
func TestPrescribedAddMustFitADay(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	l := link(t, doc, ann)
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d/overrides", l.ID)
	var ex *coach.Exercise
	for _, e := range h.Srv.Plans.Library().All() {
		if e.Block == coach.Mobility && !e.Avoid && len(coach.Contraindications(servertest.Profile, h.Srv.Plans.Library(), e.ID)) == 0 {
			ex = e
			break
		}
	}
	if ex == nil {
		t.Fatal("no mobility exercise to add")
	}
	minutes := servertest.Profile.MinutesPerDay
	long := coach.Dose{Sets: 1, Reps: 20, HoldSeconds: 100}
	if need := coach.PrescribedMinutes(ex, long); need <= minutes || need > coach.MaxPrescribedMinutes {
		t.Fatalf("the long dose takes %d minutes; the test needs more than %d and at most %d", need, minutes, coach.MaxPrescribedMinutes)
	}
	r := doc.Call("POST", pat, "application/json", fmt.Sprintf(`{"add": %q, "dose": {"sets": 1, "reps": 20, "hold_seconds": 100}, "reason": "long holds"}`, ex.ID))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"dose"`) ||
		!strings.Contains(r.Body, fmt.Sprintf("the patient has %d minutes a day", minutes)) {
		t.Fatalf("a dose that fits no day: %d %s, want 422 on dose with the figures", r.StatusCode, r.Body)
	}

	// A dose that fits now, until the member gives their plan 5 minutes a day.
	short := coach.Dose{Sets: 1, Reps: 10, HoldSeconds: 30}
	need := coach.PrescribedMinutes(ex, short)
	if need > minutes || need <= 5 {
		t.Fatalf("the short dose takes %d minutes; the test needs from 6 to %d", need, minutes)
	}
	if r := doc.Call("POST", pat, "application/json", fmt.Sprintf(`{"add": %q, "dose": {"sets": 1, "reps": 10, "hold_seconds": 30}, "reason": "gentle holds"}`, ex.ID)); r.StatusCode != http.StatusCreated {
		t.Fatalf("a dose that fits: %d %s", r.StatusCode, r.Body)
	}
	clk.Set(servertest.Day(3))
	if r := ann.Call("PATCH", "/api/v1/me/plan", "application/merge-patch+json", `{"minutes_per_day": 5}`); r.StatusCode != http.StatusOK {
		t.Fatalf("settings: %d %s", r.StatusCode, r.Body)
	}
	_, adj := planDays(t, ann)
	if !strings.Contains(adj, `"exercise":"`+ex.ID+`"`) || !strings.Contains(adj, "is left out: one set of it takes about") {
		t.Errorf("the member is not told that %s no longer fits:\n%s", ex.Name, adj)
	}
	page := h.Get(doc.Client, fmt.Sprintf("/clinic/patients/%d", l.ID)).Body
	if !strings.Contains(page, "It fits no day of the plan now") {
		t.Error("the patient page does not say the added exercise fits no day")
	}
}
