package progress_test

import (
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
)

// summaryFixture is a member in week 3 of a plan, with the days of week
// 1 that are a session and a rest day.
type summaryFixture struct {
	lib                 *coach.Library
	res                 coach.Result
	start               time.Time
	sessionDay, restDay int
	prof                coach.Profile
}

func newSummaryFixture(t *testing.T) summaryFixture {
	t.Helper()
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	f := summaryFixture{lib: lib, start: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC), sessionDay: -1, restDay: -1,
		prof: coach.Profile{Age: 46, PainNow: 6, DurationWeeks: 16, LegPain: "none", WorseWith: []string{"sitting"}, ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5}}
	f.res = coach.Plan(f.prof, lib)
	for i, d := range f.res.Weeks[0].Days {
		if d.Rest && f.restDay < 0 {
			f.restDay = i
		}
		if !d.Rest && f.sessionDay < 0 {
			f.sessionDay = i
		}
	}
	return f
}

func (f summaryFixture) date(n int) string { return f.start.AddDate(0, 0, n).Format(time.DateOnly) }

func (f summaryFixture) state(today int, logs []coach.Log, cs []progress.Checkin) *progress.State {
	w, d, _ := coach.PlanDay(f.start, f.start.AddDate(0, 0, today))
	return &progress.State{Plan: &plans.Plan{Profile: f.prof, Result: f.res, Start: f.start}, Logs: logs, Checkins: cs, Result: f.res,
		Today: f.start.AddDate(0, 0, today), Week: w, Day: d}
}

// session is a session log of plan day n (from 0) with exercises marked
// done or not.
func (f summaryFixture) session(n int, done bool, items ...bool) coach.Log {
	l := coach.Log{Kind: coach.KindSession, Week: n/7 + 1, Day: n%7 + 1, Date: f.date(n), Done: done, Items: []coach.LogItem{}}
	for i, d := range items {
		l.Items = append(l.Items, coach.LogItem{Exercise: []string{"bird-dog", "cat-camel", "glute-bridge", "dead-bug"}[i%4], Minutes: 5, Done: d})
	}
	return l
}

// A partly done session counts for the share of its exercises done, in
// the sessions done, the adherence and the week's count.
func TestSummarizeCountsPartlyDoneSessions(t *testing.T) {
	f := newSummaryFixture(t)
	day := f.sessionDay
	for _, tt := range []struct {
		name         string
		log          coach.Log
		done         float64
		full, partly int
		adherence    int
		status       progress.DayStatus
	}{
		{"two of four exercises", f.session(day, false, true, true, false, false), 0.5, 0, 1, 50, progress.DayPartly},
		{"marked done, one of four skipped", f.session(day, true, true, true, true, false), 0.75, 0, 1, 75, progress.DayPartly},
		{"all done", f.session(day, true, true, true, true, true), 1, 1, 0, 100, progress.DayDone},
		{"done without exercises", f.session(day, true), 1, 1, 0, 100, progress.DayDone},
		{"none done", f.session(day, false, false, false), 0, 0, 0, 0, progress.DayMissed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Today is the day after the first session day: one planned session so far.
			s := progress.Summarize(f.state(day+1, []coach.Log{tt.log}, nil), f.lib)
			got := s.Sessions
			if got.Planned != 1 || got.Done != tt.done || got.Full != tt.full || got.Partly != tt.partly || got.Adherence != tt.adherence {
				t.Errorf("sessions %+v, want 1 planned, %v done (%d full, %d partly), %d%%", got, tt.done, tt.full, tt.partly, tt.adherence)
			}
			if s.Days[day].Status != tt.status {
				t.Errorf("day status %s, want %s", s.Days[day].Status, tt.status)
			}
			if s.Weeks[0].Done != tt.done {
				t.Errorf("week 1 done %v, want %v", s.Weeks[0].Done, tt.done)
			}
		})
	}
	// Three planned sessions, one and a half done: 50%.
	var logs []coach.Log
	var sessionDays []int
	for i, d := range f.res.Weeks[0].Days {
		if !d.Rest {
			sessionDays = append(sessionDays, i)
		}
	}
	if len(sessionDays) < 3 {
		t.Fatalf("week 1 has %d sessions", len(sessionDays))
	}
	logs = append(logs, f.session(sessionDays[0], true, true, true), f.session(sessionDays[1], false, true, false))
	s := progress.Summarize(f.state(sessionDays[2]+1, logs, nil), f.lib)
	if s.Sessions.Planned != 3 || s.Sessions.Done != 1.5 || s.Sessions.Adherence != 50 {
		t.Errorf("sessions %+v, want 1.5 of 3 done, 50%%", s.Sessions)
	}
}

