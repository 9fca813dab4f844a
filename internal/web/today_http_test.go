package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"supple/internal/servertest"
)

var (
	itemFieldRE    = regexp.MustCompile(`name="(item_\d+)" value="done"`)
	minutesFieldRE = regexp.MustCompile(`name="(item_\d+_minutes)"`)
	dateFieldRE    = regexp.MustCompile(`name="date" value="([0-9-]+)"`)
)

// sessionAnswers fills every question of today's session form: pain 3
// before, every item done, pain 4 during and after, no leg symptoms.
func sessionAnswers(t *testing.T, page string) url.Values {
	t.Helper()
	d := dateFieldRE.FindStringSubmatch(page)
	items := itemFieldRE.FindAllStringSubmatch(page, -1)
	if d == nil || len(items) == 0 {
		t.Fatalf("no session form on the page:\n%s", servertest.ErrorText(page))
	}
	v := url.Values{"date": {d[1]}, "pain_before": {"3"}, "pain_during": {"4"}, "pain_after": {"4"},
		"leg_symptoms": {"none"}, "new_numbness": {"no"}, "note": {"Felt stiff at first."}}
	for _, m := range items {
		v.Set(m[1], "done")
	}
	for _, m := range minutesFieldRE.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], "12")
	}
	return v
}

func TestTodayNeedsAMemberAndAPlan(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, path := range []string{"/me/today", "/me/activity", "/me/checkin", "/me/rescreen"} {
		r := h.Get(nil, path)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next="+url.QueryEscape(path) {
			t.Errorf("anonymous %s: %d %s", path, r.StatusCode, r.Header.Get("Location"))
		}
		if r := h.Form(nil, path, url.Values{}); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("anonymous POST %s: %d", path, r.StatusCode)
		}
	}
	m := h.Member("noplan@example.org", servertest.NoPlan())
	for _, path := range []string{"/me/today", "/me/activity", "/me/checkin", "/me/rescreen"} {
		r := h.Get(m.Client, path)
		if r.StatusCode != 200 || !strings.Contains(r.Body, "You have no plan yet") || !strings.Contains(r.Body, `href="/start"`) {
			t.Errorf("%s without a plan: %d", path, r.StatusCode)
		}
	}
	if r := m.Post("/me/today", url.Values{"pain_before": {"3"}}); r.StatusCode != 200 || !strings.Contains(r.Body, "You have no plan yet") {
		t.Errorf("POST without a plan: %d", r.StatusCode)
	}
}

