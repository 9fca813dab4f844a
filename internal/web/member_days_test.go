package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"supple/internal/servertest"
)

var (
	correctActionRE = regexp.MustCompile(`action="/me/logs/(\d+)"`)
	wasRE           = regexp.MustCompile(`name="was" value="([0-9a-f]+)"`)
)

// sessionDays are the dates of the plan's session days from first to
// last (0-based days after the start), from the API's plan.
func sessionDays(t *testing.T, m *servertest.Member, first, last int) []string {
	t.Helper()
	ap := servertest.Decode[servertest.APIPlan](t, m.Call("GET", "/api/v1/me/plan", "", ""))
	start, err := time.Parse(time.DateOnly, ap.StartDate)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := first; i <= last; i++ {
		if !ap.Weeks[i/7].Days[i%7].Rest {
			out = append(out, start.AddDate(0, 0, i).Format(time.DateOnly))
		}
	}
	if len(out) == 0 {
		t.Fatalf("no session day between days %d and %d", first, last)
	}
	return out
}

// correctForm opens the correction of day's log and returns its answers
// (as prefilled), its path and the log's fingerprint.
func correctForm(t *testing.T, h *servertest.Harness, m *servertest.Member, day string) (url.Values, string) {
	t.Helper()
	page := h.Get(m.Client, "/me/today?date="+day+"&correct=1")
	a, w := correctActionRE.FindStringSubmatch(page.Body), wasRE.FindStringSubmatch(page.Body)
	if page.StatusCode != 200 || a == nil || w == nil {
		t.Fatalf("correct %s: %d, no correction form\n%s", day, page.StatusCode, servertest.ErrorText(page.Body))
	}
	v := sessionAnswers(t, page.Body)
	v.Set("was", w[1])
	return v, "/me/logs/" + a[1]
}

