package coach_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/validate"
)

// day15 is plan day 15 (week 3, day 1): the first strength day.
var day15 = coach.PlanDate(start, 3, 1)

func planDays(r coach.Result) map[int]coach.Day {
	out := map[int]coach.Day{}
	for _, w := range r.Weeks {
		for _, d := range w.Days {
			out[(w.Week-1)*7+d.Day-1] = d
		}
	}
	return out
}

func dayUses(d coach.Day, id string) bool {
	return slices.ContainsFunc(d.Items, func(it coach.Item) bool { return it.Exercise == id })
}

func adjusted(r coach.Result, change, exercise string, words ...string) bool {
	for _, a := range r.Adjustments {
		if a.Change != change || exercise != "" && a.Exercise != exercise {
			continue
		}
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(a.Reason, w) }) {
			return true
		}
	}
	return false
}

// across is a plan with the given inputs from day15 on (and none before).
func across(p coach.Profile, lib *coach.Library, later coach.Segment, logs ...coach.Log) coach.Result {
	later.From = day15
	if later.Library == nil {
		later.Library = lib
	}
	return coach.AdaptAcross(p, []coach.Segment{{From: start, Library: lib}, later},
		coach.History{Start: start, Today: day15, Logs: logs})
}

// The member's swap is used from its day on wherever the engine would
// plan the exercise; the days before stay as they were, and an
// adjustment names both exercises.
func TestSwapIsUsedFromItsDay(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	before := coach.Plan(p, lib)
	ch := &coach.Choices{Swaps: map[string]coach.Swap{"bird-dog": {With: "glute-bridge", From: day15}}}
	r := across(p, lib, coach.Segment{Choices: ch})
	old, now := planDays(before), planDays(r)
	used := false
	for n := range coach.PlanWeeks * 7 {
		switch {
		case n < 14 && !reflect.DeepEqual(old[n], now[n]):
			t.Errorf("day %d changed before the swap", n)
		case n >= 14 && dayUses(now[n], "bird-dog"):
			t.Errorf("day %d still plans bird dog after the swap", n)
		case n >= 14 && dayUses(old[n], "bird-dog"):
			used = used || dayUses(now[n], "glute-bridge")
			if !dayUses(now[n], "glute-bridge") {
				t.Errorf("day %d: no glute bridge in place of bird dog", n)
			}
		}
	}
	if !used {
		t.Fatal("the swap was never used")
	}
	if !adjusted(r, coach.ChangeSwap, "bird-dog", "glute bridge", "bird dog") {
		t.Errorf("no swap adjustment naming both: %+v", r.Adjustments)
	}
	if reason := excludedReason(r, "bird-dog"); !strings.Contains(reason, "glute bridge") || !strings.Contains(reason, "undo") {
		t.Errorf("bird dog's card = %q, want what replaces it and undo", reason)
	}
	// Undone from a later day: bird dog is back from then on.
	undo := coach.PlanDate(start, 6, 1)
	r2 := coach.AdaptAcross(p, []coach.Segment{{From: start, Library: lib}, {From: day15, Library: lib, Choices: ch},
		{From: undo, Library: lib, Choices: &coach.Choices{}}}, coach.History{Start: start, Today: undo})
	d2 := planDays(r2)
	for n := 14; n < 35; n++ {
		if !reflect.DeepEqual(d2[n], now[n]) {
			t.Errorf("day %d changed when the swap was undone later", n)
		}
	}
	if !slices.ContainsFunc(r2.Weeks[5].Days, func(d coach.Day) bool { return dayUses(d, "bird-dog") }) {
		t.Error("bird dog is not back after the undo")
	}
	if !adjusted(r2, coach.ChangeSwap, "bird-dog", "undid") {
		t.Errorf("no undo adjustment: %+v", r2.Adjustments)
	}
}

