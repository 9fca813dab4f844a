package coach_test

import (
	"slices"
	"strings"
	"testing"

	"supple/internal/coach"
)

// TestScreenTriage covers the cheat-sheet rule 1 for age (clinical.md 0,
// 2.2, 2.3) and the both-legs rule of clinical.md 2.1: only new or
// worsening symptoms in both legs are an emergency.
func TestScreenTriage(t *testing.T) {
	lib := mustLibrary(t)
	type want struct {
		status  string
		level   string   // referral level, when referred
		reasons []string // referral reasons, when referred
		advice  string   // a piece of the advice, when a plan
	}
	cases := []struct {
		name string
		p    coach.Profile
		want want
	}{
		{"17-year-old with long-standing scoliosis pain, no other sign: a plan and advice to see a clinician",
			with(func(p *coach.Profile) { p.Age = 17; p.DurationWeeks = 20; p.Conditions = []string{"scoliosis"} }),
			want{status: coach.StatusPlan, advice: "under 20"}},
		{"16-year-old with a new episode alone",
			with(func(p *coach.Profile) { p.Age = 16; p.DurationWeeks = 1 }),
			want{status: coach.StatusPlan, advice: "under 20"}},
		{"19-year-old with night pain: urgent, naming age too",
			with(func(p *coach.Profile) { p.Age = 19; p.RedFlags = []string{"constant_night_pain"} }),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"constant_night_pain", "age_under_20"}}},
		{"17-year-old whose curve changed with the new pain: urgent",
			with(func(p *coach.Profile) {
				p.Age = 17
				p.Conditions = []string{"scoliosis"}
				p.RedFlags = []string{"spine_shape_change"}
			}),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"spine_shape_change", "age_under_20"}}},
		{"17-year-old with an urgent sign a clinician cleared",
			with(func(p *coach.Profile) {
				p.Age = 17
				p.RedFlags = []string{"constant_night_pain"}
				p.ClearedByClinician = true
			}),
			want{status: coach.StatusPlan, advice: "under 20"}},
		{"17-year-old with an emergency sign: emergency",
			with(func(p *coach.Profile) { p.Age = 17; p.RedFlags = []string{"major_trauma"} }),
			want{status: coach.StatusReferred, level: coach.Emergency, reasons: []string{"major_trauma"}}},
		{"17-year-old with new pain worse bending backward: urgent (possible pars stress fracture)",
			with(func(p *coach.Profile) { p.Age = 17; p.DurationWeeks = 3; p.WorseWith = []string{"bending_backward"} }),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"young_new_extension_pain"}}},
		// Clinical review finding 12: not yet assessed is the trigger, not
		// under 12 weeks, and standing or walking worse count as extension.
		{"17-year-old with 20 weeks of pain worse bending backward, never assessed: urgent",
			with(func(p *coach.Profile) { p.Age = 17; p.DurationWeeks = 20; p.WorseWith = []string{"bending_backward"} }),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"young_new_extension_pain"}}},
		// Clinical re-review N8: standing or walking worse alone, without
		// pain bending backward, is a plan with advice to get a check in
		// the next 1 to 2 weeks, not an urgent referral (4.4).
		{"17-year-old with new pain worse standing, not bending backward: a plan, a check in 1-2 weeks",
			with(func(p *coach.Profile) {
				p.Age = 17
				p.DurationWeeks = 5
				p.WorseWith = []string{"standing"}
				p.BetterWith = []string{"bending_forward"}
			}),
			want{status: coach.StatusPlan, advice: "in the next 1 to 2 weeks"}},
		{"17-year-old with 20 weeks of pain worse walking: a plan, avoid sports that arch the back",
			with(func(p *coach.Profile) { p.Age = 17; p.DurationWeeks = 20; p.WorseWith = []string{"walking"} }),
			want{status: coach.StatusPlan, advice: "sports that arch the back"}},
		{"17-year-old worse standing and bending backward: urgent",
			with(func(p *coach.Profile) {
				p.Age = 17
				p.DurationWeeks = 5
				p.WorseWith = []string{"standing", "bending_backward"}
			}),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"young_new_extension_pain"}}},
		{"17-year-old with long-standing pain worse bending backward, assessed: a plan with advice",
			with(func(p *coach.Profile) {
				p.Age = 17
				p.DurationWeeks = 20
				p.WorseWith = []string{"bending_backward"}
				p.ClearedByClinician = true
			}),
			want{status: coach.StatusPlan, advice: "under 20"}},
		{"20-year-old: no age advice",
			with(func(p *coach.Profile) { p.Age = 20 }),
			want{status: coach.StatusPlan}},
		{"60-year-old, new episode, past cancer: urgent naming age too",
			with(func(p *coach.Profile) { p.Age = 60; p.DurationWeeks = 3; p.RedFlags = []string{"cancer_history"} }),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"cancer_history", "age_50_plus_new_episode"}}},
		{"60-year-old, new episode alone: a plan with advice",
			with(func(p *coach.Profile) { p.Age = 60; p.DurationWeeks = 3 }),
			want{status: coach.StatusPlan, advice: "50 or over"}},

		// Clinical review finding 23: long-standing both-legs symptoms
		// with a 6-week episode do not fit together.
		{"both legs long-standing, stenosis, 6-week episode: urgent check first",
			with(func(p *coach.Profile) {
				p.Age, p.DurationWeeks, p.LegPain, p.BothLegsOnset, p.Conditions = 72, 6, "both_legs", coach.OnsetLongStanding, []string{"spinal_stenosis"}
			}),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"both_legs_new_episode", "age_50_plus_new_episode"}}},
		{"both legs long-standing, stenosis, 6-week episode, cleared: a plan",
			with(func(p *coach.Profile) {
				p.Age, p.DurationWeeks, p.LegPain, p.BothLegsOnset, p.Conditions = 72, 6, "both_legs", coach.OnsetLongStanding, []string{"spinal_stenosis"}
				p.ClearedByClinician = true
			}),
			want{status: coach.StatusPlan}},
		{"both legs, onset not given: emergency (the safe default)",
			with(func(p *coach.Profile) { p.LegPain = "both_legs" }),
			want{status: coach.StatusReferred, level: coach.Emergency, reasons: []string{"leg_pain_both_legs"}}},
		{"both legs, new: emergency even if cleared",
			with(func(p *coach.Profile) { p.LegPain = "both_legs"; p.BothLegsOnset = "new"; p.ClearedByClinician = true }),
			want{status: coach.StatusReferred, level: coach.Emergency, reasons: []string{"leg_pain_both_legs"}}},
		{"both legs, worsening, with stenosis: emergency",
			with(func(p *coach.Profile) {
				p.LegPain = "both_legs"
				p.BothLegsOnset = "worsening"
				p.Conditions = []string{"spinal_stenosis"}
			}),
			want{status: coach.StatusReferred, level: coach.Emergency, reasons: []string{"leg_pain_both_legs"}}},
		{"both legs, long-standing, diagnosed stenosis: a plan with cautions",
			with(func(p *coach.Profile) {
				p.Age = 70
				p.LegPain = "both_legs"
				p.BothLegsOnset = "long_standing"
				p.Conditions = []string{"spinal_stenosis"}
				p.WorseWith = []string{"walking", "standing"}
				p.BetterWith = []string{"sitting"}
			}),
			want{status: coach.StatusPlan, advice: "both legs"}},
		{"both legs, long-standing, cleared by a clinician: a plan with cautions",
			with(func(p *coach.Profile) {
				p.LegPain = "both_legs"
				p.BothLegsOnset = "long_standing"
				p.ClearedByClinician = true
			}),
			want{status: coach.StatusPlan, advice: "both legs"}},
		{"both legs, long-standing, never assessed: urgent",
			with(func(p *coach.Profile) { p.LegPain = "both_legs"; p.BothLegsOnset = "long_standing" }),
			want{status: coach.StatusReferred, level: coach.Urgent, reasons: []string{"both_legs_not_assessed"}}},
		{"long-standing symptoms in both legs that changed (re-screen answer): emergency",
			with(func(p *coach.Profile) {
				p.LegPain = "both_legs"
				p.BothLegsOnset = "long_standing"
				p.Conditions = []string{"spinal_stenosis"}
				p.RedFlags = []string{"both_legs_new_or_worse"}
			}),
			want{status: coach.StatusReferred, level: coach.Emergency, reasons: []string{"both_legs_new_or_worse"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := coach.Plan(tc.p, lib)
			checkInvariants(t, tc.p, r, lib)
			if r.Status != tc.want.status {
				t.Fatalf("status %q, want %q (referral %+v)", r.Status, tc.want.status, r.Referral)
			}
			if tc.want.status == coach.StatusReferred {
				if r.Referral.Level != tc.want.level || !slices.Equal(r.Referral.Reasons, tc.want.reasons) {
					t.Errorf("referral %s %v, want %s %v", r.Referral.Level, r.Referral.Reasons, tc.want.level, tc.want.reasons)
				}
				for _, x := range r.Referral.Reasons {
					if coach.ReasonText[x] == "" {
						t.Errorf("reason %q has no text", x)
					}
				}
				return
			}
			ageAdvice := slices.ContainsFunc(r.Advice, func(a string) bool { return strings.Contains(a, "under 20") })
			// Everyone under 20 given a plan gets age advice (some worded
			// for standing or walking worse, re-review N8).
			if wantAge := tc.want.advice == "under 20" || tc.p.Age < 20; ageAdvice != wantAge {
				t.Errorf("under-20 advice %v, want %v: %q", ageAdvice, wantAge, r.Advice)
			}
			if tc.want.advice != "" && !slices.ContainsFunc(r.Advice, func(a string) bool { return strings.Contains(a, tc.want.advice) }) {
				t.Errorf("advice lacks %q: %q", tc.want.advice, r.Advice)
			}
		})
	}
}

