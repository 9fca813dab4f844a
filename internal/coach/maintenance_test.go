package coach_test

import (
	"fmt"
	"strings"
	"testing"

	"supple/internal/coach"
)

// TestAfterWeek12: every plan says what to do after week 12
// (clinical.md 5.6): keep week 12 when it meets the WHO levels, or start
// a new block from the level reached; not for a plan that runs into the
// birth, which says to stop then.
func TestAfterWeek12(t *testing.T) {
	lib := mustLibrary(t)
	preg := bodyBase(31, "moderate", 30, 5)
	preg.Sex, preg.PregnancyWeeks = "female", 30
	wheel := bodyBase(45, "light", 30, 5)
	wheel.MobilityAid = coach.AidWheelchair
	wheel45 := wheel
	wheel45.MinutesPerDay = 45
	for _, tt := range []struct {
		name  string
		p     coach.Profile
		words []string // "" : no advice after week 12
	}{
		{"45 x 5 meets the levels", bodyBase(46, "moderate", 45, 5), []string{"keep week 12 as your usual week", "300"}},
		{"30 x 5 falls short", bodyBase(46, "moderate", 30, 5), []string{"new block", "answer the questions again"}},
		{"10 a day falls short", bodyBase(46, "sedentary", 10, 7), []string{"new block"}},
		{"wheelchair, 30 x 5: seated aerobic work, short of 150", wheel, []string{"new block"}},
		{"wheelchair, 45 x 5: seated aerobic work meets the levels", wheel45, []string{"keep week 12 as your usual week"}},
		{"pregnancy into the birth", preg, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := coach.Plan(tt.p, lib)
			after := ""
			for _, a := range r.Advice {
				if strings.HasPrefix(a, "After week 12") {
					after = a
				}
			}
			if tt.words == nil {
				if after != "" {
					t.Errorf("advice after week 12 for a plan that runs into the birth: %q", after)
				}
				return
			}
			for _, w := range tt.words {
				if !strings.Contains(after, w) {
					t.Errorf("after-week-12 advice %q does not say %q", after, w)
				}
			}
			if m := r.Weeks[coach.PlanWeeks-1].ModerateMinutes; m > 0 && !strings.Contains(after, fmt.Sprint(m)) {
				t.Errorf("after-week-12 advice %q does not name week 12's %d moderate minutes", after, m)
			}
		})
	}
}