// A swap to an exercise that is unknown, in another block or not allowed
// for the person is refused with the reason, as a field error on "with".
func TestSwapRefusals(t *testing.T) {
	lib := mustLibrary(t)
	osteo := with(func(p *coach.Profile) { p.Conditions = []string{"osteoporosis"} })
	cannot := with(func(p *coach.Profile) { p.FloorTransfer = coach.FloorCannot })
	for _, c := range []struct {
		name          string
		p             coach.Profile
		exercise, alt string
		ok            bool
		says          string
	}{
		{"eligible", base(), "bird-dog", "glute-bridge", true, ""},
		{"unknown alternative", base(), "bird-dog", "moonwalk", false, `"moonwalk" is not an exercise`},
		{"unknown exercise", base(), "moonwalk", "bird-dog", false, `"moonwalk" is not an exercise`},
		{"other block", base(), "bird-dog", "cat-cow", false, "same part of the session"},
		{"itself", base(), "bird-dog", "bird-dog", false, "itself"},
		{"never planned", base(), "bird-dog", "sit-up", false, "never part of a plan"},
		{"condition", osteo, "cat-cow", "childs-pose", false, "osteoporosis"},
		{"capability", cannot, "sit-to-stand", "bird-dog", false, "floor"},
		{"harder step", base(), "bird-dog", "side-plank", false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := coach.CheckSwap(c.p, lib, coach.Choices{}, c.exercise, c.alt)
			if c.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var se *coach.SwapError
			var ve validate.Errors
			if !errors.As(err, &se) || !errors.As(err, &ve) || ve.For("with") == "" {
				t.Fatalf("err = %v, want a *SwapError that is a field error on with", err)
			}
			if !strings.Contains(strings.ToLower(se.Reason), strings.ToLower(c.says)) {
				t.Errorf("reason %q does not say %q", se.Reason, c.says)
			}
			if slices.ContainsFunc(coach.Alternatives(c.p, lib, coach.Choices{}, c.exercise), func(e *coach.Exercise) bool { return e.ID == c.alt }) {
				t.Errorf("%s is offered as an alternative", c.alt)
			}
		})
	}
}

// Every alternative offered is accepted and used: same block, allowed.
func TestAlternativesAreEligible(t *testing.T) {
	lib := mustLibrary(t)
	for _, p := range []coach.Profile{base(), with(func(p *coach.Profile) { p.Conditions = []string{"osteoporosis"}; p.Age = 70 }),
		with(func(p *coach.Profile) { p.FloorTransfer = coach.FloorCannot })} {
		r := coach.Plan(p, lib)
		for id := range usedIDs(r) {
			x, _ := lib.Get(id)
			for _, alt := range coach.Alternatives(p, lib, coach.Choices{}, id) {
				if alt.Block != x.Block {
					t.Errorf("%s offered for %s: another block", alt.ID, id)
				}
				if err := coach.CheckSwap(p, lib, coach.Choices{}, id, alt.ID); err != nil {
					t.Errorf("%s offered for %s but refused: %v", alt.ID, id, err)
				}
				if excludedHard(coach.Plan(p, lib), alt.ID) {
					t.Errorf("%s offered for %s though the rules leave it out", alt.ID, id)
				}
			}
		}
	}
}

func usedIDs(r coach.Result) map[string]bool {
	out := map[string]bool{}
	for _, d := range planDays(r) {
		for _, it := range d.Items {
			out[it.Exercise] = true
		}
	}
	return out
}

func excludedHard(r coach.Result, id string) bool {
	reason := excludedReason(r, id)
	return strings.Contains(reason, "never part of a plan") || strings.Contains(reason, "you did not say") || strings.Contains(reason, "floor")
}

