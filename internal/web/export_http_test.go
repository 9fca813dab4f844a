package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"supple/internal/benchdata"
	"supple/internal/coach"
	"supple/internal/fhir"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/servertest"
)

func pain(n int) *int                          { return &n }
func onDay(day time.Time) time.Time            { return day.Add(7 * time.Hour) }
func planDate(pl *plans.Plan, w, d int) string { return pl.Date(w, d).Format(time.DateOnly) }

// sessionDays are the first active plan days of week 1, and restDays its
// rest days.
func planDays(pl *plans.Plan) (session, rest []int) {
	for _, d := range pl.Result.Weeks[0].Days {
		if d.Rest {
			rest = append(rest, d.Day)
		} else {
			session = append(session, d.Day)
		}
	}
	return session, rest
}

func itemsOf(pl *plans.Plan, day int, done bool) []coach.LogItem {
	var out []coach.LogItem
	for _, it := range pl.Result.Weeks[0].Days[day-1].Items {
		li := coach.LogItem{Exercise: it.Exercise, Minutes: it.Minutes, Done: done}
		if !done {
			li.Skipped = "skipped"
		}
		out = append(out, li)
	}
	return out
}

// logWeek stores five logs of week 1 through the progress service, on
// the days they happened, with notes that try to inject formulas.
func logWeek(t *testing.T, h *servertest.Harness, clk *benchdata.Clock, userID int64, pl *plans.Plan) []coach.Log {
	t.Helper()
	session, rest := planDays(pl)
	if len(session) < 3 || len(rest) < 1 {
		t.Fatalf("plan week 1 has %d active and %d rest days", len(session), len(rest))
	}
	logs := []coach.Log{
		{Kind: coach.KindSession, Week: 1, Day: session[0], Done: true, PainBefore: pain(3), PainDuring: pain(4), PainAfter: pain(5), LegSymptoms: "none",
			Items: itemsOf(pl, session[0], true), Note: `=HYPERLINK("http://evil.example","click")`},
		{Kind: coach.KindSession, Week: 1, Day: session[1], Done: true, PainBefore: pain(2), PainDuring: pain(0), PainAfter: pain(2), LegSymptoms: "same",
			Items: itemsOf(pl, session[1], true), Note: "+SUM(A1:A9)"},
		{Kind: coach.KindActivity, Day: rest[0], Done: true, LegSymptoms: "none",
			Items: []coach.LogItem{{Exercise: "cycling", Minutes: 25, Done: true}}, Note: "@cmd|' /C calc'!A0"},
		{Kind: coach.KindSession, Week: 1, Day: session[2], Done: false, PainBefore: pain(1), LegSymptoms: "none",
			Items: itemsOf(pl, session[2], false), Note: "-2+3"},
	}
	var out []coach.Log
	for _, l := range logs {
		l.Date = planDate(pl, 1, l.Day)
		clk.Set(onDay(pl.Date(1, l.Day)).Add(12 * time.Hour))
		if l.Kind == coach.KindActivity {
			l.Week = 0
		}
		if l.RedFlags == nil {
			l.RedFlags = []string{}
		}
		got, err := h.Srv.Progress.AddLog(context.Background(), userID, l)
		if err != nil {
			t.Fatalf("log %s: %v", l.Date, err)
		}
		out = append(out, got)
	}
	// The next morning's pain arrives a day later, as a change.
	out[0].PainNextMorning = pain(4)
	if _, err := h.Srv.Progress.UpdateLog(context.Background(), userID, out[0]); err != nil {
		t.Fatal(err)
	}
	// Plus one with commas, quotes and a line break, and nothing to guard.
	clk.Set(onDay(pl.Date(1, 7)))
	l := coach.Log{Kind: coach.KindActivity, Date: planDate(pl, 1, 7), Done: true, LegSymptoms: "gone", RedFlags: []string{},
		Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 30, Done: true}}, Note: "walked, then \"rested\"\nfelt fine"}
	got, err := h.Srv.Progress.AddLog(context.Background(), userID, l)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, got)
	slices.SortStableFunc(out, func(a, b coach.Log) int { return strings.Compare(a.Date, b.Date) })
	return out
}

