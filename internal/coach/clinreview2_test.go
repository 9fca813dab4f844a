package coach

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// clinicalBase is the reviewer's m30x5 person: 30 minutes on 5 days.
func clinicalBase() Profile {
	return Profile{Age: 45, PainNow: 3, DurationWeeks: 20, ActivityLevel: "light", MinutesPerDay: 30, DaysPerWeek: 5}
}

func sessionsOf(r Result, id string) int {
	n := 0
	for _, w := range r.Weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				if it.Exercise == id {
					n++
				}
			}
		}
	}
	return n
}

// Clinical review 2, H1 (rule C1): a confirmation covers what the
// clinician saw; a contraindication that appears later pauses the add.
func TestConfirmedAddIsRecheckedAgainstTheProfile(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := clinicalBase()
	p.WorseWith = []string{"bending_backward"} // cobra out for direction only
	keys := ConfirmationKeys(p, lib, "cobra")
	if len(keys) != 1 || keys[0] != "rule:bending_backward" {
		t.Fatalf("ConfirmationKeys = %v, want the direction rule only", keys)
	}
	rx := Prescription{ID: 1, Kind: PrescribeAdd, Exercise: "cobra", Dose: &Dose{Sets: 2, Reps: 10}, Reason: "extension helps her",
		By: "Dr Lee", ConfirmedAvoid: true, Confirmed: keys}
	if err := CheckPrescription(p, lib, rx); err != nil {
		t.Fatalf("confirmed add refused: %v", err)
	}
	if n := sessionsOf(PlanWith(p, lib, Choices{Prescriptions: []Prescription{rx}}), "cobra"); n == 0 {
		t.Fatal("confirmed cobra not planned")
	}
	legacy := rx
	legacy.Confirmed = nil
	for _, tc := range []struct {
		name   string
		change func(*Profile)
		rx     Prescription
		field  string // of the CheckPrescription error
	}{
		{"wheelchair and vertebral fracture", func(q *Profile) { q.Sex, q.VertebralFracture, q.MobilityAid = "female", true, AidWheelchair }, rx, "add"},
		{"cannot get to the floor", func(q *Profile) { q.FloorTransfer = FloorCannot }, rx, "add"},
		{"pregnancy reaching 12 weeks", func(q *Profile) { q.Sex, q.PregnancyWeeks = "female", 8 }, rx, "confirmed_avoid"},
		{"new spinal stenosis", func(q *Profile) { q.Conditions = []string{"spinal_stenosis"} }, rx, "confirmed_avoid"},
		{"a confirmation that named nothing", func(*Profile) {}, legacy, "confirmed_avoid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := p
			tc.change(&q)
			var pe *PrescriptionError
			if err := CheckPrescription(q, lib, tc.rx); !errors.As(err, &pe) || pe.Field != tc.field {
				t.Fatalf("CheckPrescription = %v, want a refusal on %q", err, tc.field)
			}
			if n := sessionsOf(PlanWith(q, lib, Choices{Prescriptions: []Prescription{tc.rx}}), "cobra"); n != 0 {
				t.Fatalf("cobra planned %d times after a contraindication nobody confirmed", n)
			}
			// The change comes mid-plan: the member is told from that day.
			start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
			ch := &Choices{Prescriptions: []Prescription{tc.rx}}
			r := AdaptAcross(p, []Segment{{From: start, Library: lib, Profile: &p, Choices: ch},
				{From: start.AddDate(0, 0, 21), Library: lib, Profile: &q, Choices: ch}}, History{Start: start})
			if tc.rx.Confirmed == nil {
				return
			}
			if n := sessionsOf(Result{Weeks: r.Weeks[3:]}, "cobra"); n != 0 || sessionsOf(Result{Weeks: r.Weeks[:3]}, "cobra") == 0 {
				t.Fatalf("cobra after the change: %d sessions; before it: %d", n, sessionsOf(Result{Weeks: r.Weeks[:3]}, "cobra"))
			}
			found := false
			for _, a := range r.Adjustments {
				if a.Change == ChangePrescription && a.Week == 4 && strings.Contains(a.Reason, "paused") && strings.Contains(a.Reason, "confirm it again") {
					found = true
				}
			}
			if !found {
				t.Fatalf("no adjustment says cobra is paused: %+v", r.Adjustments)
			}
		})
	}
}