// A swap whose alternative becomes excluded later (a condition, the
// library, what the logs report) falls back to the engine's choice,
// with an adjustment that says so.
func TestSwapFallsBackSafely(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	ch := &coach.Choices{Swaps: map[string]coach.Swap{"cat-cow": {With: "knee-to-chest", From: start}, "downward-dog-chair": {With: "knee-to-chest", From: start}}}
	disc := p
	disc.WorseWith, disc.BetterWith = []string{"sitting", "bending_forward"}, []string{"bending_backward"}
	gone := changedLibrary(t, lib, func(e *coach.Exercise) {
		if e.ID == "knee-to-chest" {
			e.Avoid, e.AvoidReason = true, "it was withdrawn for review."
		}
	})
	for _, c := range []struct {
		name  string
		later coach.Segment
	}{
		{"library", coach.Segment{Library: gone}},
		{"direction", coach.Segment{Profile: &disc}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := coach.AdaptAcross(p, []coach.Segment{{From: start, Library: lib, Choices: ch}, {From: day15, Library: c.later.Library, Profile: c.later.Profile}},
				coach.History{Start: start, Today: day15})
			days := planDays(r)
			if !dayUses(days[0], "knee-to-chest") {
				t.Fatalf("the swap was not used on day 1: %+v", days[0].Items)
			}
			for n := 14; n < coach.PlanWeeks*7; n++ {
				if dayUses(days[n], "knee-to-chest") {
					t.Fatalf("day %d plans knee-to-chest after it was excluded", n)
				}
			}
			if !adjusted(r, coach.ChangeSwap, "downward-dog-chair", "is back", "knee-to-chest", "no longer fits") &&
				!adjusted(r, coach.ChangeSwap, "cat-cow", "is back", "knee-to-chest", "no longer fits") {
				t.Errorf("no fallback adjustment: %+v", r.Adjustments)
			}
		})
	}
}