func TestExportLogsAsCSV(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	logs := logWeek(t, h, clk, uid, pl)

	r := h.Get(c, "/me/export/logs.csv")
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("CSV: %d %v", r.StatusCode, r.Header)
	}
	if strings.Count(r.Body, "\r\n") < len(logs)+1 || strings.Count(r.Body, "\n") != strings.Count(r.Body, "\r\n") {
		t.Error("CSV records do not end with CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := "date,week,day,kind,done,pain_before,pain_during,pain_after,pain_next_morning,leg_symptoms,new_numbness_or_weakness,red_flags,minutes,exercises,note"
	if strings.Join(rows[0], ",") != header {
		t.Fatalf("header %v", rows[0])
	}
	if len(rows) != len(logs)+1 {
		t.Fatalf("%d rows for %d logs", len(rows)-1, len(logs))
	}
	col := map[string]int{}
	for i, n := range rows[0] {
		col[n] = i
	}
	byNote := map[string][]string{}
	for i, row := range rows[1:] {
		if row[col["date"]] != logs[i].Date {
			t.Errorf("row %d date %s, want %s (oldest first)", i+1, row[col["date"]], logs[i].Date)
		}
		byNote[row[col["note"]]] = row
	}
	for _, tt := range []struct {
		note                                    string
		kind, done, before, during, after, next string
		legs, minutes                           string
		exercisesHave                           string
	}{
		{`'=HYPERLINK("http://evil.example","click")`, "session", "true", "3", "4", "5", "4", "none", fmt.Sprint(logs[0].Minutes()), " min"},
		{"'+SUM(A1:A9)", "session", "true", "2", "0", "2", "", "same", "", ""},
		{"'@cmd|' /C calc'!A0", "activity", "true", "", "", "", "", "", "25", "Cycling 25 min"}, // not asked: empty, not "none"
		{"'-2+3", "session", "false", "1", "", "", "", "none", "0", "(skipped)"},
		{"walked, then \"rested\"\nfelt fine", "activity", "true", "", "", "", "", "gone", "30", "Brisk walking 30 min"},
	} {
		row, ok := byNote[tt.note]
		if !ok {
			t.Errorf("no row with the note %q (formula guard or quoting wrong); notes: %q", tt.note, keys(byNote))
			continue
		}
		got := []string{row[col["kind"]], row[col["done"]], row[col["pain_before"]], row[col["pain_during"]], row[col["pain_after"]], row[col["pain_next_morning"]], row[col["leg_symptoms"]]}
		want := []string{tt.kind, tt.done, tt.before, tt.during, tt.after, tt.next, tt.legs}
		if !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", tt.note, got, want)
		}
		if tt.minutes != "" && row[col["minutes"]] != tt.minutes {
			t.Errorf("%q: minutes %s, want %s", tt.note, row[col["minutes"]], tt.minutes)
		}
		if !strings.Contains(row[col["exercises"]], tt.exercisesHave) {
			t.Errorf("%q: exercises %q lack %q", tt.note, row[col["exercises"]], tt.exercisesHave)
		}
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%q: column %s starts with a formula character: %q", tt.note, rows[0][i], cell)
			}
		}
	}

	// Another member's export holds none of it; with no plan there is a
	// header and nothing else.
	b := h.SignedIn("bob@example.org", "member")
	if r := h.Get(b, "/me/export/logs.csv"); r.StatusCode != 200 || strings.TrimSpace(r.Body) != header {
		t.Errorf("B's CSV: %d %q", r.StatusCode, r.Body)
	}
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestExportJSONHasLogsAndCheckins(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	logs := logWeek(t, h, clk, uid, pl)
	if _, err := h.Srv.Progress.AddCheckin(context.Background(), uid, progress.Checkin{Pain: 3, PSFS: []progress.PSFSActivity{{Activity: "putting on socks", Score: 6}}}, ""); err != nil {
		t.Fatal(err)
	}
	r := h.Get(c, "/me/export")
	var got struct {
		Account  map[string]any     `json:"account"`
		Plan     map[string]any     `json:"active_plan"`
		Logs     []coach.Log        `json:"logs"`
		Checkins []progress.Checkin `json:"checkins"`
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Logs) != len(logs) || got.Logs[0].Date != logs[0].Date || *got.Logs[0].PainNextMorning != 4 || got.Plan == nil {
		t.Errorf("export logs: %d, want %d", len(got.Logs), len(logs))
	}
	if len(got.Checkins) != 1 || got.Checkins[0].PSFS[0].Activity != "putting on socks" {
		t.Errorf("export check-ins: %+v", got.Checkins)
	}
	// A member with nothing logged gets empty lists, not null.
	b := h.SignedIn("bob@example.org", "member")
	if body := h.Get(b, "/me/export").Body; !strings.Contains(body, `"logs": []`) || !strings.Contains(body, `"checkins": []`) || strings.Contains(body, "putting on socks") {
		t.Errorf("B's export: %s", body)
	}
}

