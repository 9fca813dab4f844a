package coach

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// planStart is the first day of the clinical review 3 plans.
var planStart = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// runningDays are the plan days (0-based) with walk-run.
func runningDays(r Result) []int {
	var out []int
	for _, w := range r.Weeks {
		for _, d := range w.Days {
			if slices.ContainsFunc(d.Items, func(it Item) bool { return it.Exercise == "walk-run" }) {
				out = append(out, dayIndex(w.Week, d.Day))
			}
		}
	}
	return out
}

func pausedNote(r Result, exercise string, week int) bool {
	return slices.ContainsFunc(r.Adjustments, func(a Adjustment) bool {
		return a.Change == ChangePrescription && a.Exercise == exercise && a.Week == week &&
			strings.Contains(a.Reason, "paused") && strings.Contains(a.Reason, "confirm it again")
	})
}

// Clinical review 3, H1 (rule V10): a clinician cannot add walk-run; it
// is refused at prescribing time, confirmed or not, and an add stored
// before the rule is not planned. The engine's own walk-run path, with
// every safeguard, stays for whoever it fits.
func TestPrescribedWalkRunIsRefused(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	runner := Profile{Age: 34, PainNow: 2, DurationWeeks: 3, ActivityLevel: "active", RanBefore: true, MinutesPerDay: 45, DaysPerWeek: 6}
	neverRan := runner
	neverRan.RanBefore = false
	older := runner
	older.Age = 68
	sciatica := runner
	sciatica.LegPain, sciatica.PainNow = "below_knee", 6
	for _, tc := range []struct {
		name string
		p    Profile
	}{{"runner who fits walk-run", runner}, {"never ran", neverRan}, {"68", older}, {"pain 6 and leg pain below the knee", sciatica}} {
		t.Run(tc.name, func(t *testing.T) {
			own := PlanWith(tc.p, lib, Choices{})
			for _, confirmed := range []bool{false, true} {
				rx := Prescription{ID: 7, Kind: PrescribeAdd, Exercise: "walk-run", Dose: &Dose{Sets: 1, Minutes: 30}, Reason: "back to running", By: "Sam Okafor", From: planStart,
					ConfirmedAvoid: confirmed}
				if confirmed {
					rx.Confirmed = ConfirmationKeys(tc.p, lib, "walk-run")
				}
				var pe *PrescriptionError
				if err := CheckPrescription(tc.p, lib, rx); !errors.As(err, &pe) || pe.Field != "add" || !strings.Contains(pe.Reason, "brisk walking") || !strings.Contains(pe.Reason, "No confirmation") {
					t.Fatalf("confirmed %v: CheckPrescription = %v, want a refusal on add naming brisk walking", confirmed, err)
				}
				r := PlanWith(tc.p, lib, Choices{Prescriptions: []Prescription{rx}})
				if got, want := runningDays(r), runningDays(own); !slices.Equal(got, want) {
					t.Fatalf("confirmed %v: walk-run on days %v, the engine's own plan has %v", confirmed, got, want)
				}
				// A walk-run add stored before the rule: the member is told it cannot be part of the plan.
				ch := &Choices{Prescriptions: []Prescription{rx}}
				a := AdaptAcross(tc.p, []Segment{{From: planStart, Library: lib, Profile: &tc.p, Choices: ch}}, History{Start: planStart})
				if !slices.ContainsFunc(a.Adjustments, func(x Adjustment) bool {
					return x.Exercise == "walk-run" && strings.Contains(x.Reason, "cannot be added by a prescription") && !strings.Contains(x.Reason, "confirm")
				}) {
					t.Fatalf("confirmed %v: no adjustment says walk-run cannot be prescribed: %+v", confirmed, a.Adjustments)
				}
				for i, d := range runningDays(r) {
					if d < (WalkRunWeek-1)*7 || i > 0 && runningDays(r)[i-1] == d-1 {
						t.Fatalf("walk-run on day %d (before week %d or after a running day)", d, WalkRunWeek)
					}
				}
			}
		})
	}
}