// A clinician's prescriptions: exclude, add at the dose, cap, review;
// each shown to the member with the clinician's name and reason.
func TestPrescriptionsAreObeyed(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	rx := func(r coach.Prescription) coach.Prescription {
		r.By, r.From, r.Reason = "Dr Ana Ruiz", day15, "we agreed this at your visit"
		return r
	}
	for _, c := range []struct {
		name  string
		rx    coach.Prescription
		check func(t *testing.T, r coach.Result, days map[int]coach.Day)
	}{
		{"exclude", rx(coach.Prescription{ID: 1, Kind: coach.PrescribeExclude, Exercise: "downward-dog-chair"}), func(t *testing.T, r coach.Result, days map[int]coach.Day) {
			if !dayUses(days[0], "downward-dog-chair") {
				t.Fatal("the exercise was not planned before the prescription")
			}
			// Its harder step is out with it: the same movement, harder,
			// must not fill the place the clinician emptied (UX review 3, H1).
			for n := 14; n < len(days); n++ {
				if dayUses(days[n], "downward-dog-chair") || dayUses(days[n], "downward-dog") {
					t.Fatalf("day %d still plans it or its harder step: %+v", n, days[n].Items)
				}
			}
			if why := excludedReason(r, "downward-dog-chair"); !strings.Contains(why, "Dr Ana Ruiz") || !strings.Contains(why, "we agreed") {
				t.Errorf("card = %q", why)
			}
			if why := excludedReason(r, "downward-dog"); !strings.Contains(why, "harder step of chair downward dog") || !strings.Contains(why, "Dr Ana Ruiz") {
				t.Errorf("the harder step's card = %q", why)
			}
		}},
		{"add", rx(coach.Prescription{ID: 2, Kind: coach.PrescribeAdd, Exercise: "cat-cow", Dose: &coach.Dose{Sets: 2, Reps: 10}}), func(t *testing.T, r coach.Result, days map[int]coach.Day) {
			n := 0
			for i := 14; i < len(days); i++ {
				for _, it := range days[i].Items {
					if it.Exercise == "cat-cow" {
						n++
						if it.Reps != 10 || it.Sets < 1 || it.Sets > 2 {
							t.Errorf("day %d: cat-cow at %d × %d, want the prescribed 2 × 10 (1 in a lighter week)", i, it.Sets, it.Reps)
						}
					}
				}
				if m := dayMinutes(days[i]); m > p.MinutesPerDay {
					t.Errorf("day %d: %d minutes, over the %d a day", i, m, p.MinutesPerDay)
				}
			}
			if n == 0 {
				t.Fatal("cat-cow never planned")
			}
			if dayUses(days[0], "cat-cow") {
				t.Error("cat-cow planned before the prescription")
			}
		}},
		{"cap", rx(coach.Prescription{ID: 3, Kind: coach.PrescribeCapMinutes, CapMinutes: 60}), func(t *testing.T, r coach.Result, _ map[int]coach.Day) {
			for _, w := range r.Weeks[2:] {
				if w.TotalMinutes > 60 {
					t.Errorf("week %d: %d minutes, over the cap of 60", w.Week, w.TotalMinutes)
				}
			}
		}},
		{"review", rx(coach.Prescription{ID: 4, Kind: coach.PrescribeReviewOn, ReviewOn: "2026-10-19"}), func(t *testing.T, r coach.Result, _ map[int]coach.Day) {
			if !adjusted(r, coach.ChangePrescription, "", "Monday 19 October") {
				t.Errorf("no review adjustment: %+v", r.Adjustments)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := across(p, lib, coach.Segment{Choices: &coach.Choices{Prescriptions: []coach.Prescription{c.rx}}})
			c.check(t, r, planDays(r))
			if !adjusted(r, coach.ChangePrescription, c.rx.Exercise, "Your physio Dr Ana Ruiz", "we agreed this at your visit") {
				t.Errorf("no prescription adjustment with name and reason: %+v", r.Adjustments)
			}
			old := planDays(coach.Plan(p, lib))
			for n, d := range planDays(r) {
				if n < 14 && !reflect.DeepEqual(old[n], d) {
					t.Errorf("day %d changed before the prescription", n)
				}
			}
		})
	}
}

// Safety wins over prescriptions: a red flag still refers, and a flare
// still steps back.
func TestSafetyActsOnPrescriptions(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	ch := coach.Choices{Prescriptions: []coach.Prescription{{ID: 1, Kind: coach.PrescribeAdd, Exercise: "cat-cow", Dose: &coach.Dose{Sets: 2, Reps: 10}, Reason: "r", By: "A", From: start}}}
	flag := session(1, 1)
	flag.RedFlags = []string{"saddle_numbness"}
	r := coach.AdaptWith(p, lib, ch, coach.History{Start: start, Today: coach.PlanDate(start, 1, 2), Logs: []coach.Log{flag}})
	if r.Status != coach.StatusReferred {
		t.Errorf("a red flag with a prescription: status %s, want referred", r.Status)
	}
	flare := session(3, 1)
	flare.PainAfter, flare.PainNextMorning = ip(8), ip(7)
	logs := append(logWeeks(coach.PlanWith(p, lib, ch), 1, 2, nil), flare)
	r = coach.AdaptWith(p, lib, ch, coach.History{Start: start, Today: coach.PlanDate(start, 3, 3), Logs: logs})
	if !slices.ContainsFunc(r.Adjustments, func(a coach.Adjustment) bool { return a.Change == coach.ChangeStepBack }) {
		t.Errorf("a flare with a prescription did not step back: %v", changes(r))
	}
}

// Adding an exercise the rules leave out for the person needs the
// clinician's confirmation; the error names the rating and why. Doses
// out of range name the field.
func TestCheckPrescription(t *testing.T) {
	lib := mustLibrary(t)
	osteo := with(func(p *coach.Profile) { p.Conditions = []string{"osteoporosis"} })
	add := func(id string, d coach.Dose, confirmed bool) coach.Prescription {
		rx := coach.Prescription{Kind: coach.PrescribeAdd, Exercise: id, Dose: &d, Reason: "r", ConfirmedAvoid: confirmed}
		if confirmed {
			rx.Confirmed = coach.ConfirmationKeys(osteo, lib, id)
		}
		return rx
	}
	for _, c := range []struct {
		name  string
		p     coach.Profile
		rx    coach.Prescription
		field string
		says  string
	}{
		{"fine", base(), add("cat-cow", coach.Dose{Sets: 2, Reps: 10}, false), "", ""},
		{"never list", osteo, add("toe-touch", coach.Dose{Sets: 1, Reps: 5}, true), "add", "No confirmation can add it"},
		{"avoid rating", osteo, add("knee-rolls", coach.Dose{Sets: 1, Reps: 5}, false), "confirmed_avoid", "rated avoid for osteoporosis"},
		{"avoid confirmed", osteo, add("knee-rolls", coach.Dose{Sets: 1, Reps: 5}, true), "", ""},
		{"sets", base(), add("cat-cow", coach.Dose{Sets: 0, Reps: 10}, false), "dose.sets", "from 1 to 6"},
		{"reps", base(), add("cat-cow", coach.Dose{Sets: 1, Reps: 99}, false), "dose.reps", "not 99"},
		{"empty dose", base(), add("cat-cow", coach.Dose{Sets: 1}, false), "dose", "needs reps"},
		{"unknown", base(), add("moonwalk", coach.Dose{Sets: 1, Reps: 1}, false), "add", "not an exercise"},
		{"no reason", base(), coach.Prescription{Kind: coach.PrescribeExclude, Exercise: "cat-cow"}, "reason", "reason"},
		{"cap", base(), coach.Prescription{Kind: coach.PrescribeCapMinutes, CapMinutes: 5, Reason: "r"}, "cap_minutes", "10 to 600"},
		{"review", base(), coach.Prescription{Kind: coach.PrescribeReviewOn, ReviewOn: "soon", Reason: "r"}, "review_on", "YYYY-MM-DD"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := coach.CheckPrescription(c.p, lib, c.rx)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ve validate.Errors
			if !errors.As(err, &ve) || !strings.Contains(ve.For(c.field), c.says) {
				t.Fatalf("err = %v, want %s saying %q", err, c.field, c.says)
			}
		})
	}
	// Unconfirmed, it stays out and the member is told why.
	un := add("knee-rolls", coach.Dose{Sets: 1, Reps: 5}, false)
	un.By, un.From = "A", start
	uch := &coach.Choices{Prescriptions: []coach.Prescription{un}}
	ur := coach.AdaptAcross(osteo, []coach.Segment{{From: start, Library: lib, Choices: uch}}, coach.History{Start: start, Today: start})
	if usedIDs(ur)["knee-rolls"] || !adjusted(ur, coach.ChangePrescription, "knee-rolls", "stays out of your plan until they confirm it", "osteoporosis") {
		t.Errorf("an unconfirmed add of an avoid-rated exercise is planned or not explained: %+v", ur.Adjustments)
	}
	// Confirmed, it is planned.
	rx := add("knee-rolls", coach.Dose{Sets: 1, Reps: 5}, true)
	rx.By, rx.From = "A", start
	r := coach.PlanWith(osteo, lib, coach.Choices{Prescriptions: []coach.Prescription{rx}})
	if !usedIDs(r)["knee-rolls"] || !adjusted(coach.AdaptAcross(osteo, []coach.Segment{{From: start, Library: lib, Choices: &coach.Choices{Prescriptions: []coach.Prescription{rx}}}},
		coach.History{Start: start, Today: start}), coach.ChangePrescription, "knee-rolls", "confirmed") {
		t.Error("a confirmed add is not planned, or not worded as confirmed")
	}
}