func TestTodayShowsTheSession(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	page := h.Get(m.Client, "/me/today")
	if page.StatusCode != 200 {
		t.Fatalf("today: %d", page.StatusCode)
	}
	for _, want := range []string{
		"<h1>Week 1, day 1</h1>", `<a href="/me/today">Today</a>`, "Sphinx", `role="img"`, "Lie face down on a firm surface", // picture, steps
		"3 × 20 s hold", // dose
		`name="pain_before"`, `name="pain_during"`, `name="pain_after"`, `value="further_down"`, `name="new_numbness"`,
		"Numbness or tingling between the legs or around the genitals or back passage", // warning signs in plain words
		`<span class="visually-hidden"> (worst imaginable)</span>`, `<legend>How is your back right now?</legend>`,
		`data-timer="hold"`, `data-hold="20"`, `data-timer="aerobic"`, `id="player" hidden`, "session.js",
		"Take a 2-minute baseline so we can show change later", `href="/me/activity"`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("today lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "How is your back this morning?") {
		t.Error("no morning question before any session")
	}
	// Day 1, minutes after signing up: a baseline, after the session, not
	// "this week's check-in" above it (UX M6).
	if strings.Contains(page.Body, "Time for this week’s check-in") {
		t.Error("day 1 calls the first check-in this week's")
	}
	if b, s := strings.Index(page.Body, "2-minute baseline"), strings.Index(page.Body, `id="session-form"`); b < s {
		t.Errorf("the baseline offer (at %d) comes before the session (at %d)", b, s)
	}
	if page.Header.Get("Cache-Control") != "no-store" {
		t.Error("today must not be cached")
	}
}

// The plain form, end to end: every bad answer re-renders the form with
// a message at its question and every answer kept, and stores nothing.
func TestTodaySessionForm(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	good := sessionAnswers(t, h.Get(m.Client, "/me/today").Body)
	var aerobic string
	for k := range good {
		if strings.HasSuffix(k, "_minutes") {
			aerobic = k
		}
	}
	if aerobic == "" {
		t.Fatal("day 1 has no aerobic item")
	}
	tests := []struct {
		name   string
		change func(url.Values)
		status int
		want   string // the message
		field  string // where it is shown
	}{
		{"pain before missing", func(v url.Values) { v.Del("pain_before") }, 422, "Please choose how your back felt before the session", "e-pain_before"},
		{"pain after 11", func(v url.Values) { v.Set("pain_after", "11") }, 422, "Pain is a whole number from 0 (no pain) to 10", "e-pain_after"},
		{"pain during -1", func(v url.Values) { v.Set("pain_during", "-1") }, 422, "Pain is a whole number from 0 (no pain) to 10", "e-pain_during"},
		{"pain during text", func(v url.Values) { v.Set("pain_during", "bad") }, 422, "Pain is a whole number", "e-pain_during"},
		{"pain after missing", func(v url.Values) { v.Del("pain_after") }, 422, "Please choose how your back feels now", "e-pain_after"},
		{"item unanswered", func(v url.Values) { v.Del("item_0") }, 422, "Please say whether you did Sphinx", "e-item_0"},
		{"item answer unknown", func(v url.Values) { v.Set("item_0", "maybe") }, 422, "Please choose done, skipped or too painful for Sphinx", "e-item_0"},
		{"minutes 0", func(v url.Values) { v.Set(aerobic, "0") }, 422, "Minutes are a whole number from 1 to 600", "e-" + aerobic},
		{"minutes 601", func(v url.Values) { v.Set(aerobic, "601") }, 422, "Minutes are a whole number from 1 to 600", "e-" + aerobic},
		{"minutes missing", func(v url.Values) { v.Set(aerobic, "") }, 422, "Please enter how many minutes", "e-" + aerobic},
		{"leg symptoms missing", func(v url.Values) { v.Del("leg_symptoms") }, 422, "Please say what your leg symptoms did", "e-leg_symptoms"},
		{"leg symptoms unknown", func(v url.Values) { v.Set("leg_symptoms", "sideways") }, 422, "Please choose one of the answers about leg symptoms", "e-leg_symptoms"},
		{"numbness missing", func(v url.Values) { v.Del("new_numbness") }, 422, "Please answer yes or no", "e-new_numbness"},
		{"unknown warning sign", func(v url.Values) { v.Add("red_flags", "headache") }, 422, "Please tick only warning signs from the list", "e-red_flags"},
		{"note too long", func(v url.Values) { v.Set("note", strings.Repeat("a", 1001)) }, 422, "Note is longer than 1000 characters", "e-note"},
		{"date in the future", func(v url.Values) { v.Set("date", "2026-11-24") }, 422, "Date 2026-11-24 is in the future", "e-date"},
		{"date not a day", func(v url.Values) { v.Set("date", "yesterday") }, 422, "is not a day", "e-date"},
		{"date before the plan", func(v url.Values) { v.Set("date", "2026-11-01") }, 422, "There is no session planned on 1 November 2026", "e-date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := servertest.Clone(good)
			tt.change(v)
			r := m.Post("/me/today", v)
			if r.StatusCode != tt.status || !strings.Contains(r.Body, tt.want) {
				t.Fatalf("%d, want %d with %q\n%s", r.StatusCode, tt.status, tt.want, servertest.ErrorText(r.Body))
			}
			if !strings.Contains(r.Body, `id="`+tt.field+`"`) {
				t.Errorf("the message is not shown at its question (%s)", tt.field)
			}
			if !strings.Contains(r.Body, `class="error page-alert" role="alert"`) {
				t.Error("no summary at the top")
			}
			// Every other answer is kept.
			for name, val := range map[string]string{"pain_before": "3", "pain_during": "4", "pain_after": "4"} {
				if v.Get(name) == val && !strings.Contains(r.Body, `name="`+name+`" value="`+val+`" checked`) {
					t.Errorf("%s=%s not kept", name, val)
				}
			}
			if v.Get("note") == "Felt stiff at first." && !strings.Contains(r.Body, ">Felt stiff at first.</textarea>") {
				t.Error("note not kept")
			}
			if v.Get("leg_symptoms") == "none" && !strings.Contains(r.Body, `name="leg_symptoms" value="none" checked`) {
				t.Error("leg answer not kept")
			}
			if !strings.Contains(r.Body, `data-errors="true"`) {
				t.Error("the form does not tell the player to stay plain after an error")
			}
			if n := len(m.Logs()); n != 0 {
				t.Errorf("%d logs stored from a bad form", n)
			}
		})
	}

	// Without the form token, or with a wrong one, nothing is stored.
	for _, tok := range []string{"", "wrong"} {
		v := servertest.Clone(good)
		v.Set("csrf", tok)
		if tok == "" {
			v.Del("csrf")
			if r := h.Form(m.Client, "/me/today", v); r.StatusCode != http.StatusForbidden {
				t.Errorf("no form token: %d", r.StatusCode)
			}
			continue
		}
		if r := h.Form(m.Client, "/me/today", v); r.StatusCode != http.StatusForbidden {
			t.Errorf("wrong form token: %d", r.StatusCode)
		}
	}
	if n := len(m.Logs()); n != 0 {
		t.Fatalf("%d logs stored without a form token", n)
	}

	// A good form: stored once, with a thank-you that explains the rule.
	v := servertest.Clone(good)
	v.Set("pain_after", "7")
	v.Set("item_0", "too_painful")
	r := m.Post("/me/today", v)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/me/today?logged=") {
		t.Fatalf("good form: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), servertest.ErrorText(r.Body))
	}
	thanks := h.Get(m.Client, r.Header.Get("Location"))
	for _, want := range []string{"Thank you: your session is logged.", "Pain 7/10 after is above 5: we have eased your next sessions", "Today’s session is logged", "Pain before: 3/10; during: 4/10; after: 7/10"} {
		if !strings.Contains(thanks.Body, want) {
			t.Errorf("after logging, today lacks %q", want)
		}
	}
	if strings.Contains(thanks.Body, `id="session-form"`) {
		t.Error("the form is still offered after logging")
	}
	logs := m.Logs()
	if len(logs) != 1 {
		t.Fatalf("%d logs, want 1", len(logs))
	}
	l := logs[0]
	if l.Kind != "session" || l.Week != 1 || l.Day != 1 || l.Date != "2026-11-23" || !l.Done || *l.PainBefore != 3 || *l.PainDuring != 4 || *l.PainAfter != 7 ||
		l.PainNextMorning != nil || l.LegSymptoms != "none" || l.NewNumbnessOrWeakness || len(l.RedFlags) != 0 || l.Note != "Felt stiff at first." {
		t.Errorf("stored log: %+v", l)
	}
	if len(l.Items) != 2 || l.Items[0].Exercise != "sphinx" || l.Items[0].Done || l.Items[0].Skipped != "too_painful" || !l.Items[1].Done {
		t.Errorf("stored items: %+v", l.Items)
	}
	for _, it := range l.Items {
		if it.Exercise == "brisk-walking" && it.Minutes != 12 {
			t.Errorf("walking minutes %d, want the 12 answered", it.Minutes)
		}
	}

	// The same day again: a clear message, nothing stored twice.
	r = m.Post("/me/today", good)
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "already in your log, so nothing was stored twice") {
		t.Errorf("duplicate: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	// A second tab with a bad answer: the day is already logged, and
	// that is what the member needs to hear.
	bad := servertest.Clone(good)
	bad.Set("pain_after", "11")
	if r := m.Post("/me/today", bad); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "already in your log") {
		t.Errorf("duplicate with a bad answer: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if n := len(m.Logs()); n != 1 {
		t.Errorf("%d logs after a duplicate, want 1", n)
	}
}

func TestSessionThanksFollowThePainRule(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	tests := []struct {
		name   string
		change func(url.Values)
		want   string
	}{
		{"within the rule", func(url.Values) {}, "Pain stayed within the pain rule: up to 5 out of 10 during and after is fine if it settles by the next morning. Tomorrow morning we will ask how your back feels: if it is above 5 out of 10, or 2 points or more above today’s 3 before, we will ease your next sessions."},
		{"during above 5", func(v url.Values) { v.Set("pain_during", "6") }, "Pain 6/10 during the session is above 5: we have eased your next sessions"},
		{"spreading down the leg", func(v url.Values) { v.Set("leg_symptoms", "further_down") }, "never an acceptable reaction"},
		{"new numbness", func(v url.Values) { v.Set("new_numbness", "yes") }, "answer the warning-sign questions again"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := h.Member("p" + string(rune('a'+i)) + "@example.org")
			v := sessionAnswers(t, h.Get(m.Client, "/me/today").Body)
			tt.change(v)
			r := m.Post("/me/today", v)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
			}
			if page := h.Get(m.Client, r.Header.Get("Location")).Body; !strings.Contains(page, tt.want) {
				t.Errorf("thank-you lacks %q", tt.want)
			}
		})
	}
}

