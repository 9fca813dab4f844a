package coach_test

import (
	"strings"
	"testing"

	"supple/internal/coach"
)

// TestHarderStepsBirdDogDeadBug (rule R15): the bird dog moves on to the
// bird dog with a sweep and the dead bug to the dead bug with a straight
// leg, reached only through the harder-step progression, at the library's
// dose (R2), and never where the easier step or the harder one is left
// out.
func TestHarderStepsBirdDogDeadBug(t *testing.T) {
	lib := mustLibrary(t)
	acute := bodyBase(40, "moderate", 45, 5)
	acute.DurationWeeks = 1
	pregnant := bodyBase(31, "moderate", 45, 5)
	pregnant.Sex, pregnant.PregnancyWeeks = "female", 24
	vf := bodyBase(70, "light", 45, 5)
	vf.Sex, vf.VertebralFracture = "female", true
	disc := bodyBase(40, "moderate", 45, 5)
	disc.Conditions = []string{"disc_herniation"}
	tests := []struct {
		name  string
		p     coach.Profile
		reach []string // planned by week 12
		never []string
	}{
		{"45 min x 5", bodyBase(46, "moderate", 45, 5), []string{"bird-dog-sweep", "dead-bug-long-lever"}, nil},
		{"10 min a day", bodyBase(46, "sedentary", 10, 7), []string{"bird-dog-sweep"}, nil},
		{"acute", acute, nil, []string{"bird-dog-sweep", "dead-bug-long-lever"}},
		{"pregnant 24 weeks", pregnant, nil, []string{"bird-dog-sweep", "dead-bug-long-lever"}},
		{"vertebral fracture", vf, nil, []string{"bird-dog-sweep", "dead-bug-long-lever"}},
		{"disc herniation", disc, nil, []string{"dead-bug-long-lever"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := coach.Plan(tc.p, lib)
			checkInvariants(t, tc.p, r, lib)
			plans(tc.reach...)(t, lib, r)
			neverPlans(tc.never...)(t, lib, r)
			for _, id := range tc.never {
				if excludedReason(r, id) == "" && excludedReason(r, easierOf(t, lib, id)) == "" {
					t.Errorf("%s is neither planned nor explained", id)
				}
			}
		})
	}
}

func easierOf(t *testing.T, lib *coach.Library, id string) string {
	t.Helper()
	e, ok := lib.Get(id)
	if !ok {
		t.Fatalf("%s is not in the library", id)
	}
	return e.Easier
}

// TestHarderStepsOnlyAfterTheEasier: across the review personas, a
// harder step comes into a plan only after its easier step has been in
// it, and never while the easier step is left out for the person.
func TestHarderStepsOnlyAfterTheEasier(t *testing.T) {
	lib := mustLibrary(t)
	for name, p := range reviewProfiles() {
		t.Run(name, func(t *testing.T) {
			r := coach.Plan(p, lib)
			seen := map[string]bool{}
			_, byWeek := planned(r)
			for w, wk := range byWeek {
				for id := range wk {
					e, _ := lib.Get(id)
					if e.Easier == "" || e.Block != coach.Strength {
						continue
					}
					if excludedReason(r, e.Easier) != "" {
						t.Errorf("week %d: %s is planned though its easier step %s is left out", w+1, id, e.Easier)
					}
					if !seen[e.Easier] {
						t.Errorf("week %d: %s is planned before its easier step %s", w+1, id, e.Easier)
					}
				}
				for id := range wk {
					seen[id] = true
				}
			}
		})
	}
}

// TestBandRow (rule R17): with a resistance band, the band row is
// progressive resistance for the upper back; under the osteoporosis rules
// it comes into the plan (ROS 2022). Without a band, with a walking aid
// (both hands leave the support) or after a vertebral fracture (caution)
// it is left out with the reason.
func TestBandRow(t *testing.T) {
	lib := mustLibrary(t)
	osteo := bodyBase(62, "light", 30, 5)
	osteo.Sex, osteo.Postmenopausal, osteo.Access = "female", true, []string{coach.AccessBand}
	noBand := osteo
	noBand.Access = []string{}
	aid := osteo
	aid.MobilityAid = coach.AidWalking
	vf := osteo
	vf.VertebralFracture = true
	tests := []struct {
		name string
		p    coach.Profile
		plan bool
		why  string
	}{
		{"osteoporosis risk with a band", osteo, true, ""},
		{"no band", noBand, false, "resistance band"},
		{"walking aid", aid, false, "walking aid"},
		{"vertebral fracture", vf, false, "physical therapist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := coach.ValidateProfile(tc.p); err != nil {
				t.Fatalf("profile: %v", err)
			}
			r := coach.Plan(tc.p, lib)
			checkInvariants(t, tc.p, r, lib)
			if tc.plan {
				plans("band-row")(t, lib, r)
				return
			}
			neverPlans("band-row")(t, lib, r)
			if got := excludedReason(r, "band-row"); !strings.Contains(got, tc.why) {
				t.Errorf("band-row reason %q, want it to mention %q", got, tc.why)
			}
		})
	}
}

// TestSingleMobilitySlotRotates (rule R16): at 10 minutes a day, with one
// mobility exercise a day, a person without a preferred direction gets a
// new mobility exercise in week 9; one whose back eases bending backward
// keeps the lead of that direction every week.
func TestSingleMobilitySlotRotates(t *testing.T) {
	lib := mustLibrary(t)
	mobility := func(p coach.Profile) map[int]map[string]bool {
		out := map[int]map[string]bool{}
		for _, w := range coach.Plan(p, lib).Weeks {
			out[w.Week] = map[string]bool{}
			for _, d := range w.Days {
				for _, it := range d.Items {
					if it.Block == coach.Mobility {
						out[w.Week][it.Exercise] = true
					}
				}
			}
		}
		return out
	}
	neutral := mobility(bodyBase(46, "sedentary", 10, 7))
	for id := range neutral[9] {
		if neutral[8][id] {
			t.Errorf("week 9 keeps %s from week 8: the single mobility slot did not rotate", id)
		}
	}
	ext := bodyBase(46, "sedentary", 10, 7)
	ext.WorseWith, ext.BetterWith = []string{"sitting"}, []string{"lying_face_down"}
	for w, ids := range mobility(ext) {
		if len(ids) != 1 || !ids["sphinx"] && !ids["prone-press-up"] && !ids["cobra"] {
			t.Errorf("week %d: the extension preference's lead gave way: %v", w, ids)
		}
	}
}
