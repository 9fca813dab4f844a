package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
)

// The today page says the plan's changes in plain words and, when the
// coach asks for it, shows the re-screen notice first.
func TestTodayShowsAdjustmentsAndRescreen(t *testing.T) {
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://supple.test/")
	now := func() time.Time { return time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC) }
	s, err := New(Config{BaseURL: base}, Deps{Plans: plans.New(nil, lib, now), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	p := coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5,
		WorseWith: []string{"sitting"}, RedFlags: []string{}}
	res := coach.Plan(p, lib)
	res.Adjustments = []coach.Adjustment{{Week: 2, Change: coach.ChangeStepBack, Reason: "We eased week 2 back to week 1's level because your pain reached 7/10 after Monday's session."}}
	res.Rescreen, res.RescreenMessage = true, "Your leg symptoms spread further down the leg; please answer the warning-sign questions again."
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	st := &progress.State{Plan: &plans.Plan{Profile: p, Result: res, Start: start}, Result: res, Today: now(), Week: 2, Day: 2}
	b, err := s.renderBytes("today", &Page{Title: "Today", Data: s.todayFor(st, st.Today)})
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, w := range []string{"How your plan changed", "We eased week 2 back to week 1&#39;s level because your pain reached 7/10 after Monday&#39;s session.",
		"Please answer the warning-sign questions again", "Your leg symptoms spread further down the leg", `href="/me/rescreen"`, "Week 2, day 2"} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if i, j := strings.Index(page, "rescreen-notice"), strings.Index(page, "session-form"); i < 0 || j >= 0 && j < i {
		t.Error("the re-screen notice must come before the session")
	}
	// Without changes, neither appears.
	st.Result.Adjustments, st.Result.Rescreen = nil, false
	b, err = s.renderBytes("today", &Page{Title: "Today", Data: s.todayFor(st, st.Today)})
	if err != nil {
		t.Fatal(err)
	}
	if page := string(b); strings.Contains(page, "How your plan changed") || strings.Contains(page, "rescreen-notice") {
		t.Error("changes shown for a plan without any")
	}
}

func TestPainRuleTexts(t *testing.T) {
	n := func(v int) *int { return &v }
	tests := []struct {
		log  coach.Log
		want string
	}{
		{coach.Log{Kind: "session", PainBefore: n(2), PainDuring: n(3), PainAfter: n(7)}, "Pain 7/10 after is above 5: we have eased your next sessions"},
		{coach.Log{Kind: "session", PainBefore: n(2), PainDuring: n(6), PainAfter: n(5)}, "Pain 6/10 during the session is above 5"},
		{coach.Log{Kind: "session", PainBefore: n(2), PainDuring: n(5), PainAfter: n(5)}, "if it is above 5 out of 10, or 2 points or more above today’s 2 before,"},
		{coach.Log{Kind: "session", PainBefore: n(2), PainAfter: n(9), LegSymptoms: "further_down"}, "never an acceptable reaction"},
		{coach.Log{Kind: "session", PainBefore: n(2), RedFlags: []string{"fever_and_unwell"}}, "You ticked a warning sign"},
		{coach.Log{Kind: "session", PainBefore: n(2), PainAfter: n(3), Items: []coach.LogItem{{Exercise: "sphinx", Skipped: "too_painful"}}}, "You marked an exercise as too painful"},
		// Pain already above 5 before: judged against it (coach.BreaksPainRule).
		{coach.Log{Kind: "session", PainBefore: n(6), PainDuring: n(6), PainAfter: n(6)}, "did not rise by 2 points or more: within the pain rule"},
		{coach.Log{Kind: "session", PainBefore: n(6), PainDuring: n(7), PainAfter: n(8)}, "rose from 6/10 before to 8/10: we have eased your next sessions"},
	}
	started := coach.Profile{PainNow: 6} // no log below is far above it
	for _, tt := range tests {
		if got := sessionThanks(started, tt.log); !strings.Contains(got, tt.want) {
			t.Errorf("sessionThanks(%+v) = %q, want %q", tt.log, got, tt.want)
		}
	}
	for _, tt := range []struct {
		before, morning int
		want            string
	}{
		{3, 5, "2 points above the 3/10 before the session: we have eased your next sessions"},
		{3, 4, "it settled within the pain rule"},
		{5, 2, "it settled within the pain rule"},
		{5, 6, "has not settled to 5/10 or less: we have eased your next sessions"},
		{6, 6, "back to the 6/10 you started with"},
		{6, 7, "above the 6/10 before the session: we have eased your next sessions"},
	} {
		if got := morningThanks(started, coach.Log{PainBefore: n(tt.before), PainNextMorning: n(tt.morning)}); !strings.Contains(got, tt.want) {
			t.Errorf("morning %d after %d: %q", tt.morning, tt.before, got)
		}
	}
	// Severe pain that is the level the plan began at, eased by the
	// session, is within the rule for this person, as the plan judges it.
	if p, l := (coach.Profile{PainNow: 8}), (coach.Log{Kind: "session", PainBefore: n(8), PainDuring: n(7), PainAfter: n(7)}); coach.BreaksPainRuleFor(p, l) ||
		!strings.Contains(sessionThanks(p, l), "within the pain rule for you") {
		t.Errorf("8/10 at the start, eased to 7: %q", sessionThanks(p, l))
	}
	// What the plan counts as a flare for this person, the page says so
	// too: resting pain well above where they started, or 8/10 or more.
	eased := "we have eased your next sessions, and ask you to answer the warning-sign questions again"
	for _, tt := range []struct {
		name    string
		started int
		log     coach.Log
		morning bool
	}{
		{"jump above the start", 3, coach.Log{Kind: "session", PainBefore: n(7), PainDuring: n(7), PainAfter: n(7)}, false},
		{"morning jump above the start", 2, coach.Log{PainBefore: n(3), PainNextMorning: n(4)}, true},
		{"severe morning pain", 7, coach.Log{PainBefore: n(7), PainNextMorning: n(8)}, true},
	} {
		p := coach.Profile{PainNow: tt.started}
		if !coach.BreaksPainRuleFor(p, tt.log) {
			t.Fatalf("%s: the plan does not count it as a flare", tt.name)
		}
		got := sessionThanks(p, tt.log)
		if tt.morning {
			got = morningThanks(p, tt.log)
		}
		if !strings.Contains(got, eased) || strings.Contains(got, "within the pain rule") {
			t.Errorf("%s: %q", tt.name, got)
		}
	}
	for _, tt := range []struct {
		base, now int
		want      string
	}{
		{4, 2, "Pain 2/10, against 4/10 at the start: 2 points less, a meaningful change."},
		{10, 7, "Pain 7/10, against 10/10 at the start: 3 points less, a meaningful change."},
		{8, 7, "Pain 7/10, against 8/10 at the start. A meaningful change would be 2 points or 30% less (6/10 or lower)."},
		{10, 9, "A meaningful change would be 2 points or 30% less (8/10 or lower)."},
		{3, 3, "Pain 3/10, the same as at the start. A meaningful change would be 2 points or 30% less (2/10 or lower)."},
		{3, 5, "Pain 5/10, against 3/10 at the start: 2 points more."},
		{0, 0, "Pain 0/10, the same as at the start."},
	} {
		got := painChange(tt.base, tt.now).Text
		if !strings.Contains(got, tt.want) || (tt.base == 0 && strings.Contains(got, "meaningful")) {
			t.Errorf("pain %d -> %d: %q", tt.base, tt.now, got)
		}
	}
}
