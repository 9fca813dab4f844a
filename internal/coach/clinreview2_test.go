package coach

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/validate"
)

// clinicalBase is the reviewer's m30x5 person: 30 minutes on 5 days.
func clinicalBase() Profile {
	return Profile{Age: 45, PainNow: 3, DurationWeeks: 20, ActivityLevel: "light", MinutesPerDay: 30, DaysPerWeek: 5}
}

func sessionsOf(r Result, id string) int {
	n := 0
	for _, w := range r.Weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				if it.Exercise == id {
					n++
				}
			}
		}
	}
	return n
}

// Clinical review 2, H1 (rule C1): a confirmation covers what the
// clinician saw; a contraindication that appears later pauses the add.
func TestConfirmedAddIsRecheckedAgainstTheProfile(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := clinicalBase()
	p.WorseWith = []string{"bending_backward"} // cobra out for direction only
	keys := ConfirmationKeys(p, lib, "cobra")
	if len(keys) != 1 || keys[0] != "rule:bending_backward" {
		t.Fatalf("ConfirmationKeys = %v, want the direction rule only", keys)
	}
	rx := Prescription{ID: 1, Kind: PrescribeAdd, Exercise: "cobra", Dose: &Dose{Sets: 2, Reps: 10}, Reason: "extension helps her",
		By: "Dr Lee", ConfirmedAvoid: true, Confirmed: keys}
	if err := CheckPrescription(p, lib, rx); err != nil {
		t.Fatalf("confirmed add refused: %v", err)
	}
	if n := sessionsOf(PlanWith(p, lib, Choices{Prescriptions: []Prescription{rx}}), "cobra"); n == 0 {
		t.Fatal("confirmed cobra not planned")
	}
	legacy := rx
	legacy.Confirmed = nil
	for _, tc := range []struct {
		name   string
		change func(*Profile)
		rx     Prescription
		field  string // of the CheckPrescription error
	}{
		{"wheelchair and vertebral fracture", func(q *Profile) { q.Sex, q.VertebralFracture, q.MobilityAid = "female", true, AidWheelchair }, rx, "add"},
		{"cannot get to the floor", func(q *Profile) { q.FloorTransfer = FloorCannot }, rx, "add"},
		{"pregnancy reaching 12 weeks", func(q *Profile) { q.Sex, q.PregnancyWeeks = "female", 8 }, rx, "confirmed_avoid"},
		{"new spinal stenosis", func(q *Profile) { q.Conditions = []string{"spinal_stenosis"} }, rx, "confirmed_avoid"},
		{"a confirmation that named nothing", func(*Profile) {}, legacy, "confirmed_avoid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := p
			tc.change(&q)
			var pe *PrescriptionError
			if err := CheckPrescription(q, lib, tc.rx); !errors.As(err, &pe) || pe.Field != tc.field {
				t.Fatalf("CheckPrescription = %v, want a refusal on %q", err, tc.field)
			}
			if n := sessionsOf(PlanWith(q, lib, Choices{Prescriptions: []Prescription{tc.rx}}), "cobra"); n != 0 {
				t.Fatalf("cobra planned %d times after a contraindication nobody confirmed", n)
			}
			// The change comes mid-plan: the member is told from that day.
			start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
			ch := &Choices{Prescriptions: []Prescription{tc.rx}}
			r := AdaptAcross(p, []Segment{{From: start, Library: lib, Profile: &p, Choices: ch},
				{From: start.AddDate(0, 0, 21), Library: lib, Profile: &q, Choices: ch}}, History{Start: start})
			if tc.rx.Confirmed == nil {
				return
			}
			if n := sessionsOf(Result{Weeks: r.Weeks[3:]}, "cobra"); n != 0 || sessionsOf(Result{Weeks: r.Weeks[:3]}, "cobra") == 0 {
				t.Fatalf("cobra after the change: %d sessions; before it: %d", n, sessionsOf(Result{Weeks: r.Weeks[:3]}, "cobra"))
			}
			// A capability (the floor, a wheelchair) is no confirmation's
			// to lift: the member is told so, not that one is awaited.
			words := []string{"paused", "confirm it again"}
			if tc.field == "add" {
				words = []string{"Cobra is out of your plan", "no confirmation can change that"}
			}
			found := false
			for _, a := range r.Adjustments {
				if a.Change == ChangePrescription && a.Week == 4 && strings.Contains(a.Reason, words[0]) && strings.Contains(a.Reason, words[1]) && !strings.Contains(a.Reason, "No confirmation can add it") {
					found = true
				}
			}
			if !found {
				t.Fatalf("no adjustment says cobra is paused: %+v", r.Adjustments)
			}
		})
	}
}

