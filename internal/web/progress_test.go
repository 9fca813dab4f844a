package web

import (
	"regexp"
	"testing"
	"time"

	"supple/internal/chart"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
)

func p(n int) *int { return &n }

// progressOf turns a member's state into what the page shows: day
// statuses, aerobic minutes, outcome changes against the baseline, and
// the adjustments with their dates.
func TestProgressOf(t *testing.T) {
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{Deps: Deps{Plans: plans.New(nil, lib, time.Now)}}
	prof := coach.Profile{Age: 46, PainNow: 6, DurationWeeks: 16, LegPain: "none", WorseWith: []string{"sitting"}, ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5}
	res := coach.Plan(prof, lib)
	start := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	// the first session day and the first rest day of week 1
	sessionDay, restDay := -1, -1
	for i, d := range res.Weeks[0].Days {
		if d.Rest && restDay < 0 {
			restDay = i
		}
		if !d.Rest && sessionDay < 0 {
			sessionDay = i
		}
	}
	date := func(n int) string { return start.AddDate(0, 0, n).Format(time.DateOnly) }
	second := sessionDay + 7 // the same day of week 2
	third := sessionDay + 14
	logs := []coach.Log{
		{Kind: coach.KindSession, Week: 1, Day: sessionDay + 1, Date: date(sessionDay), Done: true, PainBefore: p(5), PainAfter: p(6),
			Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 20, Done: true}, {Exercise: "bird-dog", Minutes: 5, Done: false, Skipped: "too_painful"}}},
		{Kind: coach.KindActivity, Date: date(restDay), Done: true, Items: []coach.LogItem{{Exercise: "cycling", Minutes: 25, Done: true}}},
		{Kind: coach.KindSession, Week: 2, Day: sessionDay + 1, Date: date(second), Done: false, Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 20}}},
		{Kind: coach.KindSession, Week: 3, Day: sessionDay + 1, Date: date(third), Done: true, PainBefore: p(3), PainAfter: p(2),
			Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 30, Done: true}, {Exercise: "bird-dog", Minutes: 5, Done: true}}},
		// after the plan's 12 weeks: the calendar grows to show it
		{Kind: coach.KindActivity, Date: date(100), Done: true, Items: []coach.LogItem{{Exercise: "swimming", Minutes: 40, Done: true}}},
	}
	adapted := res
	adapted.Adjustments = []coach.Adjustment{{Week: 3, Change: coach.ChangeStepBack, Reason: "We eased week 3 back to week 1's level because your pain reached 6/10 after a session."}}
	st := &progress.State{
		Plan: &plans.Plan{Profile: prof, Result: res, Start: start}, Logs: logs, Result: adapted,
		Checkins: []progress.Checkin{
			{Week: 1, Pain: 5, PSFS: []progress.PSFSActivity{{Activity: "socks", Score: 2}, {Activity: "sitting", Score: 4}}},
			{Week: 3, Pain: 3, PSFS: []progress.PSFSActivity{{Activity: "socks", Score: 5}, {Activity: "sitting", Score: 6}}},
		},
		Today: start.AddDate(0, 0, 20), Week: 3, Day: 7,
	}
	v := s.progressOf(st)

	// The calendar's days in order: read the statuses back from the SVG's cells.
	cells := cellStatuses(string(v.Calendar.SVG))
	if len(cells) != 101 {
		t.Fatalf("%d calendar days, want 101 (the plan and one logged day after it)", len(cells))
	}
	for n, want := range map[int]chart.Status{sessionDay: chart.Partly, restDay: chart.Rest, second: chart.Missed, third: chart.Done, 100: chart.Done, 99: chart.NoPlan, 30: chart.Upcoming} {
		if res.Weeks[n/7%12].Days[n%7].Rest && n < 84 && want == chart.Upcoming {
			want = chart.Rest
		}
		if cells[n] != want {
			t.Errorf("day %d: %s, want %s", n, cells[n], want)
		}
	}
	// Sessions so far (progress.Summarize): the third done, the first partly (half of it).
	if s := v.Sum.Sessions; s.Full != 1 || s.Partly != 1 || s.Done != 1.5 || s.Planned == 0 {
		t.Errorf("sessions %+v", s)
	}
	// Aerobic minutes only (bird-dog is strength), by week, logs after the plan included.
	mins := map[string]string{}
	for _, r := range v.Minutes.Table.Rows {
		mins[r[0]] = r[2]
	}
	if mins["Week 1"] != "45" || mins["Week 2"] != "0" || mins["Week 3"] != "30" || mins["Week 15"] != "40" || len(v.Minutes.Table.Rows) != 15 {
		t.Errorf("minutes %v", mins)
	}
	if v.Sum.Minutes.Total != 115 {
		t.Errorf("total minutes %d", v.Sum.Minutes.Total)
	}
	// Outcomes: pain 6 -> 3 is meaningful; the PSFS average 3 -> 5.5 too.
	if len(v.Outcomes) != 2 {
		t.Fatalf("%d outcomes", len(v.Outcomes))
	}
	if o := v.Outcomes[0]; o.Baseline != 6 || o.Latest != 3 || o.Change != -3 || !o.Meaningful || !o.Better {
		t.Errorf("pain outcome %+v", o)
	}
	if o := v.Outcomes[1]; o.Baseline != 3 || o.Latest != 5.5 || o.Change != 2.5 || !o.Meaningful {
		t.Errorf("PSFS outcome %+v", o)
	}
	st.Checkins[1].PSFS = []progress.PSFSActivity{{Activity: "socks", Score: 3}, {Activity: "sitting", Score: 4}}
	st.Checkins[1].Pain = 5
	v2 := s.progressOf(st)
	if o := v2.Outcomes[1]; o.Meaningful || o.Change != 0.5 {
		t.Errorf("a PSFS change of 0.5 is not meaningful: %+v", o)
	}
	if o := v2.Outcomes[0]; o.Meaningful || !o.Better {
		t.Errorf("pain 6 -> 5 is better but not meaningful: %+v", o)
	}
	for _, c := range []struct{ got, want string }{
		{v.Outcomes[0].Text, "Pain 3/10, against 6/10 at the start: 3 points less, a meaningful change."},
		{v.Outcomes[1].Text, "Your activities 5.5/10 on average, against 3.0/10 at the first check-in: 2.5 points higher, a meaningful change."},
		{v2.Outcomes[0].Text, "Pain 5/10, against 6/10 at the start. A meaningful change would be 2 points or 30% less (4/10 or lower)."},
		{v2.Outcomes[1].Text, "Your activities 3.5/10 on average, against 3.0/10 at the first check-in: 0.5 points higher. A meaningful change would be about 2 points higher on average (3 for one activity)."},
	} {
		if c.got != c.want {
			t.Errorf("outcome text %q, want %q", c.got, c.want)
		}
	}
	// At the first check-in the activities are the starting point, not a change.
	st.Checkins = st.Checkins[:1]
	if o := s.progressOf(st).Outcomes; len(o) != 2 || o[1].Meaningful || o[1].Text != "This is your starting point; later check-ins are compared with it." {
		t.Errorf("first check-in outcome %+v", o)
	}
	// The adjustment, with its week's first day and plain words.
	if len(v.Adjustments) != 1 || v.Adjustments[0].Label != "Eased back" || !v.Adjustments[0].Date.Equal(start.AddDate(0, 0, 14)) {
		t.Errorf("adjustments %+v", v.Adjustments)
	}
	// Pain trend: the first 7 days with a score vs the last 7.
	if p := v.Sum.Pain; !p.OK || p.First != 6 || p.Last != 2 {
		t.Errorf("pain trend %+v", p)
	}
	if len(v.Weeks) != 12 || v.Weeks[0].When != "done" || v.Weeks[2].When != "this week" || v.Weeks[3].When != "coming" || v.Weeks[2].Done != 1 {
		t.Errorf("weeks %+v", v.Weeks[:4])
	}
}

var cellRE = regexp.MustCompile(`<g class="cell cell-(\w+)">`)

func cellStatuses(svg string) []chart.Status {
	var out []chart.Status
	for _, m := range cellRE.FindAllStringSubmatch(svg, -1) {
		out = append(out, chart.Status(m[1]))
	}
	return out
}
