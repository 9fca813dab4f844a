package coach_test

import (
	"slices"
	"strings"
	"testing"

	"supple/internal/coach"
)

// TestWalkRunPath: an active person with mild pain gets walk-run
// intervals in place of walking from week 5, with a running share that
// grows every two weeks; everyone else keeps walking, and the reason says
// why (issue 15: the runner got no way back to running).
func TestWalkRunPath(t *testing.T) {
	lib := mustLibrary(t)
	runner := bodyBase(34, "active", 60, 5)
	runner.RanBefore = true
	runner.Access = []string{coach.AccessOutdoorBike}
	r := coach.Plan(runner, lib)
	runs := map[int]string{}
	eachItem(r, func(w coach.Week, d coach.Day, it coach.Item) {
		if it.Exercise != "walk-run" {
			return
		}
		if w.Week < coach.WalkRunWeek {
			t.Errorf("week %d: walk-run before week %d", w.Week, coach.WalkRunWeek)
		}
		if it.Sets != 1 {
			t.Errorf("week %d: walk-run in %d sets; it is one go without rests, its blocks in the why", w.Week, it.Sets)
		}
		runs[w.Week] = it.Why
	})
	if len(runs) == 0 {
		t.Fatal("the runner never gets walk-run intervals")
	}
	if !strings.Contains(runs[5], "run easily for 1 minute and") || !strings.Contains(runs[12], "run easily for 1 minute 45 seconds") {
		t.Errorf("the running share does not grow from 1 minute to 1 minute 45 seconds: week 5 %q, week 12 %q", runs[5], runs[12])
	}
	for _, tt := range []struct {
		name   string
		change func(*coach.Profile)
	}{
		{"moderately active", func(p *coach.Profile) { p.ActivityLevel = "moderate" }},
		{"pain 4", func(p *coach.Profile) { p.PainNow = 4 }},
		{"leg pain", func(p *coach.Profile) { p.LegPain = "above_knee" }},
		{"vertebral fracture", func(p *coach.Profile) { p.VertebralFracture, p.Sex, p.Postmenopausal = true, "female", true }},
		{"disc herniation", func(p *coach.Profile) { p.Conditions = []string{"disc_herniation"} }},
		{"acute", func(p *coach.Profile) { p.DurationWeeks = 1 }},
		{"pregnant", func(p *coach.Profile) { p.Sex, p.PregnancyWeeks = "female", 10 }},
		{"walking aid", func(p *coach.Profile) { p.MobilityAid = coach.AidWalking }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := runner
			tt.change(&p)
			r := coach.Plan(p, lib)
			if r.Status != coach.StatusPlan {
				t.Skipf("status %s", r.Status)
			}
			neverPlans("walk-run")(t, lib, r)
			if !slices.ContainsFunc(r.Excluded, func(x coach.Excluded) bool { return x.Exercise == "walk-run" && x.Reason != "" }) {
				t.Error("walk-run is not excluded with a reason")
			}
		})
	}
}

// TestWalkRunGrowsGently: the weekly running time grows by less than 30%
// over two weeks (clinical.md 5.4: Nielsen 2014), whatever the budget.
func TestWalkRunGrowsGently(t *testing.T) {
	lib := mustLibrary(t)
	for _, b := range [][2]int{{60, 5}, {45, 5}, {30, 5}, {30, 3}, {90, 6}, {20, 7}, {120, 4}} {
		p := bodyBase(34, "active", b[0], b[1])
		p.RanBefore = true
		r := coach.Plan(p, lib)
		run := make([]int, coach.PlanWeeks+1)
		eachItem(r, func(w coach.Week, d coach.Day, it coach.Item) {
			if it.Exercise == "walk-run" {
				run[w.Week] += max(1, it.Minutes/coach.WalkRunBlock) * coach.WalkRunSeconds(w.Week)
			}
		})
		for w := 3; w <= coach.PlanWeeks; w++ {
			if before := max(run[w-2], run[w-1]); before > 0 && run[w]*10 > before*13 {
				t.Errorf("%d x %d: week %d runs %d s, more than 30%% over week %d's %d s", b[0], b[1], w, run[w], w-2, before)
			}
		}
		if run[coach.PlanWeeks] == 0 {
			t.Errorf("%d x %d: no running in week 12", b[0], b[1])
		}
	}
}

// TestWalkRunSpreadingGoesBackToWalking: leg symptoms spreading after
// the first walk-run session blame it (it was new there, A6); the plan
// goes back to walking for good.
func TestWalkRunSpreadingGoesBackToWalking(t *testing.T) {
	lib := mustLibrary(t)
	runner := bodyBase(34, "active", 60, 5)
	runner.RanBefore = true
	spread := false
	logs := live(t, runner, lib, 6, func(w, d int, l *coach.Log) bool {
		pain(l, 2, 3, 3, 2)
		l.LegSymptoms = "none"
		if !spread && slices.ContainsFunc(l.Items, func(it coach.LogItem) bool { return it.Exercise == "walk-run" }) {
			spread = true
			l.LegSymptoms, l.PainDuring, l.PainAfter = "further_down", ip(4), ip(4)
		}
		return true
	})
	if !spread {
		t.Fatal("no walk-run session by week 6")
	}
	r := coach.Adapt(runner, lib, coach.History{Start: start, Today: coach.PlanDate(start, 7, 1), Logs: logs})
	if usesFrom(r, 7, 1, "walk-run") {
		t.Error("walk-run is still planned after it made leg symptoms spread")
	}
	if !usesFrom(r, 7, 1, "brisk-walking") {
		t.Error("walking does not come back in its place")
	}
}
