package coach_test

import (
	"strings"
	"testing"

	"supple/internal/coach"
)

// TestProfileSwaps: swaps given with the profile apply from the first day
// where the alternative is eligible; an unknown id or an ineligible
// alternative is refused on the field "swaps" with the reason.
func TestProfileSwaps(t *testing.T) {
	lib := mustLibrary(t)
	p := bodyBase(46, "moderate", 45, 5)
	first := coach.Plan(p, lib).Weeks[0].Days[0].Items[0]
	alts := coach.Alternatives(p, lib, coach.Choices{}, first.Exercise)
	if len(alts) == 0 {
		t.Fatalf("%s has no alternatives", first.Exercise)
	}
	p.Swaps = map[string]string{first.Exercise: alts[0].ID}
	if e := coach.CheckProfileSwaps(p, lib); len(e) > 0 {
		t.Fatalf("eligible swap refused: %v", e)
	}
	r := coach.Plan(p, lib)
	all, _ := planned(r)
	if all[first.Exercise] || !all[alts[0].ID] {
		t.Errorf("swap %s -> %s: planned %v", first.Exercise, alts[0].ID, all)
	}
	if got := r.Weeks[0].Days[0].Items[0].Exercise; got != alts[0].ID {
		t.Errorf("day 1 starts with %s, want the swap's %s", got, alts[0].ID)
	}

	pregnant := bodyBase(31, "moderate", 30, 5)
	pregnant.Sex, pregnant.PregnancyWeeks = "female", 24
	for _, tc := range []struct {
		name  string
		p     coach.Profile
		swaps map[string]string
		want  string
	}{
		{"unknown exercise", p, map[string]string{"handstand": "cat-cow"}, `"handstand" is not an exercise`},
		{"unknown alternative", p, map[string]string{"cat-cow": "handstand"}, `"handstand" is not an exercise`},
		{"another block", p, map[string]string{"cat-cow": "bird-dog"}, "same part of the session"},
		{"ineligible for the person", pregnant, map[string]string{"bird-dog": "dead-bug"}, "lying on your back"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.p.Swaps = tc.swaps
			e := coach.CheckProfileSwaps(tc.p, lib)
			if len(e) == 0 || e[0].Field != "swaps" || !strings.Contains(e[0].Message, tc.want) || !strings.Contains(e[0].Message, "swaps") {
				t.Errorf("errors %v, want one on swaps with %q", e, tc.want)
			}
		})
	}
}