func TestExportFHIRBundle(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	logs := logWeek(t, h, clk, uid, pl)

	r := h.Get(c, "/me/export/fhir.json")
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/fhir+json") {
		t.Fatalf("FHIR: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if err := fhir.ValidateBundle([]byte(r.Body)); err != nil {
		t.Fatalf("the export is not a valid bundle: %v", err)
	}
	if strings.Contains(r.Body, "ann@example.org") || strings.Contains(r.Body, "evil.example") {
		t.Error("the bundle holds the email address or free text")
	}
	full := decodeBundle(t, r.Body)
	if full.Type != "collection" || full.Entry[0].Resource["resourceType"] != "Patient" {
		t.Fatalf("bundle type %s, first entry %v", full.Type, full.Entry[0].Resource["resourceType"])
	}
	// What the logs say: each pain score an Observation, each log with
	// minutes another.
	var wantPain, wantMinutes int
	for _, l := range logs {
		for _, p := range []*int{l.PainBefore, l.PainDuring, l.PainAfter, l.PainNextMorning} {
			if p != nil {
				wantPain++
			}
		}
		if l.Minutes() > 0 {
			wantMinutes++
		}
	}
	counts := map[string]int{}
	patient := full.Entry[0].FullURL
	for _, e := range full.Entry[1:] {
		code := e.Resource["code"].(map[string]any)["coding"].([]any)[0].(map[string]any)["code"].(string)
		counts[code]++
		if e.Resource["subject"].(map[string]any)["reference"] != patient || e.Resource["status"] != "final" {
			t.Errorf("%s: subject %v status %v", e.FullURL, e.Resource["subject"], e.Resource["status"])
		}
	}
	if counts[fhir.CodePain] != wantPain || counts[fhir.CodeExerciseMinutes] != wantMinutes {
		t.Errorf("observations %v, want %d pain and %d minutes", counts, wantPain, wantMinutes)
	}
	// The next-morning score is dated the morning after its session.
	next := planDate(pl, 1, logs[0].Day+1)
	if !strings.Contains(r.Body, `"valueCode": "next-morning"`) || !strings.Contains(r.Body, `"effectiveDateTime": "`+next+`"`) {
		t.Error("no next-morning observation on the day after")
	}
	// Stable: a second export has the same ids.
	again := decodeBundle(t, h.Get(c, "/me/export/fhir.json").Body)
	for i := range full.Entry {
		if again.Entry[i].FullURL != full.Entry[i].FullURL {
			t.Fatalf("entry %d id changed between exports", i)
		}
	}

	// Date filters and formats: the filtered bundle is exactly the
	// observations of the full one whose date passes.
	mid := planDate(pl, 1, 4)
	for _, tt := range []struct {
		query string
		keep  func(date string) bool
	}{
		{"?date=ge" + mid, func(d string) bool { return d >= mid }},
		{"?date=le" + mid, func(d string) bool { return d <= mid }},
		{"?date=ge" + mid + "&date=le" + mid, func(d string) bool { return d == mid }},
		{"?_format=json&date=gt" + mid, func(d string) bool { return d > mid }},
		{"?_format=application/fhir%2Bjson", func(string) bool { return true }},
		{"?_format=application/fhir+json", func(string) bool { return true }},
		{"?_format=application/json", func(string) bool { return true }},
	} {
		r := h.Get(c, "/me/export/fhir.json"+tt.query)
		if r.StatusCode != 200 {
			t.Errorf("%s: %d %s", tt.query, r.StatusCode, r.Body)
			continue
		}
		if err := fhir.ValidateBundle([]byte(r.Body)); err != nil {
			t.Errorf("%s: %v", tt.query, err)
		}
		var want []string
		for _, e := range full.Entry[1:] {
			if tt.keep(e.Resource["effectiveDateTime"].(string)) {
				want = append(want, e.FullURL)
			}
		}
		var got []string
		for _, e := range decodeBundle(t, r.Body).Entry[1:] {
			got = append(got, e.FullURL)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d observations, want %d", tt.query, len(got), len(want))
		}
	}

	// Another member: their own patient, no observations.
	b := h.SignedIn("bob@example.org", "member")
	other := h.Get(b, "/me/export/fhir.json")
	if err := fhir.ValidateBundle([]byte(other.Body)); err != nil {
		t.Fatal(err)
	}
	ob := decodeBundle(t, other.Body)
	if len(ob.Entry) != 1 || ob.Entry[0].FullURL == patient {
		t.Errorf("B's bundle: %d entries, patient %s", len(ob.Entry), ob.Entry[0].FullURL)
	}
}