// Clinical review 3, M1 (rule V1): a new condition that rates an added
// exercise only caution still pauses it until the clinician confirms
// again; a prescription made after the change covers it.
func TestNewCautionPausesAnAdd(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := clinicalBase()
	p.WorseWith = []string{"bending_backward"}
	keys := ConfirmationKeys(p, lib, "cobra")
	rx := Prescription{ID: 1, Kind: PrescribeAdd, Exercise: "cobra", Dose: &Dose{Sets: 1, Reps: 8}, Reason: "extension helps her", By: "Dr Lee",
		From: planStart, ConfirmedAvoid: true, Confirmed: keys}
	unconfirmedAdd := Prescription{ID: 2, Kind: PrescribeAdd, Exercise: "bird-dog", Dose: &Dose{Sets: 2, Reps: 6}, Reason: "core", By: "Dr Lee", From: planStart}
	fracture := p
	fracture.Sex, fracture.VertebralFracture, fracture.Conditions = "female", true, []string{"osteoporosis"}
	for _, tc := range []struct {
		name    string
		rx      Prescription
		later   Profile
		paused  bool
		exercis string
	}{
		{"cobra after a vertebral fracture", rx, fracture, true, "cobra"},
		{"bird dog stays with a vertebral fracture (ok)", unconfirmedAdd, fracture, false, "bird-dog"},
		{"cobra with nothing new", rx, p, false, "cobra"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := &Choices{Prescriptions: []Prescription{tc.rx}}
			later := tc.later
			r := AdaptAcross(p, []Segment{{From: planStart, Library: lib, Profile: &p, Choices: ch},
				{From: planStart.AddDate(0, 0, 14), Library: lib, Profile: &later, Choices: ch}}, History{Start: planStart})
			before, after := sessionsOf(Result{Weeks: r.Weeks[:2]}, tc.exercis), sessionsOf(Result{Weeks: r.Weeks[2:]}, tc.exercis)
			if before == 0 {
				t.Fatalf("%s not planned before the change", tc.exercis)
			}
			if tc.paused != (after == 0) || tc.paused != pausedNote(r, tc.exercis, 3) {
				t.Fatalf("after the change: %d sessions, paused note %v; want paused %v (%+v)", after, pausedNote(r, tc.exercis, 3), tc.paused, r.Adjustments)
			}
		})
	}
	// The clinician looks again: a prescription made once the fracture is
	// known covers the caution they saw.
	again := rx
	again.ID, again.From = 3, planStart.AddDate(0, 0, 14)
	ch1, ch2 := &Choices{Prescriptions: []Prescription{rx}}, &Choices{Prescriptions: []Prescription{again}}
	r := AdaptAcross(p, []Segment{{From: planStart, Library: lib, Profile: &p, Choices: ch1},
		{From: planStart.AddDate(0, 0, 14), Library: lib, Profile: &fracture, Choices: ch2}}, History{Start: planStart})
	if sessionsOf(Result{Weeks: r.Weeks[2:]}, "cobra") == 0 {
		t.Fatal("cobra prescribed again after the fracture is not planned")
	}
}

// Clinical review 3, H1 (rule V1): each gate of heel drops has its own
// confirmation key, so a confirmation of one does not cover another that
// comes later.
func TestHeelDropGatesHaveTheirOwnKeys(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := Profile{Age: 58, Sex: "female", LongTermSteroids: true, PainNow: 6, DurationWeeks: 20, ActivityLevel: "light", MinutesPerDay: 30, DaysPerWeek: 5}
	keys := ConfirmationKeys(p, lib, "heel-drops")
	if !slices.Equal(keys, []string{"rule:heel-drops:pain"}) {
		t.Fatalf("ConfirmationKeys = %v, want the pain gate only", keys)
	}
	rx := Prescription{ID: 4, Kind: PrescribeAdd, Exercise: "heel-drops", Dose: &Dose{Sets: 1, Reps: 10}, Reason: "bone", By: "Dr Lee", From: planStart,
		ConfirmedAvoid: true, Confirmed: keys}
	if err := CheckPrescription(p, lib, rx); err != nil {
		t.Fatalf("confirmed add refused: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Profile)
		key    string
	}{
		{"leg pain below the knee", func(q *Profile) { q.LegPain = "below_knee" }, "rule:heel-drops:leg_pain"},
		{"no longer under the bone rules", func(q *Profile) { q.LongTermSteroids = false }, "rule:heel-drops:bone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := p
			tc.change(&q)
			var pe *PrescriptionError
			if err := CheckPrescription(q, lib, rx); !errors.As(err, &pe) || pe.Field != "confirmed_avoid" || pe.Condition != tc.key {
				t.Fatalf("CheckPrescription = %v, want a refusal naming %s", err, tc.key)
			}
			ch := &Choices{Prescriptions: []Prescription{rx}}
			r := AdaptAcross(p, []Segment{{From: planStart, Library: lib, Profile: &p, Choices: ch},
				{From: planStart.AddDate(0, 0, 28), Library: lib, Profile: &q, Choices: ch}}, History{Start: planStart})
			if sessionsOf(Result{Weeks: r.Weeks[4:]}, "heel-drops") != 0 || !pausedNote(r, "heel-drops", 5) {
				t.Fatalf("heel drops not paused after %s: %+v", tc.name, r.Adjustments)
			}
		})
	}
}

// Clinical review 3, L7 (rule V5): a runner who dropped to moderate
// activity with the back pain is told how walk-run comes, not that it is
// for someone who was active before.
func TestRanBeforeModerateCard(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := Profile{Age: 38, PainNow: 2, DurationWeeks: 6, ActivityLevel: "moderate", RanBefore: true, MinutesPerDay: 45, DaysPerWeek: 5}
	r := Plan(p, lib)
	i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "walk-run" })
	if i < 0 || !strings.Contains(r.Excluded[i].Reason, "you ran before") || !strings.Contains(r.Excluded[i].Reason, "active") ||
		strings.Contains(r.Excluded[i].Reason, "who was active before") {
		t.Fatalf("walk-run card for a runner now moderately active: %+v", r.Excluded)
	}
	if sessionsOf(r, "walk-run") != 0 {
		t.Fatal("walk-run planned for someone moderately active")
	}
}
