package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// A log note with a right-to-left override and a control character is
// refused the same way by the web form and by the API: 422, naming the
// note, and nothing stored (issue 12: the form stored it, the API refused).
func TestLogNoteTextPolicyWebAndAPI(t *testing.T) {
	h := newHarness(t)
	bad := "Felt \u202estiff\x01 today"

	m := newMember(t, h, "web@example.org", true)
	v := sessionAnswers(t, h.get(m.c, "/me/today").body)
	v.Set("note", bad)
	r := m.post(h, "/me/today", v)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorText(r.body), "note") {
		t.Errorf("web form: %d, want 422 naming the note:\n%s", r.StatusCode, errorText(r.body))
	}
	if logs := m.logs(t, h); len(logs) != 0 {
		t.Errorf("web form stored %d logs with the bad note: %q", len(logs), logs[0].Note)
	}

	a := newAPIMember(t, h, "api@example.org", true)
	plan := decode[adaptedPlan](t, a.call(h, "GET", "/api/v1/me/plan", "", ""))
	day := 0
	for _, d := range plan.Weeks[0].Days {
		if !d.Rest {
			day = d.Day
			break
		}
	}
	r = a.call(h, "POST", "/api/v1/me/logs", "application/json", sessionLog(plan, 1, day, `, "note": "Felt \u202estiff\u0001 today"`))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"field":"note"`) {
		t.Errorf("API: %d, want 422 naming the note: %s", r.StatusCode, r.body)
	}
}