type bundleDoc struct {
	Type  string `json:"type"`
	Entry []struct {
		FullURL  string         `json:"fullUrl"`
		Resource map[string]any `json:"resource"`
	} `json:"entry"`
}

func decodeBundle(t *testing.T, body string) bundleDoc {
	t.Helper()
	var b bundleDoc
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Entry) == 0 {
		t.Fatal("a bundle without entries")
	}
	return b
}

// A malformed FHIR request is a 400 with an OperationOutcome naming the
// parameter, never a 500.
func TestExportFHIRRefusesMalformedRequests(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := h.SignedIn("ann@example.org", "member")
	for _, tt := range []struct{ query, param string }{
		{"_format=xml", "_format"},
		{"_format=application/fhir%2Bxml", "_format"},
		{"_format=text/html", "_format"},
		{"_format=json&_format=xml", "_format"},
		{"date=2026-11-31", "date"},
		{"date=ge2026-1", "date"},
		{"date=after2026-11-01", "date"},
		{"date=ge", "date"},
		{"date=", "date"},
		{"date=ge2026-11-01&date=soon", "date"},
		{"patient=Patient/1", "patient"},
		{"_count=5", "_count"},
		{"_elements=id", "_elements"},
		{"%zz", "query"},
	} {
		r := h.Get(c, "/me/export/fhir.json?"+tt.query)
		var oo fhir.OperationOutcome
		err := json.Unmarshal([]byte(r.Body), &oo)
		switch {
		case r.StatusCode != http.StatusBadRequest:
			t.Errorf("%s: %d, want 400", tt.query, r.StatusCode)
		case !strings.HasPrefix(r.Header.Get("Content-Type"), "application/fhir+json"):
			t.Errorf("%s: content type %s", tt.query, r.Header.Get("Content-Type"))
		case err != nil || oo.ResourceType != "OperationOutcome" || len(oo.Issue) == 0:
			t.Errorf("%s: not an OperationOutcome: %s", tt.query, r.Body)
		case oo.Issue[0].Severity != "error" || !slices.Contains(oo.Issue[0].Expression, tt.param) || !strings.Contains(oo.Issue[0].Diagnostics, tt.param):
			t.Errorf("%s: the outcome does not name %s: %+v", tt.query, tt.param, oo.Issue[0])
		}
	}
}