// Summarize turns a member's state into the numbers every page and the
// API show: day statuses, aerobic minutes, the pain trend and the weeks.
func TestSummarize(t *testing.T) {
	f := newSummaryFixture(t)
	second, third := f.sessionDay+7, f.sessionDay+14 // the same day of weeks 2 and 3
	logs := []coach.Log{
		{Kind: coach.KindSession, Week: 1, Day: f.sessionDay + 1, Date: f.date(f.sessionDay), Done: true, PainBefore: ip(5), PainAfter: ip(6),
			Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 20, Done: true}, {Exercise: "bird-dog", Minutes: 5, Done: false, Skipped: "too_painful"}}},
		{Kind: coach.KindActivity, Date: f.date(f.restDay), Done: true, Items: []coach.LogItem{{Exercise: "cycling", Minutes: 25, Done: true}}},
		{Kind: coach.KindSession, Week: 2, Day: f.sessionDay + 1, Date: f.date(second), Done: false, Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 20}}},
		{Kind: coach.KindSession, Week: 3, Day: f.sessionDay + 1, Date: f.date(third), Done: true, PainBefore: ip(3), PainAfter: ip(2),
			Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 30, Done: true}, {Exercise: "bird-dog", Minutes: 5, Done: true}}},
		// after the plan's 12 weeks: the calendar grows to show it
		{Kind: coach.KindActivity, Date: f.date(100), Done: true, Items: []coach.LogItem{{Exercise: "swimming", Minutes: 40, Done: true}}},
	}
	s := progress.Summarize(f.state(20, logs, nil), f.lib)
	if len(s.Days) != 101 {
		t.Fatalf("%d calendar days, want 101 (the plan and one logged day after it)", len(s.Days))
	}
	for n, want := range map[int]progress.DayStatus{f.sessionDay: progress.DayPartly, f.restDay: progress.DayRest, second: progress.DayMissed,
		third: progress.DayDone, 100: progress.DayDone, 99: progress.DayNone, 30: progress.DayUpcoming} {
		if n < 84 && want == progress.DayUpcoming && f.res.Weeks[n/7].Days[n%7].Rest {
			want = progress.DayRest
		}
		if s.Days[n].Status != want {
			t.Errorf("day %d: %s, want %s", n, s.Days[n].Status, want)
		}
	}
	if s.Sessions.Full != 1 || s.Sessions.Partly != 1 || s.Sessions.Done != 1.5 || s.Sessions.Planned == 0 {
		t.Errorf("sessions %+v: want 1 full, 1 partly (half of it done)", s.Sessions)
	}
	// Aerobic minutes only (bird-dog is strength), by week, logs after the plan included.
	mins := map[int]int{}
	for _, w := range s.Minutes.ByWeek {
		mins[w.Week] = w.Minutes
	}
	if mins[1] != 45 || mins[2] != 0 || mins[3] != 30 || mins[15] != 40 || len(s.Minutes.ByWeek) != 15 {
		t.Errorf("minutes %v", mins)
	}
	if m := s.Minutes; m.Total != 115 || m.AveragePerWeek != 115/15 || m.WeeksAtGoal != 0 || m.Goal != coach.ModerateGoal {
		t.Errorf("minutes %+v", m)
	}
	if !s.Pain.OK || s.Pain.First != 6 || s.Pain.Last != 2 || len(s.Pain.Points) != 2 {
		t.Errorf("pain trend %+v", s.Pain)
	}
	if len(s.Weeks) != 12 || s.Weeks[0].When != "done" || s.Weeks[2].When != "this week" || s.Weeks[3].When != "coming" || s.Weeks[2].Done != 1 || s.Weeks[0].Done != 0.5 {
		t.Errorf("weeks %+v", s.Weeks[:4])
	}
	// A week at the goal.
	logs = append(logs, coach.Log{Kind: coach.KindActivity, Date: f.date(16), Done: true, Items: []coach.LogItem{{Exercise: "cycling", Minutes: 120, Done: true}}})
	if m := progress.Summarize(f.state(20, logs, nil), f.lib).Minutes; m.WeeksAtGoal != 1 || m.ByWeek[2].Minutes != 150 {
		t.Errorf("150 minutes in week 3: %+v", m)
	}
}

