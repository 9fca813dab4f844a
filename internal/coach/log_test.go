package coach

import (
	"testing"
	"time"
)

func intp(n int) *int { return &n }

func TestCheckLog(t *testing.T) {
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	today := time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		kind        string
		week, day   int
		date, field string
	}{
		{KindSession, 3, 3, "2026-12-09", ""},
		{KindSession, 1, 1, "2026-11-23", ""},
		{KindSession, 3, 4, "2026-12-10", "date"}, // the future
		{KindSession, 1, 2, "2026-11-23", "date"}, // not that plan day
		{KindSession, 1, 1, "2026-11-22", "date"}, // before the plan
		{KindActivity, 0, 0, "2026-12-01", ""},
		{KindActivity, 0, 0, "2027-12-01", "date"},
	} {
		e := CheckLog(Log{Kind: tt.kind, Week: tt.week, Day: tt.day, Date: tt.date}, start, today)
		got := ""
		if len(e) > 0 {
			got = e[0].Field
		}
		if got != tt.field {
			t.Errorf("%s week %d day %d on %s: %v, want field %q", tt.kind, tt.week, tt.day, tt.date, e, tt.field)
		}
	}
	if e := CheckLog(Log{Kind: KindActivity, Date: "2027-03-01"}, start, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)); e.For("week") == "" {
		t.Errorf("a date after week 12 is outside the plan: %v", e)
	}
	if w, d, ok := PlanDay(start, today); !ok || w != 3 || d != 3 || !PlanDate(start, 3, 3).Equal(time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("PlanDay = %d %d %v", w, d, ok)
	}
}

func TestBreaksPainRule(t *testing.T) {
	for _, tt := range []struct {
		before, during, after, morning *int
		want                           bool
	}{
		{intp(3), intp(5), intp(5), intp(4), false},
		{intp(3), intp(6), nil, nil, true},
		{nil, nil, intp(6), nil, true},
		{intp(3), intp(4), intp(4), intp(5), true},
		{nil, intp(4), intp(4), intp(9), true},  // not settled by the morning
		{nil, intp(4), intp(4), intp(5), false}, // no baseline, and 5 is within the rule
		{intp(2), intp(4), intp(4), intp(3), false},
	} {
		for _, kind := range []string{KindSession, KindActivity} { // the back does not know which was planned
			l := Log{Kind: kind, PainBefore: tt.before, PainDuring: tt.during, PainAfter: tt.after, PainNextMorning: tt.morning}
			if got := l.BreaksPainRule(); got != tt.want {
				t.Errorf("%+v: %v, want %v", l, got, tt.want)
			}
		}
	}
}

func TestCheckLogAgainstPlan(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5}
	res := Plan(p, lib)
	day := res.Weeks[2].Days[0] // week 3, day 1: a session
	first := day.Items[0].Exercise
	for _, tt := range []struct {
		name  string
		kind  string
		week  int
		day   int
		items []LogItem
		field string
	}{
		{"planned items, done and skipped", KindSession, 3, 1, []LogItem{{Exercise: first, Done: true}, {Exercise: day.Items[1].Exercise, Skipped: "too_painful"}}, ""},
		{"an exercise swapped in and done", KindSession, 3, 1, []LogItem{{Exercise: "swimming", Minutes: 10, Done: true}}, ""},
		{"too painful on an exercise not planned that day", KindSession, 3, 1, []LogItem{{Exercise: first, Done: true}, {Exercise: "side-plank", Skipped: "too_painful"}}, "items[1].exercise"},
		{"skipped on an exercise not planned that day", KindSession, 3, 1, []LogItem{{Exercise: "cobra", Skipped: "skipped"}}, "items[0].exercise"},
		{"the same exercise twice", KindSession, 3, 1, []LogItem{{Exercise: first, Done: true}, {Exercise: first, Skipped: "too_painful"}}, "items[1].exercise"},
		{"done and too painful at once", KindSession, 3, 1, []LogItem{{Exercise: first, Done: true, Skipped: "too_painful"}}, "items[0].skipped"},
		{"a rest day", KindSession, 3, 7, nil, "day"},
		{"an activity is not checked", KindActivity, 3, 7, []LogItem{{Exercise: "cycling", Minutes: 20, Done: true}}, ""},
	} {
		e := CheckLogAgainstPlan(Log{Kind: tt.kind, Week: tt.week, Day: tt.day, Items: tt.items}, res)
		got := ""
		if len(e) > 0 {
			got = e[0].Field
		}
		if got != tt.field {
			t.Errorf("%s: %v, want field %q", tt.name, e, tt.field)
		}
	}
	if e := CheckLogAgainstPlan(Log{Kind: KindSession, Week: 1, Day: 1}, Result{Status: StatusReferred}); e.For("week") == "" {
		t.Errorf("a referral has no plan to log against: %v", e)
	}
}