// Clinical review 2, H2 (rule V2): a prescribed dose is checked as a
// whole, and prescribed items keep the day's budget and the cap.
func TestPrescribedDosesInCombination(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := clinicalBase()
	add := func(id string, d Dose) Prescription {
		return Prescription{ID: 1, Kind: PrescribeAdd, Exercise: id, Dose: &d, Reason: "r", By: "Dr Lee"}
	}
	t.Run("refused at prescribing time", func(t *testing.T) {
		for _, rx := range []Prescription{add("side-plank", Dose{Sets: 6, Reps: 30, HoldSeconds: 120}), add("brisk-walking", Dose{Sets: 1, Minutes: 90})} {
			var ve validate.Errors
			if err := CheckPrescription(p, lib, rx); !errors.As(err, &ve) || !strings.Contains(ve.For("dose"), "minutes") {
				t.Errorf("%s %+v: %v, want a refusal on dose naming its minutes", rx.Exercise, *rx.Dose, err)
			}
		}
	})
	for _, tc := range []struct {
		name   string
		rxs    []Prescription
		perDay int // the most minutes a day may take
		week   int // the most minutes a week may take
	}{
		{"long strength add", []Prescription{add("side-plank", Dose{Sets: 6, Reps: 10, HoldSeconds: 30})}, 30, 150},
		{"long walk", []Prescription{add("brisk-walking", Dose{Sets: 1, Minutes: 60})}, 30, 150},
		{"with the clinician's cap", []Prescription{add("side-plank", Dose{Sets: 6, Reps: 10, HoldSeconds: 10}),
			{ID: 2, Kind: PrescribeCapMinutes, CapMinutes: 60, Reason: "r"}}, 12, 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := PlanWith(p, lib, Choices{Prescriptions: tc.rxs})
			trimmed := false
			for _, w := range r.Weeks {
				week := 0
				for _, d := range w.Days {
					day := 0
					for _, it := range d.Items {
						day += it.Minutes
						trimmed = trimmed || strings.Contains(it.Why, "to fit")
					}
					if day > tc.perDay {
						t.Fatalf("week %d day %d takes %d minutes, budget %d", w.Week, d.Day, day, tc.perDay)
					}
					week += day
				}
				if week > tc.week {
					t.Fatalf("week %d takes %d minutes, more than %d", w.Week, week, tc.week)
				}
			}
			if !trimmed {
				t.Error("no item says its dose was trimmed to fit the day")
			}
		})
	}
}

// Clinical review 2, H3 (rule V3): more time mid-plan climbs to the new
// budget within the growth rule (P3); less time applies at once.
func TestSettingsChangeKeepsTheGrowthRule(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name                  string
		was, days, now, days2 int
		week                  int // the plan week the change starts
		more                  bool
	}{
		{"10 to 90 minutes at week 7", 10, 7, 90, 6, 7, true},
		{"20 to 60 minutes at week 6", 20, 5, 60, 5, 6, true},
		{"60 to 20 minutes at week 6", 60, 5, 20, 5, 6, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := clinicalBase()
			p.MinutesPerDay, p.DaysPerWeek = tc.was, tc.days
			q := p
			q.MinutesPerDay, q.DaysPerWeek = tc.now, tc.days2
			ch := &Choices{}
			r := AdaptAcross(p, []Segment{{From: start, Library: lib, Profile: &p, Choices: ch},
				{From: start.AddDate(0, 0, (tc.week-1)*7), Library: lib, Profile: &q, Choices: ch}}, History{Start: start})
			highest := 0
			for _, w := range r.Weeks {
				if limit := max(highest*6/5, highest+10); w.Week > 1 && w.TotalMinutes > limit {
					t.Errorf("week %d: %d minutes, more than the growth rule allows after a highest week of %d (%d)", w.Week, w.TotalMinutes, highest, limit)
				}
				if w.Week >= tc.week && !tc.more && w.TotalMinutes > tc.now*tc.days2 {
					t.Errorf("week %d: %d minutes, the new budget is %d", w.Week, w.TotalMinutes, tc.now*tc.days2)
				}
				highest = max(highest, w.TotalMinutes)
			}
			if !tc.more {
				return
			}
			if last, first := r.Weeks[PlanWeeks-1].TotalMinutes, r.Weeks[tc.week-2].TotalMinutes; last <= first+10 {
				t.Errorf("the plan does not climb toward the new time: week %d %d, week 12 %d", tc.week-1, first, last)
			}
			if !slices.ContainsFunc(r.Adjustments, func(a Adjustment) bool {
				return a.Change == ChangeSettings && strings.Contains(a.Reason, "builds up to your new time")
			}) {
				t.Errorf("the settings adjustment does not say the plan builds up: %+v", r.Adjustments)
			}
		})
	}
}

// Clinical review 2, M6 wording (rule V4): risk factors alone are not a
// diagnosis, and the left-out cards do not say so.
func TestRiskFactorsAreNotWordedAsOsteoporosis(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		p         Profile
		want, not string
	}{
		// Past the menopause alone no longer brings these rules (clinical
		// review 3, M3): steroids do.
		{"risk factors only", Profile{Age: 55, Sex: "female", Postmenopausal: true, LongTermSteroids: true, PainNow: 3, DurationWeeks: 8, ActivityLevel: "active", MinutesPerDay: 45, DaysPerWeek: 6},
			"because you may have weaker bones", "with osteoporosis"},
		{"diagnosed", Profile{Age: 55, Sex: "female", Conditions: []string{"osteoporosis"}, PainNow: 3, DurationWeeks: 8, ActivityLevel: "active", MinutesPerDay: 45, DaysPerWeek: 6},
			"with osteoporosis", "because you may have weaker bones"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := PlanWith(tc.p, lib, Choices{})
			var all strings.Builder
			for _, x := range r.Excluded {
				if e, _ := lib.Get(x.Exercise); e != nil && !e.Avoid {
					all.WriteString(strings.ToLower(x.Reason) + "\n")
				}
			}
			if s := all.String(); !strings.Contains(s, tc.want) || strings.Contains(s, tc.not) {
				t.Errorf("left-out cards, want %q and not %q:\n%s", tc.want, tc.not, s)
			}
		})
	}
}

