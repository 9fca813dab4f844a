package coach_test

import (
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
