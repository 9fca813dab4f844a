package web

import (
	"testing"

	"supple/internal/coach"
)

// The facts a clinician sees with a shared plan say the symptoms in both
// legs are long-standing (the only ones that get a plan).
func TestProfileFactsBothLegs(t *testing.T) {
	for _, tc := range []struct {
		p    coach.Profile
		want string
	}{
		{coach.Profile{LegPain: "both_legs", BothLegsOnset: coach.OnsetLongStanding}, "Pain, numbness or tingling in both legs (long-standing, not getting worse)"},
		{coach.Profile{LegPain: "below_knee"}, "Pain in one leg, going below the knee"},
	} {
		got := ""
		for _, f := range profileFacts(tc.p) {
			if f.Label == "Leg pain" {
				got = f.Value
			}
		}
		if got != tc.want {
			t.Errorf("leg pain %q, want %q", got, tc.want)
		}
	}
}