// A member logs a missed day of last week on the web, finds the form
// filled in when they open it again, and corrects it by the API's rules:
// the answers of a lived week stay (409), its note and next-morning pain
// can change; a week not yet lived changes freely.
func TestLogAndCorrectAnEarlierDay(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Day(0))
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("days@example.org", servertest.DaysAgo(clk, 10), servertest.WithToken()) // today: week 2, day 4
	lastWeek := sessionDays(t, m, 0, 6)[0]
	thisWeek := sessionDays(t, m, 7, 9)[0]

	page := h.Get(m.Client, "/me/today?date="+lastWeek)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "An earlier day") || !strings.Contains(page.Body, `name="date" value="`+lastWeek+`"`) ||
		!strings.Contains(page.Body, `action="/me/today"`) || strings.Contains(page.Body, `id="player"`) {
		t.Fatalf("earlier day %s: %d\n%s", lastWeek, page.StatusCode, servertest.ErrorText(page.Body))
	}
	if !strings.Contains(page.Body, `href="/me/today?date=`+lastWeek+`" aria-current="page"`) {
		t.Error("the day picker does not mark the day shown")
	}
	r := m.Post("/me/today", sessionAnswers(t, page.Body))
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "date="+lastWeek) {
		t.Fatalf("log %s: %d %s\n%s", lastWeek, r.StatusCode, r.Header.Get("Location"), servertest.ErrorText(r.Body))
	}
	if logs := m.Logs(); len(logs) != 1 || logs[0].Date != lastWeek || *logs[0].PainAfter != 4 {
		t.Fatalf("logs = %+v", logs)
	}
	if again := m.Post("/me/today", sessionAnswers(t, page.Body)); again.StatusCode != http.StatusConflict {
		t.Errorf("the same day twice: %d, want 409", again.StatusCode)
	}
	if p := h.Get(m.Client, "/me/today?date="+lastWeek).Body; !strings.Contains(p, "This day’s session is logged") || !strings.Contains(p, "correct=1") {
		t.Errorf("the logged day does not offer a correction:\n%s", servertest.ErrorText(p))
	}

	v, path := correctForm(t, h, m, lastWeek)
	if !strings.Contains(h.Get(m.Client, "/me/today?date="+lastWeek+"&correct=1").Body, `name="pain_after" value="4" checked`) {
		t.Error("the correction form is not filled in with the log")
	}
	// Week 1 is lived (week 2 began): its pain answers stay, as in the API.
	changed := servertest.Clone(v)
	changed.Set("pain_after", "2")
	r = m.Post(path, changed)
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "only the next-morning pain and the note can still change") {
		t.Errorf("a lived week's pain: %d, want 409\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	id := strings.TrimPrefix(path, "/me/logs/")
	if api := m.Call("PATCH", "/api/v1/me/logs/"+id, "application/merge-patch+json", `{"pain_after": 2}`); api.StatusCode != http.StatusConflict {
		t.Errorf("the API on the same change: %d, want 409 like the web", api.StatusCode)
	}
	noted := servertest.Clone(v)
	noted.Set("note", "Caught up on Sunday.")
	noted.Set("pain_next_morning", "3")
	r = m.Post(path, noted)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/today?date="+lastWeek+"&corrected="+id {
		t.Fatalf("a lived week's note: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), servertest.ErrorText(r.Body))
	}
	if l := m.Logs()[0]; l.Note != "Caught up on Sunday." || l.PainNextMorning == nil || *l.PainNextMorning != 3 || *l.PainAfter != 4 {
		t.Errorf("after the note: %+v", l)
	}
	if p := h.Get(m.Client, r.Header.Get("Location")).Body; !strings.Contains(p, "is corrected") {
		t.Error("no word that the correction is stored")
	}
	// The form the member opened before the note is now out of date.
	r = m.Post(path, v)
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "This log changed since you opened this page") ||
		!strings.Contains(r.Body, "Caught up on Sunday.") {
		t.Errorf("an out-of-date form: %d, want 409 with the log as it is now\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}

	// This week is not lived: its answers change.
	r = m.Post("/me/today", sessionAnswers(t, h.Get(m.Client, "/me/today?date="+thisWeek).Body))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("log %s: %d", thisWeek, r.StatusCode)
	}
	v, path = correctForm(t, h, m, thisWeek)
	v.Set("pain_after", "2")
	if r := m.Post(path, v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("this week's pain: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if logs := m.Logs(); len(logs) != 2 || logs[1].Date != thisWeek || *logs[1].PainAfter != 2 {
		t.Errorf("logs = %+v", logs)
	}
	// A bad answer is worded at its question, and nothing changes.
	v, path = correctForm(t, h, m, thisWeek)
	v.Set("pain_before", "11")
	if r := m.Post(path, v); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-pain_before"`) {
		t.Errorf("pain 11: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
}

// Days outside the current and the previous plan week, and days to
// come, are refused with a message, on the page and in the forms; a
// log that is not the member's is not found.
func TestEarlierDaysOutsideTheWindow(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Day(0))
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("window@example.org", servertest.DaysAgo(clk, 20), servertest.WithToken()) // today: week 3, day 7
	old := sessionDays(t, m, 0, 6)[0]
	week, day := 1, 0
	ap := servertest.Decode[servertest.APIPlan](t, m.Call("GET", "/api/v1/me/plan", "", ""))
	for i, d := range ap.Weeks[0].Days {
		if !d.Rest {
			day = i + 1
			break
		}
	}
	if r := m.Call("POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(ap, week, day, "")); r.StatusCode != http.StatusCreated {
		t.Fatalf("API log of %s: %d %s", old, r.StatusCode, r.Body)
	}
	tomorrow := servertest.Day(1).Format(time.DateOnly)
	for _, date := range []string{old, tomorrow, "2020-01-01", "not-a-day"} {
		r := h.Get(m.Client, "/me/today?date="+date)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "You can log or correct the days of this plan week and the week before, up to today") {
			t.Errorf("?date=%s: %d\n%s", date, r.StatusCode, servertest.ErrorText(r.Body))
		}
	}
	first := sessionDays(t, m, 7, 13)[0] // last week: still open
	if r := h.Get(m.Client, "/me/today?date="+first); r.StatusCode != 200 {
		t.Errorf("last week's %s: %d", first, r.StatusCode)
	}
	v := sessionAnswers(t, h.Get(m.Client, "/me/today?date="+first).Body)
	v.Set("date", sessionDays(t, m, 1, 6)[len(sessionDays(t, m, 1, 6))-1])
	if r := m.Post("/me/today", v); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "is not one of them") {
		t.Errorf("a week-1 day posted: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	id := itoa64(m.Logs()[0].ID)
	if r := m.Post("/me/logs/"+id, url.Values{"pain_before": {"2"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "is not one of them") {
		t.Errorf("correcting week 1: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	other := h.Member("other@example.org")
	if r := other.Post("/me/logs/"+id, url.Values{"pain_before": {"2"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("another member's log: %d, want 404", r.StatusCode)
	}
	for _, bad := range []string{"0", "x", "99999"} {
		if r := m.Post("/me/logs/"+bad, url.Values{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("/me/logs/%s: %d", bad, r.StatusCode)
		}
	}
}