// Anonymous visitors are sent to log in from every export.
func TestExportsNeedLogin(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, path := range []string{"/me/export", "/me/export/logs.csv", "/me/export/fhir.json", "/me/export/fhir.json?_format=xml"} {
		r := h.Get(nil, path)
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("anonymous %s: %d %s", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
}

var feedURLRE = regexp.MustCompile(`value="(http://[^"]+/calendar/([A-Z2-7]{24})\.ics)"`)

// createFeed posts the settings form and returns the feed's URL path.
func createFeed(t *testing.T, h *servertest.Harness, c *http.Client, at string) (path, token string) {
	t.Helper()
	_, r := h.Follow(c, "/me/calendar", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}, "time": {at}})
	m := feedURLRE.FindStringSubmatch(r.Body)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("create feed: %d, no URL shown\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if want := `href="webcal://` + strings.TrimPrefix(m[1], "http://") + `"`; !strings.Contains(r.Body, want) {
		t.Errorf("no subscribe link %s", want)
	}
	u, _ := url.Parse(m[1])
	return u.Path, m[2]
}

// icsEvents checks a feed's structure (CRLF, lines of at most 75
// octets, BEGIN/END pairs, required properties) and returns its events
// as unfolded properties.
func icsEvents(t *testing.T, body string) []map[string]string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") || strings.Count(body, "\n") != strings.Count(body, "\r\n") {
		t.Fatal("lines do not all end with CRLF")
	}
	var lines []string
	for i, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i+1, len(l))
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	var events []map[string]string
	var ev map[string]string
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("not a content line: %q", l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				ev = map[string]string{}
			}
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("END:%s does not close %v", value, stack)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				events = append(events, ev)
				ev = nil
			}
		default:
			switch {
			case ev != nil && stack[len(stack)-1] == "VALARM":
				ev["VALARM."+name] = value // the event's reminder
			case ev != nil:
				ev[name] = value
			}
		}
	}
	if len(stack) != 0 || lines[0] != "BEGIN:VCALENDAR" {
		t.Fatalf("unclosed %v", stack)
	}
	if !strings.Contains(body, "\r\nVERSION:2.0\r\n") || !strings.Contains(body, "\r\nPRODID:") {
		t.Error("no VERSION or PRODID")
	}
	uids := map[string]bool{}
	for _, e := range events {
		if e["DTSTART"] != "" && (e["VALARM.ACTION"] != "DISPLAY" || e["VALARM.TRIGGER"] != "PT0M" || e["VALARM.DESCRIPTION"] == "") {
			t.Errorf("a session event without its reminder at the start: %v", e)
		}
		for _, p := range []string{"UID", "DTSTAMP", "SUMMARY"} {
			if e[p] == "" {
				t.Errorf("event without %s: %v", p, e)
			}
		}
		if e["DTSTART"] == "" && e["DTSTART;VALUE=DATE"] == "" {
			t.Errorf("event without DTSTART: %v", e)
		}
		if uids[e["UID"]] {
			t.Errorf("UID %s twice", e["UID"])
		}
		uids[e["UID"]] = true
	}
	if _, err := ics.ParseCalendar(strings.NewReader(body)); err != nil {
		t.Errorf("an iCalendar parser refuses the feed: %v", err)
	}
	return events
}

