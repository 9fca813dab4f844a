package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// The plan page leads with today's session, says once today is logged
// that it is, shows the weeks once, and keeps every piece of advice and
// every left-out reason on the page (folded, not gone).
func TestPlanPageLeadsWithToday(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("lead@example.org")
	page := h.Get(m.Client, "/me/plan").Body
	start, print := strings.Index(page, "Start today’s session"), strings.Index(page, "Print view")
	if start < 0 || print < 0 || start > print {
		t.Errorf("the start button (at %d) does not come before Print view (at %d)", start, print)
	}
	if n := strings.Count(page, `<details class="week" id="week-`); n != 12 {
		t.Errorf("%d weeks in the week list, want 12", n)
	}
	if strings.Contains(page, `<table class="weeks">`) {
		t.Error("the weeks are shown twice: a table and the list")
	}
	// The page's words, with the "More" of a folded piece taken out.
	text := html.UnescapeString(tags.ReplaceAllString(strings.ReplaceAll(page, "<summary>More</summary>", ""), " "))
	flat := strings.Join(strings.Fields(text), " ")
	for _, a := range m.Plan.Result.Advice {
		if !strings.Contains(flat, strings.Join(strings.Fields(a), " ")) {
			t.Errorf("advice missing from the page: %.60q", a)
		}
	}
	for _, x := range m.Plan.Result.Excluded {
		if !strings.Contains(flat, strings.Join(strings.Fields(x.Reason), " ")) {
			t.Errorf("left-out reason missing: %.60q", x.Reason)
		}
	}
	logToday(t, h, m)
	page = h.Get(m.Client, "/me/plan").Body
	if strings.Contains(page, "Start today’s session") || !strings.Contains(page, "Today’s session is in your log") {
		t.Error("after today's session is logged the plan page still offers to start it")
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// logToday logs today's session through the plain form.
func logToday(t *testing.T, h *servertest.Harness, m *servertest.Member) {
	t.Helper()
	if r := m.Post("/me/today", sessionAnswers(t, h.Get(m.Client, "/me/today").Body)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logging today: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
}
