package coach_test

import (
	"slices"
	"strings"
	"testing"

	"supple/internal/coach"
)

// The clinician review of the issue 15 plans (findings M2 to M6 and the
// low ones), each reproduced first as a failing test.

// reviewProfiles are the personas and small budgets the review looked at.
func reviewProfiles() map[string]coach.Profile {
	out := map[string]coach.Profile{}
	for _, bp := range bodyPersonas() {
		out[bp.name] = bp.p
	}
	for _, b := range []struct {
		name          string
		minutes, days int
	}{{"10 x 7", 10, 7}, {"12 x 5", 12, 5}, {"15 x 3", 15, 3}, {"20 x 5", 20, 5}} {
		out[b.name] = bodyBase(52, "sedentary", b.minutes, b.days)
	}
	return out
}

// M2: an exercise new to the plan (rotated in, or a harder step) starts
// at the library's dose, not at the sets or repetitions the exercise it
// replaced had reached (clinical.md 5.3: start below tolerance).
func TestReviewNewExerciseStartsAtLibraryDose(t *testing.T) {
	lib := mustLibrary(t)
	for name, p := range reviewProfiles() {
		t.Run(name, func(t *testing.T) {
			seen := map[string]bool{}
			r := coach.Plan(p, lib)
			for _, w := range r.Weeks {
				first := map[string]bool{}
				for _, it := range weekItems(w) {
					if !seen[it.Exercise] {
						first[it.Exercise] = true
					}
					e, _ := lib.Get(it.Exercise)
					if first[it.Exercise] && e.Block != coach.Aerobic && (it.Sets != e.Dose.Sets || it.Reps != e.Dose.Reps || it.HoldSeconds != e.Dose.HoldSeconds) {
						t.Errorf("week %d: %s is new to the plan at %d x %d / %d s, the library's dose is %d x %d / %d s",
							w.Week, it.Exercise, it.Sets, it.Reps, it.HoldSeconds, e.Dose.Sets, e.Dose.Reps, e.Dose.HoldSeconds)
					}
				}
				for id := range first {
					seen[id] = true
				}
			}
		})
	}
}

// M3: the walk stays on strength days at small budgets, also beside the
// first strength exercise, and growing strength doses do not eat it: a
// day with a second strength exercise keeps half its minutes aerobic.
func TestReviewWalkKeptAtSmallBudgets(t *testing.T) {
	lib := mustLibrary(t)
	for name, p := range reviewProfiles() {
		if p.MobilityAid == coach.AidWheelchair {
			continue // no aerobic option in the library (F10)
		}
		t.Run(name, func(t *testing.T) {
			r := coach.Plan(p, lib)
			strengthTwiceWithWalk(t, lib, r)
			for _, w := range r.Weeks {
				for _, d := range w.Days {
					strength, aerobic, total := 0, 0, 0
					for _, it := range d.Items {
						total += it.Minutes
						switch it.Block {
						case coach.Strength:
							strength++
						case coach.Aerobic:
							aerobic += it.Minutes
						}
					}
					if strength >= 2 && aerobic < total/2 {
						t.Errorf("week %d day %d: %d of %d minutes aerobic beside %d strength exercises", w.Week, d.Day, aerobic, total, strength)
					}
				}
			}
		})
	}
}

// M4: an item's minutes are what its dose takes (sets x repetitions or
// holds, plus rests), never the library's estimate times the sets.
func TestReviewItemMinutesAreTheDose(t *testing.T) {
	lib := mustLibrary(t)
	for name, p := range reviewProfiles() {
		t.Run(name, func(t *testing.T) {
			eachItem(coach.Plan(p, lib), func(w coach.Week, d coach.Day, it coach.Item) {
				e, _ := lib.Get(it.Exercise)
				if e.Block == coach.Aerobic {
					return
				}
				if want := coach.DoseMinutes(e, it.Sets, it.Reps, it.HoldSeconds); it.Minutes != want {
					t.Errorf("week %d day %d: %s shows %d minutes for %d x %d / %d s, which takes %d",
						w.Week, d.Day, it.Exercise, it.Minutes, it.Sets, it.Reps, it.HoldSeconds, want)
				}
			})
		})
	}
}

