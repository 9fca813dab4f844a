package coach_test

import (
	"strings"
	"testing"

	"supple/internal/coach"
)

// Every left-out exercise says whether a rule keeps it out or it is only
// not needed, so that pages can fold the second kind away (a plan leaves
// out thirty or more exercises, most of them safe).
func TestExcludedKinds(t *testing.T) {
	lib := mustLibrary(t)
	p := coach.Profile{Age: 62, PainNow: 4, DurationWeeks: 10, Conditions: []string{"spinal_stenosis"}, DaysPerWeek: 5, MinutesPerDay: 30}
	res := coach.Plan(p, lib)
	kinds := map[string]int{}
	for _, x := range res.Excluded {
		kinds[x.Kind]++
		switch x.Kind {
		case coach.KindRule:
		case coach.KindNotNeeded:
			if !strings.Contains(x.Reason, "safe for you") && !strings.Contains(x.Reason, "step") && !strings.Contains(x.Reason, "65") {
				t.Errorf("%s is not needed, but its reason does not say why: %q", x.Exercise, x.Reason)
			}
		default:
			t.Errorf("%s has no kind (%q): %q", x.Exercise, x.Kind, x.Reason)
		}
	}
	if kinds[coach.KindRule] == 0 || kinds[coach.KindNotNeeded] == 0 {
		t.Errorf("stenosis at 62: %v, want both kinds", kinds)
	}
	for _, x := range res.Excluded {
		if x.Exercise == "cobra" && x.Kind != coach.KindRule {
			t.Errorf("cobra with spinal stenosis is %q, want %q", x.Kind, coach.KindRule)
		}
	}
}