// The next morning, today asks how the back is; only for the member's
// own log, from the day after, up to three days.
func TestNextMorningCheckin(t *testing.T) {
	t.Parallel()
	c := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(c))
	m := h.Member("ann@example.org")
	other := h.Member("bob@example.org")
	if r := m.Post("/me/today", sessionAnswers(t, h.Get(m.Client, "/me/today").Body)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("log: %d", r.StatusCode)
	}
	id := m.Logs()[0].ID
	path := "/me/logs/" + itoa64(id) + "/morning"
	// The same day: not offered, and refused.
	if page := h.Get(m.Client, "/me/today").Body; strings.Contains(page, "How is your back this morning?") {
		t.Error("morning question on the day of the session")
	}
	if r := m.Post(path, url.Values{"pain_next_morning": {"3"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "opens the day after the session") {
		t.Errorf("same day: %d", r.StatusCode)
	}
	c.Set(servertest.Day(1))
	page := h.Get(m.Client, "/me/today").Body
	if !strings.Contains(page, "How is your back this morning?") || !strings.Contains(page, `action="`+path+`"`) || !strings.Contains(page, "(pain before: 3/10)") {
		t.Fatalf("no morning question the next day:\n%s", page[strings.Index(page, "<main"):][:800])
	}
	for _, tt := range []struct {
		name   string
		who    *servertest.Member
		path   string
		v      url.Values
		status int
		want   string
	}{
		{"missing", m, path, url.Values{}, 422, "Please choose how your back is this morning"},
		{"11", m, path, url.Values{"pain_next_morning": {"11"}}, 422, "Pain is a whole number from 0"},
		{"text", m, path, url.Values{"pain_next_morning": {"ok"}}, 422, "Pain is a whole number from 0"},
		{"another member's log", other, path, url.Values{"pain_next_morning": {"3"}}, 404, "Page not found"},
		{"no such log", m, "/me/logs/999999/morning", url.Values{"pain_next_morning": {"3"}}, 404, "Page not found"},
		{"not an id", m, "/me/logs/abc/morning", url.Values{"pain_next_morning": {"3"}}, 404, "Page not found"},
		{"no form token", m, path, url.Values{"pain_next_morning": {"3"}, "csrf": {"wrong"}}, 403, "did not come from this site"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.who.Post(tt.path, tt.v)
			if r.StatusCode != tt.status || !strings.Contains(r.Body, tt.want) {
				t.Errorf("%d, want %d with %q", r.StatusCode, tt.status, tt.want)
			}
			if l := m.Logs()[0]; l.PainNextMorning != nil {
				t.Errorf("stored %d", *l.PainNextMorning)
			}
		})
	}
	r := m.Post(path, url.Values{"pain_next_morning": {"6"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/today?morning="+itoa64(id) {
		t.Fatalf("morning: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if page := h.Get(m.Client, r.Header.Get("Location")).Body; !strings.Contains(page, "Pain 6/10 this morning is 3 points above the 3/10 before the session: we have eased your next sessions.") ||
		strings.Contains(page, "How is your back this morning?") {
		t.Error("after the morning answer")
	}
	if l := m.Logs()[0]; l.PainNextMorning == nil || *l.PainNextMorning != 6 || *l.PainAfter != 4 {
		t.Errorf("stored: %+v", l)
	}
	// Four days after a session, the question is no longer asked.
	m2 := h.Member("cat@example.org") // a plan that starts today, day 1
	if r := m2.Post("/me/today", sessionAnswers(t, h.Get(m2.Client, "/me/today").Body)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("m2 log: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	for day, want := range map[int]bool{1: true, 3: true, 4: false} {
		c.Set(servertest.Day(1 + day))
		if got := strings.Contains(h.Get(m2.Client, "/me/today").Body, "How is your back this morning?"); got != want {
			t.Errorf("%d days after: asked %v, want %v", day, got, want)
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func TestActivityForm(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	page := h.Get(m.Client, "/me/activity").Body
	for _, want := range []string{`<option value="cycling">Cycling</option>`, `<option value="brisk-walking">`, `value="2026-11-23"`, `max="2026-11-23"`, `name="pain_after"`} {
		if !strings.Contains(page, want) {
			t.Errorf("activity form lacks %q", want)
		}
	}
	if strings.Contains(page, `value="sit-up"`) || strings.Contains(page, `value="cat-cow"`) {
		t.Error("only aerobic activities are offered")
	}
	good := url.Values{"activity": {"cycling"}, "minutes": {"25"}, "date": {"2026-11-23"}}
	for _, tt := range []struct {
		name, field, value, want string
	}{
		{"no activity", "activity", "", "Please choose the activity you did"},
		{"not aerobic", "activity", "sit-up", "Please choose the activity you did"},
		{"minutes missing", "minutes", "", "Please enter how many minutes it lasted"},
		{"minutes 0", "minutes", "0", "Minutes are a whole number from 1 to 600"},
		{"minutes 601", "minutes", "601", "Minutes are a whole number from 1 to 600"},
		{"minutes text", "minutes", "lots", "Minutes are a whole number from 1 to 600"},
		{"future date", "date", "2026-11-24", "That day is in the future"},
		{"not a date", "date", "23/11/2026", "Please enter the day as YYYY-MM-DD"},
		{"before the plan", "date", "2026-11-01", "That day is before your plan started (23 November 2026)"},
		{"pain after 11", "pain_after", "11", "Pain is a whole number from 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := servertest.Clone(good)
			v.Set(tt.field, tt.value)
			r := m.Post("/me/activity", v)
			if r.StatusCode != 422 || !strings.Contains(r.Body, tt.want) || !strings.Contains(r.Body, `id="e-`+tt.field+`"`) {
				t.Fatalf("%d, want 422 with %q at %s\n%s", r.StatusCode, tt.want, tt.field, servertest.ErrorText(r.Body))
			}
			if tt.field != "minutes" && !strings.Contains(r.Body, `value="25"`) {
				t.Error("minutes not kept")
			}
			if n := len(m.Logs()); n != 0 {
				t.Errorf("%d logs stored", n)
			}
		})
	}
	v := servertest.Clone(good)
	v.Set("pain_after", "2")
	r := m.Post("/me/activity", v)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/me/today?activity=") {
		t.Fatalf("good activity: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if page := h.Get(m.Client, r.Header.Get("Location")).Body; !strings.Contains(page, "Thank you: 25 minutes of cycling on Monday 23 November are in your log.") {
		t.Error("no thank-you for the activity")
	}
	logs := m.Logs()
	if len(logs) != 1 || logs[0].Kind != "activity" || logs[0].Date != "2026-11-23" || logs[0].Minutes() != 25 || logs[0].Items[0].Exercise != "cycling" || *logs[0].PainAfter != 2 {
		t.Errorf("stored: %+v", logs)
	}
	// An activity does not take the day's session slot.
	if page := h.Get(m.Client, "/me/today").Body; !strings.Contains(page, `id="session-form"`) {
		t.Error("the session is no longer offered after an activity")
	}
	if r := h.Form(m.Client, "/me/activity", good); r.StatusCode != http.StatusForbidden {
		t.Errorf("no form token: %d", r.StatusCode)
	}
}

func TestWeeklyCheckin(t *testing.T) {
	t.Parallel()
	c := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(c))
	m := h.Member("ann@example.org")
	page := h.Get(m.Client, "/me/checkin").Body
	for _, want := range []string{"How are you doing in week 1?", `name="pain"`, `name="psfs_0_activity"`, `name="psfs_2_score"`, "0 = unable", "10 = as before the problem"} {
		if !strings.Contains(page, want) {
			t.Errorf("check-in lacks %q", want)
		}
	}
	good := url.Values{"pain": {"2"}, "psfs_0_activity": {"Putting on socks"}, "psfs_0_score": {"4"}, "psfs_1_activity": {"Sitting through a film"}, "psfs_1_score": {"5"}}
	for _, tt := range []struct {
		name   string
		change func(url.Values)
		field  string
		want   string
	}{
		{"pain missing", func(v url.Values) { v.Del("pain") }, "pain", "Please choose how bad your back pain is now"},
		{"pain 11", func(v url.Values) { v.Set("pain", "11") }, "pain", "Please choose a whole number from 0 to 10"},
		{"score missing", func(v url.Values) { v.Del("psfs_1_score") }, "psfs_1_score", "Please choose how well you can do “Sitting through a film” now"},
		{"score 11", func(v url.Values) { v.Set("psfs_0_score", "11") }, "psfs_0_score", "Please choose a whole number from 0 to 10"},
		{"score without an activity", func(v url.Values) { v.Set("psfs_2_score", "3") }, "psfs_2_activity", "Please name the activity you scored"},
		{"activity too long", func(v url.Values) { v.Set("psfs_0_activity", strings.Repeat("x", 81)) }, "psfs_0_activity", "An activity name has at most 80 characters"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := servertest.Clone(good)
			tt.change(v)
			r := m.Post("/me/checkin", v)
			if r.StatusCode != 422 || !strings.Contains(r.Body, tt.want) || !strings.Contains(r.Body, `id="e-`+tt.field+`"`) {
				t.Fatalf("%d, want 422 with %q at %s\n%s", r.StatusCode, tt.want, tt.field, servertest.ErrorText(r.Body))
			}
			if tt.field != "psfs_1_score" && !strings.Contains(r.Body, `value="Sitting through a film"`) {
				t.Error("activity name not kept")
			}
			if st, _ := h.Srv.Progress.Current(context.Background(), m.ID, ""); len(st.Checkins) != 0 {
				t.Error("a bad check-in was stored")
			}
		})
	}
	if r := m.Post("/me/checkin", good); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/checkin?done=1" {
		t.Fatalf("check-in: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	page = h.Get(m.Client, "/me/checkin?done=1").Body
	for _, want := range []string{"Thank you: this week’s check-in is saved.", "Pain 2/10, against 4/10 at the start: 2 points less, a meaningful change.", "Your activities on average", "This is your starting point; later check-ins are compared with it.", "about 2 points or 30%", "This week’s check-in is done"} {
		if !strings.Contains(page, want) {
			t.Errorf("after the check-in, page lacks %q", want)
		}
	}
	if r := m.Post("/me/checkin", good); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "nothing was stored twice") {
		t.Errorf("second check-in in a week: %d", r.StatusCode)
	}
	stale := servertest.Clone(good)
	stale.Set("pain", "")
	if r := m.Post("/me/checkin", stale); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "nothing was stored twice") {
		t.Errorf("second check-in in a week with a blank answer: %d", r.StatusCode)
	}
	if strings.Contains(h.Get(m.Client, "/me/today").Body, "Time for this week’s check-in") {
		t.Error("check-in still offered after this week's")
	}
	// Week 2: the same activities, scored again, against the first.
	c.Set(servertest.Day(4))
	h.Get(m.Client, "/me/today") // keep the session alive
	c.Set(servertest.Day(7))
	if !strings.Contains(h.Get(m.Client, "/me/today").Body, "Time for this week’s check-in") {
		t.Error("no check-in offered in week 2")
	}
	page = h.Get(m.Client, "/me/checkin").Body
	if !strings.Contains(page, `How well can you do “Putting on socks” now?`) || strings.Contains(page, `name="psfs_2_activity"`) {
		t.Error("week 2 does not keep the first check-in's activities")
	}
	r := m.Post("/me/checkin", url.Values{"pain": {"3"}, "psfs_0_activity": {"Something else"}, "psfs_0_score": {"8"}, "psfs_1_activity": {"Sitting through a film"}, "psfs_1_score": {"6"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("week 2: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	page = h.Get(m.Client, "/me/checkin").Body
	for _, want := range []string{"Putting on socks: 8/10 now (first check-in: 4/10)", "4 points better, a meaningful change (3 points on one activity counts).",
		"Sitting through a film: 6/10 now (first check-in: 5/10)", "1 point better; 3 points on one activity counts as a clear change.",
		"Your activities 7.0/10 on average, against 4.5/10 at the first check-in: 2.5 points higher, a meaningful change.",
		"Pain 3/10, against 4/10 at the start. A meaningful change would be 2 points or 30% less (2/10 or lower)."} {
		if !strings.Contains(page, want) {
			t.Errorf("week 2 lacks %q", want)
		}
	}
	if strings.Contains(page, "This is your starting point") {
		t.Error("week 2 still calls the activities the starting point")
	}
}

// A rest day says so and offers the activity form; no session can be
// logged on it.
func TestTodayOnARestDay(t *testing.T) {
	t.Parallel()
	c := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(c))
	m := h.Member("ann@example.org")
	st, err := h.Srv.Progress.Current(context.Background(), m.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	rest := -1
	for i, d := range st.Result.Weeks[0].Days {
		if d.Rest {
			rest = i
			break
		}
	}
	if rest < 0 {
		t.Fatal("week 1 has no rest day")
	}
	form := sessionAnswers(t, h.Get(m.Client, "/me/today").Body)
	c.Set(servertest.Day(rest))
	page := h.Get(m.Client, "/me/today").Body
	if !strings.Contains(page, "Today is a rest day") || !strings.Contains(page, `<a class="button" href="/me/activity">`) || strings.Contains(page, `id="session-form"`) {
		t.Error("rest day page")
	}
	form.Set("date", c.Now().Format(time.DateOnly))
	if r := m.Post("/me/today", form); r.StatusCode != 422 || !strings.Contains(r.Body, "There is no session planned on") {
		t.Errorf("a session on a rest day: %d", r.StatusCode)
	}
	if n := len(m.Logs()); n != 0 {
		t.Errorf("%d logs", n)
	}
}

// A warning sign ticked with a session is stored and answered with the
// referral at once.
func TestSessionWithAWarningSignRefers(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	v := sessionAnswers(t, h.Get(m.Client, "/me/today").Body)
	v.Add("red_flags", "bladder_or_bowel_change")
	r := m.Post("/me/today", v)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Please get medical help now") || !strings.Contains(r.Body, "new trouble controlling or feeling your bladder or bowels") {
		t.Errorf("a warning sign: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if logs := m.Logs(); len(logs) != 1 || len(logs[0].RedFlags) != 1 || logs[0].RedFlags[0] != "bladder_or_bowel_change" {
		t.Errorf("stored: %+v", logs)
	}
}

func TestRescreen(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	page := h.Get(m.Client, "/me/rescreen").Body
	for _, want := range []string{`name="red_flags_emergency" value="saddle_numbness"`, `name="red_flags_urgent" value="cancer_history"`, "New numbness or tingling between your legs"} {
		if !strings.Contains(page, want) {
			t.Errorf("re-screen lacks %q", want)
		}
	}
	if r := m.Post("/me/rescreen", url.Values{"red_flags_urgent": {"headache"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "Please tick only signs from the lists") {
		t.Errorf("unknown sign: %d", r.StatusCode)
	}
	if r := h.Form(m.Client, "/me/rescreen", url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("no form token: %d", r.StatusCode)
	}
	r := m.Post("/me/rescreen", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/today?done=rescreen" {
		t.Fatalf("no signs: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if page := h.Get(m.Client, r.Header.Get("Location")).Body; !strings.Contains(page, "None of them applies, so your plan goes on") {
		t.Error("no thank-you after the re-screen")
	}
	r = m.Post("/me/rescreen", url.Values{"red_flags_emergency": {"saddle_numbness"}})
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Please get medical help now") || !strings.Contains(r.Body, "numbness or tingling between the legs") {
		t.Errorf("a sign: %d", r.StatusCode)
	}
}

// TestTodayEasesTheDayAfterAFlare: pain above 5 after Monday's session
// eases Tuesday's session at once, and asks for the warning signs again
// (clinical.md 5.5; issue 11).
func TestTodayEasesTheDayAfterAFlare(t *testing.T) {
	t.Parallel()
	c := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(c))
	m := h.Member("ann@example.org") // a plan that starts today, day 1
	leadRE := regexp.MustCompile(`· (\d+) minutes, `)
	minutesOn := func() int {
		t.Helper()
		page := h.Get(m.Client, "/me/today").Body
		got := leadRE.FindStringSubmatch(page)
		if got == nil {
			t.Fatalf("no session minutes on today's page:\n%s", servertest.ErrorText(page))
		}
		n, _ := strconv.Atoi(got[1])
		return n
	}
	c.Set(servertest.Day(1))
	planned := minutesOn() // day 2 as planned
	c.Set(servertest.Day(0))
	v := sessionAnswers(t, h.Get(m.Client, "/me/today").Body)
	v.Set("pain_after", "8")
	if r := m.Post("/me/today", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("log: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	c.Set(servertest.Day(1))
	eased := minutesOn()
	if eased > planned*7/10 || eased == 0 {
		t.Errorf("the day after a flare has %d minutes; want at most 70%% of the planned %d", eased, planned)
	}
	page := h.Get(m.Client, "/me/today").Body
	for _, want := range []string{"We eased the sessions left in week 1", "8/10 after the session", "answer the warning-sign questions again"} {
		if !strings.Contains(page, want) {
			t.Errorf("today's page after a flare lacks %q", want)
		}
	}
}