// A settings change lays the plan out with the new days, minutes and
// equipment from its day on, with an adjustment; lived days stay.
func TestSettingsChangeFromADay(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	np := p
	np.DaysPerWeek, np.MinutesPerDay, np.Access = 3, 45, []string{"pool"}
	r := across(p, lib, coach.Segment{Profile: &np})
	old := planDays(coach.Plan(p, lib))
	days := planDays(r)
	for n := range 14 {
		if !reflect.DeepEqual(old[n], days[n]) {
			t.Errorf("day %d changed before the settings change", n)
		}
	}
	for w := 3; w <= coach.PlanWeeks; w++ {
		active := 0
		for _, d := range r.Weeks[w-1].Days {
			if !d.Rest {
				active++
			}
			if m := dayMinutes(d); m > 45 {
				t.Errorf("week %d day %d: %d minutes, over 45", w, d.Day, m)
			}
		}
		if active != 3 {
			t.Errorf("week %d: %d active days, want 3", w, active)
		}
	}
	if !adjusted(r, coach.ChangeSettings, "", "3 days a week (was 5)", "45 minutes a day (was 30)", "a pool", "already lived") {
		t.Errorf("no settings adjustment: %+v", r.Adjustments)
	}
}

// Property: whatever inputs change on a day, the days before it never
// change, with or without logs.
func TestInputChangesKeepLivedDays(t *testing.T) {
	lib := mustLibrary(t)
	rng := rand.New(rand.NewPCG(15, 17))
	ids := []string{}
	for _, e := range lib.All() {
		ids = append(ids, e.ID)
	}
	for i := range 40 {
		p := base()
		p.DaysPerWeek, p.MinutesPerDay = 2+rng.IntN(5), 15+5*rng.IntN(8)
		cut := 1 + rng.IntN(coach.PlanWeeks*7-1)
		from := start.AddDate(0, 0, cut)
		var logs []coach.Log
		if rng.IntN(2) == 0 {
			logs = liveRandom(t, p, lib, max(1, cut/7), rng, map[[2]int]coach.Day{})
		}
		h := coach.History{Start: start, Today: from, Logs: logs}
		seg := coach.Segment{From: from, Library: lib}
		switch rng.IntN(4) {
		case 0:
			np := p
			np.DaysPerWeek, np.MinutesPerDay = 2+rng.IntN(5), 10+5*rng.IntN(10)
			seg.Profile = &np
		case 1:
			seg.Choices = &coach.Choices{Swaps: map[string]coach.Swap{ids[rng.IntN(len(ids))]: {With: ids[rng.IntN(len(ids))], From: from}}}
		case 2:
			seg.Choices = &coach.Choices{Prescriptions: []coach.Prescription{{ID: 1, Kind: coach.PrescribeExclude, Exercise: ids[rng.IntN(len(ids))], Reason: "r", From: from}}}
		default:
			seg.Choices = &coach.Choices{Prescriptions: []coach.Prescription{{ID: 1, Kind: coach.PrescribeAdd, Exercise: ids[rng.IntN(len(ids))],
				Dose: &coach.Dose{Sets: 1 + rng.IntN(3), Reps: 5 + rng.IntN(10)}, Reason: "r", From: from}}}
		}
		before := planDays(coach.AdaptAcross(p, []coach.Segment{{From: start, Library: lib}}, h))
		after := coach.AdaptAcross(p, []coach.Segment{{From: start, Library: lib}, seg}, h)
		if after.Status != coach.StatusPlan {
			continue
		}
		for n, d := range planDays(after) {
			if n < cut && !reflect.DeepEqual(before[n], d) {
				t.Fatalf("case %d: a change from day %d changed day %d:\nbefore %+v\nafter  %+v", i, cut, n, before[n], d)
			}
		}
	}
}

