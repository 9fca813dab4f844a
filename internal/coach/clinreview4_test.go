package coach

import (
	"slices"
	"strings"
	"testing"
)

// Clinical review 4, N2 (rule V7): with leg pain below the knee the whole
// disc column applies, as if disc_herniation were given, and the cards
// name the leg pain, not a diagnosis the person did not give.
func TestBelowKneeLegPainAppliesTheDiscColumn(t *testing.T) {
	lib, sci, sci0 := sciaticaPersonas(t)
	aboveKnee := sci0
	aboveKnee.LegPain = "above_knee"
	labelled := func(p Profile) Profile {
		p.Conditions = append(slices.Clone(p.Conditions), "disc_herniation")
		return p
	}
	for _, tc := range []struct {
		name string
		p    Profile
		out  []string // never planned, each with a card naming the leg pain
		in   []string // planned somewhere in the 12 weeks
	}{
		{"below the knee, no direction", sci0, []string{"cat-cow", "knee-rolls", "knee-to-chest", "open-book", "mcgill-curl-up"}, nil},
		{"below the knee, bending forward worse", sci, []string{"knee-rolls", "open-book", "cat-cow"}, []string{"sphinx"}},
		{"above the knee", aboveKnee, nil, []string{"knee-rolls"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := PlanWith(tc.p, lib, Choices{})
			for _, id := range tc.out {
				if n := sessionsOf(r, id); n > 0 {
					t.Errorf("%s planned %d times", id, n)
				}
				i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == id })
				switch {
				case i < 0:
					t.Errorf("%s has no card", id)
				case !strings.Contains(r.Excluded[i].Reason, "below the knee") || strings.Contains(r.Excluded[i].Reason, "disc herniation"):
					t.Errorf("%s card %q does not name the leg pain alone", id, r.Excluded[i].Reason)
				}
			}
			for _, id := range tc.in {
				if sessionsOf(r, id) == 0 {
					t.Errorf("%s not planned", id)
				}
			}
			if tc.p.LegPain != "below_knee" {
				return
			}
			// The plan is the one the diagnosis would give.
			d := PlanWith(labelled(tc.p), lib, Choices{})
			for _, e := range lib.All() {
				if a, b := sessionsOf(r, e.ID) > 0, sessionsOf(d, e.ID) > 0; a != b {
					t.Errorf("%s planned %v without the label, %v with disc_herniation", e.ID, a, b)
				}
			}
			// An avoid of the column needs its own confirmation key (V1).
			if keys := ConfirmationKeys(tc.p, lib, "childs-pose"); !slices.Contains(keys, "rating:"+RadicularColumn) {
				t.Errorf("child's pose keys %v, want rating:%s", keys, RadicularColumn)
			}
		})
	}
}

// Clinical review 4, N1 (rules V4, V5): under the bone rules for risk
// factors alone, a runner who ran before keeps walk-run under its normal
// gates (ROS 2022, clinical.md 4.1: moderate impact is fine without a
// vertebral fracture, and people used to running can continue); with a
// diagnosis or a vertebral fracture it stays out.
func TestRiskFactorRunnerKeepsWalkRun(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	ster50 := Profile{Age: 50, Sex: "female", LongTermSteroids: true, RanBefore: true, PainNow: 2, DurationWeeks: 6, ActivityLevel: "active", MinutesPerDay: 45, DaysPerWeek: 5}
	pm55ster := ster50
	pm55ster.Age, pm55ster.Postmenopausal = 55, true
	pm67run := Profile{Age: 67, Sex: "female", Postmenopausal: true, RanBefore: true, ClearedByClinician: true, PainNow: 2, DurationWeeks: 6, ActivityLevel: "active", MinutesPerDay: 45, DaysPerWeek: 5}
	pm67 := pm67run
	pm67.ClearedByClinician = false
	neverRan := ster50
	neverRan.RanBefore = false
	diagnosed := ster50
	diagnosed.Conditions = []string{"osteoporosis"}
	fracture := ster50
	fracture.VertebralFracture = true
	for _, tc := range []struct {
		name string
		p    Profile
		runs bool
		card string // with runs false: a phrase of walk-run's card
	}{
		{"steroids, ran before", ster50, true, ""},
		{"past the menopause and steroids, ran before", pm55ster, true, ""},
		{"67, past the menopause, cleared", pm67run, true, ""},
		{"67, past the menopause, not cleared", pm67, false, "from 65"},
		{"steroids, never ran", neverRan, false, "ran before this episode"},
		{"osteoporosis diagnosed", diagnosed, false, "with osteoporosis"},
		{"vertebral fracture", fracture, false, "walk-run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := PlanWith(tc.p, lib, Choices{})
			if n := sessionsOf(r, "walk-run"); (n > 0) != tc.runs {
				t.Fatalf("walk-run planned %d times, want planned %v", n, tc.runs)
			}
			if tc.runs {
				return
			}
			i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "walk-run" })
			switch {
			case i < 0:
				t.Errorf("walk-run has no card")
			case !strings.Contains(strings.ToLower(r.Excluded[i].Reason), tc.card):
				t.Errorf("walk-run card %q, want it to say %q", r.Excluded[i].Reason, tc.card)
			}
		})
	}
}