// The check-ins are measured one way for every page and the API: pain
// against the plan's start (progress.Change), activities against the
// same activities at the first check-in that scored them.
func TestCompare(t *testing.T) {
	acts := func(kv ...any) []progress.PSFSActivity {
		var out []progress.PSFSActivity
		for i := 0; i < len(kv); i += 2 {
			out = append(out, progress.PSFSActivity{Activity: kv[i].(string), Score: kv[i+1].(int)})
		}
		return out
	}
	for _, tt := range []struct {
		name                 string
		cs                   []progress.Checkin
		painChange           int
		painMeaningful       bool
		base, latest, change float64
		meaningful           bool
		activity0Change      int
		activity0Baseline    bool
	}{
		{"same activities, meaningful", []progress.Checkin{{Week: 1, Pain: 5, PSFS: acts("socks", 2, "sitting", 4)}, {Week: 3, Pain: 3, PSFS: acts("socks", 5, "sitting", 6)}},
			-3, true, 3, 5.5, 2.5, true, 3, true},
		{"same activities, small", []progress.Checkin{{Week: 1, Pain: 5, PSFS: acts("socks", 2, "sitting", 4)}, {Week: 3, Pain: 5, PSFS: acts("socks", 3, "sitting", 4)}},
			-1, false, 3, 3.5, 0.5, false, 1, true},
		// The latest check-in dropped one activity and added another: only
		// "socks", scored both times, is compared (2 -> 6), in any case.
		{"changed activities", []progress.Checkin{{Week: 1, Pain: 6, PSFS: acts("socks", 2, "walking", 4)}, {Week: 3, Pain: 6, PSFS: acts("Socks ", 6, "stairs", 1)}},
			0, false, 2, 6, 4, true, 4, true},
		{"first check-in only", []progress.Checkin{{Week: 1, Pain: 6, PSFS: acts("socks", 2)}}, 0, false, 2, 2, 0, false, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := progress.Compare(6, tt.cs)
			if o.Pain.Change != tt.painChange || o.Pain.Meaningful != tt.painMeaningful || o.Pain.Baseline != 6 || *o.Pain.Latest != tt.cs[len(tt.cs)-1].Pain {
				t.Errorf("pain %+v", o.Pain)
			}
			p := o.PSFS
			if p == nil {
				t.Fatal("no PSFS outcome")
			}
			if p.Baseline != tt.base || p.Latest != tt.latest || p.Change != tt.change || p.Meaningful != tt.meaningful {
				t.Errorf("PSFS %+v, want %v -> %v (%v), meaningful %v", p, tt.base, tt.latest, tt.change, tt.meaningful)
			}
			if p.Compared != 1 && p.Compared != 2 {
				t.Errorf("%d activities compared", p.Compared)
			}
			if a := p.Activities[0]; a.Change != tt.activity0Change || (a.Baseline != nil) != tt.activity0Baseline {
				t.Errorf("first activity %+v", a)
			}
		})
	}
	if o := progress.Compare(4, nil); o.Pain.Latest != nil || o.PSFS != nil || o.Count != 0 {
		t.Errorf("no check-ins: %+v", o)
	}
	// New activities only: nothing to compare, and no change claimed.
	o := progress.Compare(4, []progress.Checkin{{Week: 1, Pain: 4, PSFS: []progress.PSFSActivity{{Activity: "socks", Score: 2}}},
		{Week: 2, Pain: 4, PSFS: []progress.PSFSActivity{{Activity: "stairs", Score: 9}}}})
	if p := o.PSFS; p == nil || p.Compared != 0 || p.Change != 0 || p.Meaningful || p.Activities[0].Baseline != nil {
		t.Errorf("new activities only: %+v", p)
	}
}