func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	a, aid, pl := ann.Client, ann.ID, ann.Plan

	// Bad times re-render the form with the message and what was typed;
	// nothing is created.
	for _, bad := range []string{"25:00", "7.30", "", "noon", "12:60", "07:30pm"} {
		r := h.Form(a, "/me/calendar", url.Values{"csrf": {servertest.CSRF(t, h.Get(a, "/me/settings").Body)}, "time": {bad}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "HH:MM") || !strings.Contains(r.Body, `value="`+bad+`"`) || feedURLRE.MatchString(r.Body) {
			t.Errorf("time %q: %d", bad, r.StatusCode)
		}
	}
	if _, err := h.Srv.Progress.Feed(context.Background(), aid); err == nil {
		t.Fatal("a refused form made a feed")
	}
	if page := h.Get(a, "/me/settings").Body; !strings.Contains(page, `value="07:30"`) || !strings.Contains(page, "Create my calendar feed") {
		t.Error("the form does not offer 07:30")
	}

	path, token := createFeed(t, h, a, "07:30")
	// Only the token's hash is kept, and the URL is not shown again.
	sum := sha256.Sum256([]byte(token))
	if f, err := h.Srv.DB.CalendarFeedOf(context.Background(), aid); err != nil || f.TokenHash != hex.EncodeToString(sum[:]) || f.TimeOfDay != "07:30" {
		t.Errorf("stored feed %+v %v", f, err)
	}
	if page := h.Get(a, "/me/settings").Body; strings.Contains(page, token) || !strings.Contains(page, "<strong>07:30</strong>") {
		t.Error("settings show the token again, or not the time")
	}

	// The feed needs no login: one event per active day of the plan, at
	// 07:30 floating local time, naming the exercises.
	r := h.Get(nil, path)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	events := icsEvents(t, r.Body)
	var sessions, checkins []map[string]string
	for _, e := range events {
		if strings.HasPrefix(e["SUMMARY"], "Back session") {
			sessions = append(sessions, e)
		} else {
			checkins = append(checkins, e)
		}
	}
	active := 0
	for _, w := range pl.Result.Weeks {
		for _, d := range w.Days {
			if !d.Rest {
				active++
			}
		}
	}
	if len(sessions) != active || active == 0 {
		t.Errorf("%d session events for %d active days", len(sessions), active)
	}
	if len(checkins) == 0 {
		t.Error("no next-morning check-in on a rest day after a session")
	}
	lib := h.Srv.Plans.Library()
	first := pl.Result.Weeks[0].Days[0]
	firstName := first.Items[0].Exercise
	if e, ok := lib.Get(firstName); ok {
		firstName = e.Name
	}
	floating := regexp.MustCompile(`^\d{8}T073000$`)
	for _, e := range sessions {
		if !floating.MatchString(e["DTSTART"]) {
			t.Errorf("DTSTART %s is not 07:30 floating time", e["DTSTART"])
		}
		start, _ := time.Parse("20060102T150405", e["DTSTART"])
		end, _ := time.Parse("20060102T150405", e["DTEND"])
		if d := end.Sub(start); d < 30*time.Minute || d > 60*time.Minute {
			t.Errorf("event lasts %s", d)
		}
		if !strings.Contains(e["DESCRIPTION"], "/me/today") {
			t.Errorf("description without a link to today's session: %s", e["DESCRIPTION"])
		}
	}
	day1 := pl.Date(1, 1).Format("20060102") + "T073000"
	var ev1 map[string]string
	for _, e := range sessions {
		if e["DTSTART"] == day1 {
			ev1 = e
		}
	}
	if ev1 == nil || !strings.Contains(ev1["SUMMARY"], firstName) || !strings.Contains(ev1["DESCRIPTION"], firstName+": ") {
		t.Errorf("week 1 day 1 event does not name %s: %v", firstName, ev1)
	}
	// The morning after a session asks how the back is.
	asked := 0
	for _, e := range events {
		if strings.Contains(e["DESCRIPTION"], "How is your back this morning?") {
			asked++
		}
	}
	if asked < active-1 {
		t.Errorf("the check-in question is in %d events, want about one per session (%d)", asked, active)
	}

	// A new time keeps the URL and the UIDs.
	uids := func(evs []map[string]string) []string {
		var out []string
		for _, e := range evs {
			out = append(out, e["UID"])
		}
		return out
	}
	if _, page := h.Follow(a, "/me/calendar/time", url.Values{"csrf": {servertest.CSRF(t, h.Get(a, "/me/settings").Body)}, "time": {"18:15"}}); !strings.Contains(page.Body, "Reminders now start at 18:15") {
		t.Error("no confirmation of the new time")
	}
	if strings.Contains(h.Get(a, "/me/settings").Body, "Reminders now start at") {
		t.Error("the confirmation is shown again on a reload")
	}
	if r := h.Form(a, "/me/calendar/time", url.Values{"csrf": {servertest.CSRF(t, h.Get(a, "/me/settings").Body)}, "time": {"99:99"}}); r.StatusCode != 422 || !strings.Contains(r.Body, `value="99:99"`) {
		t.Errorf("bad new time: %d", r.StatusCode)
	}
	later := icsEvents(t, h.Get(nil, path).Body)
	if !slices.Equal(uids(later), uids(events)) || !strings.Contains(h.Get(nil, path).Body, "T181500\r\n") || strings.Contains(h.Get(nil, path).Body, "T073000\r\n") {
		t.Error("after a time change the UIDs changed or the time did not")
	}

	// Another member can neither reach A's feed nor change it.
	b := h.SignedIn("bob@example.org", "member")
	if page := h.Get(b, "/me/settings").Body; strings.Contains(page, "18:15") || !strings.Contains(page, "Create my calendar feed") {
		t.Error("B's settings show A's feed")
	}
	if r := h.Form(b, "/me/calendar/revoke", url.Values{"csrf": {servertest.CSRF(t, h.Get(b, "/me/settings").Body)}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("B revokes (their none): %d", r.StatusCode)
	}
	if r := h.Form(b, "/me/calendar/time", url.Values{"csrf": {servertest.CSRF(t, h.Get(b, "/me/settings").Body)}, "time": {"05:00"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("B sets a time without a feed: %d", r.StatusCode)
	}
	if r := h.Get(b, path); r.StatusCode != 200 || !strings.Contains(r.Body, "T181500") {
		t.Errorf("A's feed after B's attempts: %d", r.StatusCode)
	}
	bPath, _ := createFeed(t, h, b, "06:00")
	bEvents := icsEvents(t, h.Get(nil, bPath).Body)
	if len(bEvents) != 1 || !strings.Contains(bEvents[0]["SUMMARY"], "No back-care plan yet") {
		t.Errorf("B (no plan) gets %d events", len(bEvents))
	}

	// Rotation: a new URL, the old one stops; revocation: 404.
	newPath, _ := createFeed(t, h, a, "18:15")
	if newPath == path {
		t.Fatal("rotation kept the URL")
	}
	if r := h.Get(nil, path); r.StatusCode != 404 {
		t.Errorf("old URL after rotation: %d", r.StatusCode)
	}
	if r := h.Get(nil, newPath); r.StatusCode != 200 || !strings.Contains(r.Body, "T181500") {
		t.Errorf("new URL: %d", r.StatusCode)
	}
	_, revoked := h.Follow(a, "/me/calendar/revoke", url.Values{"csrf": {servertest.CSRF(t, h.Get(a, "/me/settings").Body)}})
	for _, p := range []string{newPath, path, strings.TrimSuffix(newPath, ".ics"), "/calendar/AAAAAAAAAAAAAAAAAAAAAAAA.ics", "/calendar/x.ics"} {
		if r := h.Get(nil, p); r.StatusCode != 404 {
			t.Errorf("%s after revoking: %d", p, r.StatusCode)
		}
	}
	if r := h.Get(nil, bPath); r.StatusCode != 200 {
		t.Errorf("B's feed after A revoked: %d", r.StatusCode)
	}
	if page := revoked.Body; !strings.Contains(page, "turned off") || !strings.Contains(page, "Create my calendar feed") {
		t.Error("no confirmation of the revocation")
	}
}

// The feed follows the plan as the logs adapt it: after a flare the
// coming week's events carry the eased dose, and a red flag in a log
// leaves a single note to see a clinician.
func TestCalendarFeedFollowsTheAdaptedPlan(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	path, _ := createFeed(t, h, c, "07:30")
	session, _ := planDays(pl)
	ctx := context.Background()
	for i, d := range session {
		clk.Set(onDay(pl.Date(1, d)).Add(10 * time.Hour))
		l := coach.Log{Kind: coach.KindSession, Week: 1, Day: d, Date: planDate(pl, 1, d), Done: true, PainBefore: pain(3), PainDuring: pain(4),
			PainAfter: pain(4), LegSymptoms: "none", RedFlags: []string{}, Items: itemsOf(pl, d, true)}
		if i == 1 {
			l.PainAfter = pain(8) // a flare
		}
		if _, err := h.Srv.Progress.AddLog(ctx, uid, l); err != nil {
			t.Fatal(err)
		}
	}
	clk.Set(onDay(pl.Date(2, 1)))
	st, err := h.Srv.Progress.Current(ctx, uid, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Result.Adjustments) == 0 {
		t.Fatal("the flare changed nothing; this test needs the adaptation engine")
	}
	want := map[string]string{} // DTSTART -> "Back session, N min"
	changed := false
	for _, w := range st.Result.Weeks {
		for _, d := range w.Days {
			if d.Rest {
				continue
			}
			n, orig := 0, 0
			for _, it := range d.Items {
				n += it.Minutes
			}
			for _, it := range pl.Result.Weeks[w.Week-1].Days[d.Day-1].Items {
				orig += it.Minutes
			}
			changed = changed || n != orig
			want[pl.Date(w.Week, d.Day).Format("20060102")+"T073000"] = fmt.Sprintf("Back session\\, %d min", n)
		}
	}
	if !changed {
		t.Error("after a flare the adapted plan still has the original minutes on every day")
	}
	for _, e := range icsEvents(t, h.Get(nil, path).Body) {
		if w, ok := want[e["DTSTART"]]; ok && !strings.HasPrefix(e["SUMMARY"], w) {
			t.Errorf("%s: %q, want the adapted %q", e["DTSTART"], e["SUMMARY"], w)
		}
	}

	// A red flag reported with a session makes the plan a referral.
	d := session[0]
	clk.Set(onDay(pl.Date(2, d)).Add(10 * time.Hour))
	if _, err := h.Srv.Progress.AddLog(ctx, uid, coach.Log{Kind: coach.KindSession, Week: 2, Day: d, Date: planDate(pl, 2, d), Done: false,
		PainBefore: pain(6), LegSymptoms: "none", RedFlags: []string{"saddle_numbness"}, Items: []coach.LogItem{}}); err != nil {
		t.Fatal(err)
	}
	events := icsEvents(t, h.Get(nil, path).Body)
	if len(events) != 1 || !strings.Contains(events[0]["SUMMARY"], "see a clinician") {
		t.Errorf("after a red flag: %d events, first %v", len(events), events[0])
	}
	// (The session went idle while the clock moved on: log in again.)
	if r := h.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	if csv := h.Get(c, "/me/export/logs.csv").Body; !strings.Contains(csv, ",saddle_numbness,") {
		t.Errorf("the CSV lacks the red flag:\n%s", csv)
	}
	// Deleting the account ends the feed with everything else.
	if r := h.Form(c, "/me/delete", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}, "confirm": {"ann@example.org"}}); r.StatusCode != 200 {
		t.Fatalf("delete account: %d", r.StatusCode)
	}
	if r := h.Get(nil, path); r.StatusCode != 404 {
		t.Errorf("feed after the account was deleted: %d", r.StatusCode)
	}
}
