package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"supple/internal/clinic"
	"supple/internal/servertest"
)

// between is the part of page from the first start to the next end.
func between(page, start, end string) string {
	i := strings.Index(page, start)
	if i < 0 {
		return ""
	}
	page = page[i:]
	if j := strings.Index(page, end); j >= 0 {
		return page[:j]
	}
	return page
}

// A clinician's exclusion acts on today's session at once when today is
// not logged yet: the exercise leaves the today card of /me/plan and the
// session on /me/today, and the left-out entry says from when (not a
// present-tense claim the card above it contradicts).
func TestPrescriptionLeavesTodaysSession(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	day := ann.Plan.Result.Weeks[0].Days[0]
	if day.Rest || len(day.Items) == 0 {
		t.Fatal("the plan's first day is a rest day")
	}
	ex, ok := h.Srv.Plans.Library().Get(day.Items[0].Exercise)
	if !ok {
		t.Fatalf("no exercise %q", day.Items[0].Exercise)
	}
	cu, _, l := serviceLink(t, h, h.Clinician("doc@example.org", "Dr Ada Rowe"), ann, clinic.ChannelWeb)
	if _, err := h.Srv.Clinic.AddOverride(context.Background(), cu, l.ID, clinic.OverrideInput{Exclude: ex.ID, Reason: "Flexion flares your symptoms."}); err != nil {
		t.Fatal(err)
	}
	plan := h.Get(ann.Client, "/me/plan")
	if plan.StatusCode != http.StatusOK {
		t.Fatalf("/me/plan: %d", plan.StatusCode)
	}
	if card := between(plan.Body, `class="today"`, "</section>"); card == "" || strings.Contains(card, htmlText(ex.Name)) {
		t.Errorf("today's card on /me/plan still lists %s (or is missing):\n%s", ex.Name, card)
	}
	when := servertest.Start.Format("Monday 2 January")
	if !strings.Contains(plan.Body, htmlText(ex.Name)+" is left out of your plan from "+when) {
		t.Errorf("the left-out entry does not say %s is left out from %s:\n%s", ex.Name, when, servertest.ErrorText(between(plan.Body, "Left out", "</section>")))
	}
	today := h.Get(ann.Client, "/me/today").Body
	if items := between(today, `class="session-items"`, "</ol>"); items == "" || strings.Contains(items, `data-name="`+htmlText(ex.Name)+`"`) {
		t.Errorf("today's session on /me/today still has %s", ex.Name)
	}
}
