package coach

import (
	"slices"
	"strings"
	"testing"
)

// Clinical review 3, M2 (rule V7): the disc/radiculopathy cautions come
// with leg pain below the knee, not only with the diagnosis label.
func TestBelowKneeLegPainKeepsDiscCautions(t *testing.T) {
	lib, sci, sci0 := sciaticaPersonas(t)
	aboveKnee := sci
	aboveKnee.LegPain = "above_knee"
	for _, tc := range []struct {
		name string
		p    Profile
		out  []string
		in   []string // planned somewhere in the 12 weeks
	}{
		{"below the knee, bending forward worse", sci, []string{"cat-cow", "downward-dog-chair", "downward-dog", "dead-bug-long-lever"}, []string{"sphinx"}},
		{"below the knee, no direction", sci0, []string{"downward-dog-chair", "downward-dog", "dead-bug-long-lever"}, nil}, // cat-cow: the disc column's caution (TestBelowKneeLegPainAppliesTheDiscColumn)
		{"above the knee, bending forward worse", aboveKnee, nil, []string{"cat-cow"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := PlanWith(tc.p, lib, Choices{})
			for _, id := range tc.out {
				if n := sessionsOf(r, id); n > 0 {
					t.Errorf("%s planned %d times", id, n)
				}
				if !slices.ContainsFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == id && strings.Contains(x.Reason, "below the knee") }) {
					t.Errorf("%s has no card naming the leg pain", id)
				}
				if len(ConfirmationKeys(tc.p, lib, id)) == 0 {
					t.Errorf("%s can be prescribed with no confirmation", id)
				}
			}
			for _, id := range tc.in {
				if sessionsOf(r, id) == 0 {
					t.Errorf("%s not planned", id)
				}
			}
		})
	}
}

// sciaticaPersonas are the reviews' sciatica personas: 42, pain 5 for 6
// weeks, leg pain below the knee, with sitting and bending forward worse
// (sci) and with no direction (sci0).
func sciaticaPersonas(t *testing.T) (lib *Library, sci, sci0 Profile) {
	t.Helper()
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	sci = Profile{Age: 42, PainNow: 5, DurationWeeks: 6, LegPain: "below_knee", WorseWith: []string{"sitting", "bending_forward"}, ActivityLevel: "light", MinutesPerDay: 30, DaysPerWeek: 5}
	sci0 = sci
	sci0.WorseWith = nil
	return lib, sci, sci0
}