// Clinical review 2, M4 (rule V5): walk-run under 65 only, as the profile
// does not ask whether someone ran before, and never on consecutive days.
func TestWalkRunDays(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	runner := Profile{Age: 34, PainNow: 2, DurationWeeks: 3, ActivityLevel: "active", MinutesPerDay: 45, DaysPerWeek: 5, RanBefore: true}
	for _, tc := range []struct {
		name string
		age  int
		days int
		runs bool
	}{
		{"5 days", 34, 5, true}, {"6 days", 34, 6, true}, {"4 days", 34, 4, true}, {"72 years old", 72, 5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := runner
			p.Age, p.DaysPerWeek = tc.age, tc.days
			r := PlanWith(p, lib, Choices{})
			if got := sessionsOf(r, "walk-run") > 0; got != tc.runs {
				t.Fatalf("walk-run planned: %v, want %v", got, tc.runs)
			}
			if !tc.runs {
				if !slices.ContainsFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "walk-run" && strings.Contains(x.Reason, "65") }) {
					t.Errorf("the walk-run card does not say why at %d: %+v", tc.age, r.Excluded)
				}
				return
			}
			for _, w := range r.Weeks {
				prev := 0
				for _, d := range w.Days {
					if !slices.ContainsFunc(d.Items, func(it Item) bool { return it.Exercise == "walk-run" }) {
						continue
					}
					if prev > 0 && d.Day == prev+1 {
						t.Errorf("week %d: walk-run on days %d and %d", w.Week, prev, d.Day)
					}
					prev = d.Day
				}
			}
		})
	}
}

// Clinical review 2, M5 and M9 (rules V6, V7): swaps keep the engine's
// own order and direction, and nerve-tension hinges stay out of
// forward-bending-worse sciatica.
func TestSwapsKeepOrderAndDirection(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	osteo := Profile{Age: 84, Conditions: []string{"osteoporosis"}, PainNow: 3, DurationWeeks: 20, ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5}
	osteoLeg := osteo
	osteoLeg.LegPain = "below_knee"
	sciatica := Profile{Age: 42, PainNow: 5, DurationWeeks: 6, LegPain: "below_knee", WorseWith: []string{"sitting", "bending_forward"}, ActivityLevel: "light", MinutesPerDay: 30, DaysPerWeek: 5}
	lead := ""
	for _, id := range []string{"sphinx", "prone-press-up", "cobra"} {
		if sessionsOf(PlanWith(sciatica, lib, Choices{}), id) > 0 {
			lead = id
			break
		}
	}
	if lead == "" {
		t.Fatal("no extension lead planned for forward-bending-worse sciatica")
	}
	for _, tc := range []struct {
		name     string
		p        Profile
		exercise string
		notOffer string // an alternative that must not be offered
		notPlan  string // an exercise that must not be planned at all
		sameDir  bool   // every alternative keeps the exercise's direction
	}{
		{"heel drops are not a swap", osteo, "sit-to-stand", "heel-drops", "", false},
		{"no impact with leg pain below the knee", osteoLeg, "sit-to-stand", "heel-drops", "heel-drops", false},
		{"no hamstring-stretch hinge with sciatica", sciatica, lead, "downward-dog-chair", "downward-dog-chair", true},
		{"no floor downward dog with sciatica either", sciatica, lead, "downward-dog", "downward-dog", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alts := Alternatives(tc.p, lib, Choices{}, tc.exercise)
			x, _ := lib.Get(tc.exercise)
			for _, a := range alts {
				if a.ID == tc.notOffer {
					t.Errorf("%s offered instead of %s", a.ID, tc.exercise)
				}
				if tc.sameDir && a.Tags.Direction != x.Tags.Direction {
					t.Errorf("%s (%s) offered instead of the direction lead %s (%s)", a.ID, a.Tags.Direction, x.ID, x.Tags.Direction)
				}
			}
			if tc.notPlan != "" && sessionsOf(PlanWith(tc.p, lib, Choices{}), tc.notPlan) > 0 {
				t.Errorf("%s planned", tc.notPlan)
			}
			if tc.sameDir {
				var se *SwapError
				if err := CheckSwap(tc.p, lib, Choices{}, tc.exercise, "cat-cow"); !errors.As(err, &se) || !strings.Contains(se.Reason, "direction") {
					t.Errorf("swapping the direction lead for cat-cow: %v, want a refusal naming the direction", err)
				}
			}
		})
	}
}
