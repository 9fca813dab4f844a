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
