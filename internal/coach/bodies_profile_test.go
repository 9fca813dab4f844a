package coach_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"supple/internal/coach"
)

// TestValidateBodyFields: the issue 15 fields accept exactly their values
// ("" is the default), and ValidateProfile refuses others naming the
// field; Normal spells the defaults out and reads the old bike as a
// stationary one.
func TestValidateBodyFields(t *testing.T) {
	ok := bodyBase(60, "light", 30, 5)
	if e := coach.ValidateProfile(ok); len(e) != 0 {
		t.Fatalf("defaults refused: %v", e)
	}
	n := ok.Normal()
	if n.FloorTransfer != coach.FloorEasy || n.MobilityAid != coach.AidNone || n.Sex != "unspecified" ||
		n.Postmenopausal || n.LongTermSteroids || n.PreviousFragilityFracture || n.VertebralFracture {
		t.Errorf("defaults: %+v", n)
	}
	all := ok
	all.FloorTransfer, all.MobilityAid, all.Sex = "cannot", "wheelchair", "female"
	all.Postmenopausal, all.LongTermSteroids, all.PreviousFragilityFracture, all.VertebralFracture = true, true, true, true
	all.Access = []string{"bike", "outdoor_bike", "stationary_bike", "pool", "elliptical"}
	if e := coach.ValidateProfile(all); len(e) != 0 {
		t.Fatalf("values refused: %v", e)
	}
	if got := all.Normal().Access; !slices.Equal(got, []string{coach.AccessStationaryBike, coach.AccessOutdoorBike, "pool", "elliptical"}) {
		t.Errorf("access %v: the old bike is a stationary bike, listed once", got)
	}
	for _, tc := range []struct {
		field string
		edit  func(p *coach.Profile)
	}{
		{"floor_transfer", func(p *coach.Profile) { p.FloorTransfer = "sometimes" }},
		{"mobility_aid", func(p *coach.Profile) { p.MobilityAid = "crutches" }},
		{"sex", func(p *coach.Profile) { p.Sex = "other" }},
		{"access", func(p *coach.Profile) { p.Access = []string{"unicycle"} }},
	} {
		p := ok
		tc.edit(&p)
		e := coach.ValidateProfile(p)
		if len(e) != 1 || e[0].Field != tc.field || !strings.Contains(e[0].Message, tc.field) {
			t.Errorf("%s: %v, want one error naming it", tc.field, e)
		}
	}
}

// FuzzPlanBodies: plans for profiles with the issue 15 fields keep every
// invariant, and never put floor work in the plan of someone who cannot
// get to the floor.
func FuzzPlanBodies(f *testing.F) {
	f.Add([]byte(`{"age": 88, "pain_now": 3, "duration_weeks": 20, "activity_level": "sedentary", "minutes_per_day": 20, "days_per_week": 5, "floor_transfer": "hard", "mobility_aid": "walking_aid"}`))
	f.Add([]byte(`{"age": 45, "pain_now": 5, "duration_weeks": 1, "activity_level": "light", "minutes_per_day": 30, "days_per_week": 5, "mobility_aid": "wheelchair", "access": ["pool", "bike"]}`))
	f.Add([]byte(`{"age": 70, "pain_now": 3, "duration_weeks": 20, "activity_level": "light", "minutes_per_day": 45, "days_per_week": 6, "sex": "female", "postmenopausal": true, "vertebral_fracture": true, "access": ["outdoor_bike"]}`))
	f.Add([]byte(`{"age": 31, "pregnancy_weeks": 30, "pain_now": 3, "duration_weeks": 8, "activity_level": "moderate", "minutes_per_day": 10, "days_per_week": 7, "access": ["outdoor_bike", "stationary_bike", "pool"], "floor_transfer": "cannot"}`))
	lib := mustLibrary(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var p coach.Profile
		if json.Unmarshal(b, &p) != nil || len(coach.ValidateProfile(p)) > 0 {
			return
		}
		r := coach.Plan(p, lib)
		checkInvariants(t, p, r, lib)
		if p.FloorTransfer == coach.FloorCannot || p.FloorTransfer == coach.FloorHard || p.MobilityAid == coach.AidWheelchair {
			noPositions("prone", "supine", "quadruped", "kneeling", "side-lying")(t, lib, r)
		}
	})
}