// TestEmergencyTextNamesNoCountry: the pages show the site's configured
// numbers, so the coach's own words stay generic.
func TestEmergencyTextNamesNoCountry(t *testing.T) {
	lib := mustLibrary(t)
	for _, f := range coach.EmergencyFlags {
		r := coach.Plan(with(func(p *coach.Profile) { p.RedFlags = []string{f} }), lib)
		for _, a := range append([]string{r.Referral.Message}, r.Advice...) {
			for _, n := range []string{"999", "911", "112"} {
				if strings.Contains(a, n) {
					t.Errorf("%s: %q names %s", f, a, n)
				}
			}
		}
	}
}

// TestRescreenBothLegsThroughLogs: a change in long-standing symptoms in
// both legs, reported with a session or at a re-screen (kept as a log),
// turns the plan into an emergency referral with no change to Adapt.
func TestRescreenBothLegsThroughLogs(t *testing.T) {
	lib := mustLibrary(t)
	p := with(func(p *coach.Profile) {
		p.Age = 70
		p.LegPain = "both_legs"
		p.BothLegsOnset = coach.OnsetLongStanding
		p.Conditions = []string{"spinal_stenosis"}
	})
	if r := coach.Adapt(p, lib, coach.History{Start: start, Today: start.AddDate(0, 0, 9), Logs: []coach.Log{session(1, 2)}}); r.Status != coach.StatusPlan {
		t.Fatalf("assessed long-standing symptoms: %s", r.Status)
	}
	l := session(2, 2)
	l.RedFlags = []string{"both_legs_new_or_worse"}
	r := coach.Adapt(p, lib, coach.History{Start: start, Today: start.AddDate(0, 0, 9), Logs: []coach.Log{session(1, 2), l}})
	if r.Status != coach.StatusReferred || r.Referral.Level != coach.Emergency || !slices.Equal(r.Referral.Reasons, []string{"both_legs_new_or_worse"}) {
		t.Errorf("a change in both legs: %s %+v", r.Status, r.Referral)
	}
	both := coach.Log{Kind: coach.KindActivity, Date: "2026-09-16", Done: true, LegSymptoms: "none", RedFlags: []string{"both_legs_new_or_worse"},
		Items: []coach.LogItem{{Exercise: "cycling", Minutes: 20, Done: true}}}
	if e := coach.ValidateLog(both); len(e) > 0 {
		t.Errorf("the log check refuses the both-legs sign: %v", e)
	}
}
