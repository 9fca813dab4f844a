package web_test

import (
	"strings"
	"testing"

	"supple/internal/servertest"
)

// The one-page summary has a Print button (a plain instruction without
// JavaScript), the pain chart under its own heading with its legend, and
// the exercises left out as counts with a few names, not a list of every
// name (UX M12).
func TestSummaryPrintsAndLabelsItsChart(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("sum@example.org")
	logToday(t, h, m)
	page := h.Get(m.Client, "/me/summary").Body
	for _, want := range []string{
		`<button type="button" class="button summary-print" data-print hidden>Print or save as PDF</button>`,
		"<noscript>", `<h2 id="summary-pain">Pain before and after sessions</h2>`, `class="chart-legend"`,
		"exercises are left out because of the answers", "safe but not needed",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if h, c := strings.Index(page, `id="summary-pain"`), strings.Index(page, `class="summary-chart"`); h < 0 || c < h {
		t.Error("the pain chart is not under its heading")
	}
	names := 0
	for _, x := range m.Plan.Result.Excluded {
		if e, ok := h.Srv.Plans.Library().Get(x.Exercise); ok && strings.Contains(page, e.Name+",") {
			names++
		}
	}
	if names > 6 {
		t.Errorf("the summary names %d exercises left out, want at most 6", names)
	}
}