func TestDoseMinutes(t *testing.T) {
	lib := mustLibrary(t)
	for _, tt := range []struct {
		id               string
		sets, reps, hold int
		want             int
	}{
		{"bird-dog", 1, 5, 5, 2},     // 2 sides x 5 x (5 + 4) s = 90 s
		{"bird-dog", 2, 5, 5, 4},     // 180 s + one 20 s rest = 200 s
		{"childs-pose", 3, 0, 20, 2}, // 3 x 20 s + two rests = 100 s
		{"heel-raise", 2, 10, 0, 2},  // 2 x 10 x 4 s + a rest = 100 s
	} {
		e, _ := lib.Get(tt.id)
		if got := coach.DoseMinutes(e, tt.sets, tt.reps, tt.hold); got != tt.want {
			t.Errorf("%s %d x %d / %d s: %d minutes, want %d", tt.id, tt.sets, tt.reps, tt.hold, got, tt.want)
		}
	}
}

// M5: pregnancy weeks past 40 are refused, naming the field.
func TestReviewPregnancyPast40(t *testing.T) {
	for _, tt := range []struct {
		weeks int
		ok    bool
	}{{40, true}, {41, false}, {42, false}} {
		p := bodyBase(31, "moderate", 30, 5)
		p.Sex, p.PregnancyWeeks = "female", tt.weeks
		if got := coach.ValidateProfile(p).For("pregnancy_weeks"); (got == "") != tt.ok {
			t.Errorf("%d weeks: error %q, want accepted: %v", tt.weeks, got, tt.ok)
		}
	}
}

// M6: a wheelchair user's plan strengthens the arms too, and the chair
// back extension says to put the brakes on.
func TestReviewWheelchairUpperLimb(t *testing.T) {
	lib := mustLibrary(t)
	p := bodyBase(45, "light", 30, 5)
	p.MobilityAid = coach.AidWheelchair
	r := coach.Plan(p, lib)
	plans("chair-push-up")(t, lib, r)
	strengthTwice(t, lib, r)
	for _, id := range []string{"seated-extension", "chair-push-up"} {
		e, _ := lib.Get(id)
		if !slices.ContainsFunc(append(e.Steps, e.Cues...), func(s string) bool { return strings.Contains(s, "brakes") }) {
			t.Errorf("%s: no cue to put the wheelchair's brakes on", id)
		}
	}
	// The advice does not put words in their mouth: they said they use a
	// wheelchair, not that the floor is hard for them.
	if adviceSays(r, "you said getting down to the floor") || !adviceSays(r, "no exercises on the floor, because you use a wheelchair") {
		t.Errorf("the floor advice does not fit a wheelchair user:\n%s", strings.Join(r.Advice, "\n"))
	}
	// Others keep the standing arm work.
	neverPlans("chair-push-up")(t, lib, coach.Plan(bodyBase(45, "light", 30, 5), lib))
}

// Low: a strength item's why fits the exercise: arm and leg work is not
// "core and hip strength".
func TestReviewStrengthWhyFits(t *testing.T) {
	lib := mustLibrary(t)
	for name, p := range reviewProfiles() {
		eachItem(coach.Plan(p, lib), func(w coach.Week, d coach.Day, it coach.Item) {
			e, _ := lib.Get(it.Exercise)
			if e.Block == coach.Strength && e.Why != "" && !strings.Contains(it.Why, e.Why) {
				t.Errorf("%s week %d: %s says %q, not its own purpose %q", name, w.Week, it.Exercise, it.Why, e.Why)
			}
			if e.Block == coach.Strength && e.Why == "" {
				t.Errorf("%s: %s has no why in the library", name, e.ID)
			}
		})
	}
}

// Low: someone whose pain is worse sitting gets no cycling (done
// sitting, slightly bent forward; clinical.md 4.3: cycling needs care
// with a flexion-sensitive back), and the reason says why without
// telling them how to cycle.
func TestReviewSittingWorseNoCycling(t *testing.T) {
	lib := mustLibrary(t)
	p := bodyBase(34, "active", 60, 5)
	p.WorseWith = []string{"sitting"}
	p.Access = []string{coach.AccessOutdoorBike, coach.AccessStationaryBike}
	r := coach.Plan(p, lib)
	neverPlans("cycling", "outdoor-cycling")(t, lib, r)
	excludes("cycling", "outdoor-cycling")(t, lib, r)
	for _, x := range r.Excluded {
		if (x.Exercise == "cycling" || x.Exercise == "outdoor-cycling") && !strings.Contains(x.Reason, "sitting") {
			t.Errorf("%s: reason %q does not say it is about sitting", x.Exercise, x.Reason)
		}
	}
	// Without that, the bike stays.
	p.WorseWith = []string{}
	plans("cycling")(t, lib, coach.Plan(p, lib))
}
