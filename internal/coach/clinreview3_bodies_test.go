package coach

import (
	"slices"
	"strings"
	"testing"
)

// Clinical review 3, M3 (rule F11, V4): being past the menopause alone
// brings bone-health advice and bone-loading work first, not the
// osteoporosis exclusions; a runner keeps her way back to running.
func TestPostmenopausalAloneIsNotOsteoporosis(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	pm55 := Profile{Age: 55, Sex: "female", Postmenopausal: true, RanBefore: true, PainNow: 3, DurationWeeks: 8, ActivityLevel: "active", MinutesPerDay: 45, DaysPerWeek: 6}
	pm66 := pm55
	pm66.Age, pm66.RanBefore = 66, false
	steroids := pm55
	steroids.LongTermSteroids = true
	diagnosed := pm55
	diagnosed.Conditions = []string{"osteoporosis"}
	for _, tc := range []struct {
		name     string
		p        Profile
		rules    bool   // the osteoporosis column applies
		card     string // wording of an osteoporosis card
		runs     bool
		advice   string
		notAdvic string
	}{
		{"postmenopausal at 55", pm55, false, "", true, "bone-health check", "rules for osteoporosis"},
		{"postmenopausal at 66", pm66, true, "because you may have weaker bones", false, "rules for osteoporosis", ""},
		{"postmenopausal on steroids", steroids, true, "because you may have weaker bones", true, "rules for osteoporosis", ""}, // ran before: walk-run stays (clinical review 4, N1)
		{"diagnosed", diagnosed, true, "with osteoporosis", false, "", "bone-health check"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := PlanWith(tc.p, lib, Choices{})
			i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "childs-pose" && strings.Contains(x.Reason, "fracture") })
			if tc.rules != (i >= 0) {
				t.Fatalf("child's pose left out %v, want %v", i >= 0, tc.rules)
			}
			if tc.rules && !strings.Contains(strings.ToLower(r.Excluded[i].Reason), tc.card) {
				t.Errorf("card %q, want %q", r.Excluded[i].Reason, tc.card)
			}
			if !tc.rules && slices.ContainsFunc(r.Excluded, func(x Excluded) bool {
				e, _ := lib.Get(x.Exercise)
				return !e.Avoid && (strings.Contains(strings.ToLower(x.Reason), "osteoporosis") || strings.Contains(x.Reason, "weaker bones"))
			}) {
				t.Errorf("cards under osteoporosis rules: %+v", r.Excluded)
			}
			if got := sessionsOf(r, "walk-run") > 0; got != tc.runs {
				t.Errorf("walk-run planned %v, want %v", got, tc.runs)
			}
			advice := strings.Join(r.Advice, "\n")
			if !strings.Contains(advice, tc.advice) || tc.notAdvic != "" && strings.Contains(advice, tc.notAdvic) {
				t.Errorf("advice, want %q, not %q:\n%s", tc.advice, tc.notAdvic, advice)
			}
			// Weight-bearing resistance leads the strength work.
			for _, w := range r.Weeks[2:3] {
				for _, d := range w.Days {
					if j := slices.IndexFunc(d.Items, func(it Item) bool { return it.Block == Strength }); j >= 0 && d.Items[j].Exercise != "sit-to-stand" {
						t.Errorf("week 3 day %d: first strength exercise %s, want sit-to-stand", d.Day, d.Items[j].Exercise)
					}
				}
			}
		})
	}
}

// Clinical review 3, L1 (rule F15): from 65, someone for whom getting up
// from the floor is hard (said, or taken so under F14) keeps a hand on
// the counter: no single-leg stance (its progression lets go) and no
// single-leg heel raise.
func TestFallCostlyBalance(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	frail := Profile{Age: 88, PainNow: 3, DurationWeeks: 20, ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5}
	hard := frail
	hard.Age, hard.FloorTransfer = 70, FloorHard
	easy := frail
	easy.FloorTransfer = FloorEasy
	for _, tc := range []struct {
		name string
		p    Profile
		out  bool
	}{{"88, floor unanswered (F14)", frail, true}, {"70, floor hard", hard, true}, {"88, floor easy", easy, false}} {
		t.Run(tc.name, func(t *testing.T) {
			r := Plan(tc.p, lib)
			for _, id := range []string{"single-leg-stance", "single-leg-heel-raise"} {
				if got := sessionsOf(r, id) == 0; tc.out && !got {
					t.Errorf("%s planned", id)
				}
			}
			if !tc.out && sessionsOf(r, "single-leg-stance") == 0 {
				t.Error("single-leg stance left out for someone who gets up from the floor easily")
			}
			for _, w := range r.Weeks {
				for _, d := range w.Days {
					for _, it := range d.Items {
						if it.Block == Balance && tc.out != strings.Contains(it.Why, "keep a hand on the counter") {
							t.Fatalf("week %d: balance why %q", w.Week, it.Why)
						}
					}
				}
			}
		})
	}
}

// Clinical review 3, L6 (rule F10): seated aerobic work is laid out in
// bouts of about 5 minutes with rests, as walking with a walking aid is
// (shoulder overuse is the main risk for manual wheelchair users).
func TestWheelchairAerobicInBouts(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, minutes := range []int{20, 45} {
		p := Profile{Age: 40, PainNow: 3, DurationWeeks: 20, ActivityLevel: "moderate", MobilityAid: AidWheelchair, MinutesPerDay: minutes, DaysPerWeek: 5}
		r := Plan(p, lib)
		n := 0
		for _, w := range r.Weeks {
			for _, d := range w.Days {
				for _, it := range d.Items {
					e, _ := lib.Get(it.Exercise)
					if !wheelchairAerobic(e) {
						continue
					}
					n++
					if want := (it.Minutes + 4) / 5; it.Sets != want || !strings.Contains(it.Why, "about 5 minutes") {
						t.Fatalf("%d min a day, week %d: %s %d min in %d bouts (want %d), why %q", minutes, w.Week, it.Exercise, it.Minutes, it.Sets, want, it.Why)
					}
				}
			}
		}
		if n == 0 {
			t.Fatalf("%d min a day: no seated aerobic work", minutes)
		}
	}
}
