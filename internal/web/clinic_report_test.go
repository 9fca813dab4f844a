package web_test

import (
	"regexp"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// The printed report agrees with the patient page (UX review 3, M2): its
// recent changes are the same as the page's (the prescription among
// them, not "None so far"), the pain chart has its heading and legend,
// a Print button prints it as /me/summary does, and the newest notes are
// in it.
func TestReportHasThePatientPagesChanges(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	clinician, patient := linkedClinician(t, h, m)
	logToday(t, h, m)
	page := h.Get(clinician, patient).Body
	if !strings.Contains(page, "A clinician&#39;s prescription") {
		t.Fatalf("the patient page lists no prescription among its changes:\n%s", servertest.ErrorText(page))
	}
	report := h.Get(clinician, patient+"/report").Body
	changes := report[strings.Index(report, "Recent changes to the plan"):]
	changes = changes[:strings.Index(changes, "<h2")]
	if strings.Contains(changes, "None so far") || !strings.Contains(changes, "Dr Rivera added bird dog") {
		t.Errorf("the report's recent changes leave out the prescription the patient page lists:\n%s", changes)
	}
	for _, want := range []string{
		`<h2 id="report-pain">Pain before and after sessions</h2>`,
		`class="chart-legend"`,
		`data-print hidden>Print or save as PDF</button>`,
		"Well done this week: keep the walks short if the leg tingles.",
		"Thank you, I will.",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
}

// The summary and the report open with a plain sentence (UX review 3,
// L9), not "on 23 November 2026 it is in week 1".
func TestSummaryAndReportOpening(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("ann@example.org")
	clinician, patient := linkedClinician(t, h, m)
	for path, want := range map[string]string{
		"/me/summary":       "Summary made on 23 November 2026, in week 1 of 12.",
		patient + "/report": "Report made on 23 November 2026, in week 1 of 12.",
	} {
		c := m.Client
		if path != "/me/summary" {
			c = clinician
		}
		body := h.Get(c, path).Body
		text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(body, "")
		if !strings.Contains(text, "A 12-week exercise plan made with supple, begun on 23 November 2026. "+want) || strings.Contains(text, "it is in week") {
			t.Errorf("%s does not open with %q:\n%s", path, want, servertest.ErrorText(body))
		}
	}
}
