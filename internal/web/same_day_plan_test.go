package web_test

import (
	"strings"
	"testing"

	"supple/internal/servertest"
)

// A member logs a session, then makes and saves a new plan the same day
// (UX H3). Today, the plan page and progress follow the person: today
// says the session is done instead of offering a second one, the plan
// page does not say "Start today's session", and the pain chart keeps the
// morning's scores, marked as from an earlier plan.
func TestSameDayNewPlanKeepsTheMorningsLog(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("twice@example.org")
	logToday(t, h, m)
	m.NewPlan()

	today := h.Get(m.Client, "/me/today").Body
	if !strings.Contains(today, "You have already done a session today") {
		t.Errorf("/me/today does not know the morning's session\n%s", servertest.ErrorText(today))
	}
	if !strings.Contains(today, "week 1, day 1: logged on your previous plan") {
		t.Error("the day list calls today not logged")
	}
	if strings.Contains(today, `id="session-form"`) {
		t.Error("/me/today offers a second full session")
	}
	if again := h.Get(m.Client, "/me/today?again=1").Body; !strings.Contains(again, `id="session-form"`) {
		t.Error("/me/today?again=1 does not offer the session")
	}
	plan := h.Get(m.Client, "/me/plan").Body
	if strings.Contains(plan, "Start today’s session") || !strings.Contains(plan, "Today’s session is in your log") {
		t.Errorf("/me/plan after today's session on the earlier plan:\n%s", servertest.ErrorText(plan))
	}
	progress := h.Get(m.Client, "/me/progress").Body
	if strings.Contains(progress, "Nothing logged yet") {
		t.Error("/me/progress forgets the morning's session")
	}
	if !strings.Contains(progress, "1 session on this chart is from an earlier plan") {
		t.Errorf("/me/progress does not mark the earlier plan's session")
	}
}

// The clinician, too, follows the person: a session logged on the plan a
// member replaced the same day is their last log on the dashboard and on
// the patient page, marked as from the earlier plan (UX review 2, H3).
func TestClinicianSeesTheEarlierPlansLog(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("twice@example.org")
	clinician, patient := linkedClinician(t, h, m)
	logToday(t, h, m)
	m.NewPlan()

	dash := h.Get(clinician, "/clinic/").Body
	if strings.Contains(htmlText(dash), "Last log never") || !strings.Contains(dash, `<td data-label="Last log"><time`) {
		t.Errorf("the dashboard forgets the morning's session:\n%s", servertest.ErrorText(dash))
	}
	page := h.Get(clinician, patient).Body
	if strings.Contains(page, "Nothing logged yet") || !strings.Contains(page, "earlier plan") {
		t.Errorf("the patient page does not show the earlier plan's session:\n%s", servertest.ErrorText(page))
	}
	if strings.Contains(page, "<dt>Last log</dt><dd>never") {
		t.Error("the patient page says the last log was never")
	}
}

// The member's minutes, day list and summary follow the person too (UX
// review 3, H2): the morning's walk on the replaced plan counts in the
// active minutes, today is done (not still to come), and the summary
// says so, each with a note that the plan's own counts leave it out.
func TestSameDayNewPlanCountsTheMorningsMinutes(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("twice@example.org")
	logToday(t, h, m)
	m.NewPlan()

	progress := htmlText(h.Get(m.Client, "/me/progress").Body)
	for _, want := range []string{
		"of these minutes are from a session on an earlier plan.",
		"1 day shows a session logged on an earlier plan; this plan’s counts leave it out.",
	} {
		if !strings.Contains(progress, htmlText(want)) {
			t.Errorf("/me/progress does not say %q", want)
		}
	}
	summary := h.Get(m.Client, "/me/summary").Body
	if strings.Contains(summary, "No planned sessions yet") || !strings.Contains(summary, "1 session logged on an earlier plan") {
		t.Errorf("/me/summary's sessions forget the morning's session:\n%s", servertest.ErrorText(summary))
	}
	if strings.Contains(summary, "<dd>0 in 1 week") || !strings.Contains(summary, "from a session on an earlier plan") {
		t.Errorf("/me/summary's moderate minutes forget the morning's walk")
	}
}