func BenchmarkAdaptAcrossInputs(b *testing.B) {
	lib := mustLibrary(b)
	p := base()
	np := p
	np.DaysPerWeek = 4
	segs := []coach.Segment{{From: start, Library: lib, Choices: &coach.Choices{Swaps: map[string]coach.Swap{"bird-dog": {With: "glute-bridge", From: start}}}},
		{From: day15, Library: lib, Profile: &np}}
	h := coach.History{Start: start, Today: day15, Logs: logWeeks(coach.Plan(p, lib), 1, 2, nil)}
	b.ReportAllocs()
	for b.Loop() {
		_ = coach.AdaptAcross(p, segs, h)
	}
}

var _ = fmt.Sprint
var _ = time.Now

// A clinician's exclusion of the balance exercise takes its harder step
// with it (I7); a plan left with no balance work says so and whose
// prescription it comes from (clinical review 4, N3).
func TestExcludedBalanceIsSaid(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	p.Age = 70
	rx := coach.Prescription{ID: 1, Kind: coach.PrescribeExclude, Exercise: "tandem-stance", By: "Dr Ana Ruiz", From: start, Reason: "your balance needs checking first"}
	before := coach.PlanWith(p, lib, coach.Choices{})
	if !slices.ContainsFunc(slices.Collect(maps.Values(planDays(before))), func(d coach.Day) bool { return dayUses(d, "tandem-stance") }) {
		t.Fatal("tandem stance is not planned for a 70-year-old without the prescription")
	}
	r := coach.PlanWith(p, lib, coach.Choices{Prescriptions: []coach.Prescription{rx}})
	for n, d := range planDays(r) {
		for _, it := range d.Items {
			if e, _ := lib.Get(it.Exercise); e != nil && e.Block == coach.Balance {
				t.Fatalf("plan day %d plans %s after the clinician excluded tandem stance", n+1, it.Exercise)
			}
		}
	}
	if !slices.ContainsFunc(r.Advice, func(a string) bool {
		return strings.Contains(a, "no balance exercise") && strings.Contains(a, "Dr Ana Ruiz")
	}) {
		t.Errorf("the advice does not say the plan has no balance work, and why: %q", r.Advice)
	}
}
