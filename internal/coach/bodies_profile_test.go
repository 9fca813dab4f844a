package coach_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/validate"
)

// TestDecodeBodyFields: the issue 15 fields have their defaults, accept
// exactly their values, and refuse others naming the field.
func TestDecodeBodyFields(t *testing.T) {
	with := func(extra string) string { return strings.TrimSuffix(minimal, "}") + ", " + extra + "}" }
	p, err := coach.DecodeProfile(strings.NewReader(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if p.FloorTransfer != coach.FloorEasy || p.MobilityAid != coach.AidNone || p.Sex != "unspecified" ||
		p.Postmenopausal || p.LongTermSteroids || p.PreviousFragilityFracture || p.VertebralFracture {
		t.Errorf("defaults: %+v", p)
	}
	p, err = coach.DecodeProfile(strings.NewReader(with(`"floor_transfer": "cannot", "mobility_aid": "wheelchair", "sex": "female",
		"postmenopausal": true, "long_term_steroids": true, "previous_fragility_fracture": true, "vertebral_fracture": true,
		"access": ["bike", "outdoor_bike", "stationary_bike"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if p.FloorTransfer != "cannot" || p.MobilityAid != "wheelchair" || p.Sex != "female" ||
		!p.Postmenopausal || !p.LongTermSteroids || !p.PreviousFragilityFracture || !p.VertebralFracture {
		t.Errorf("values: %+v", p)
	}
	if !slices.Equal(p.Access, []string{coach.AccessStationaryBike, coach.AccessOutdoorBike}) {
		t.Errorf("access %v: the old bike is a stationary bike, listed once", p.Access)
	}
	for _, tc := range []struct{ extra, field string }{
		{`"floor_transfer": "sometimes"`, "floor_transfer"},
		{`"floor_transfer": 1`, "floor_transfer"},
		{`"mobility_aid": "crutches"`, "mobility_aid"},
		{`"sex": "other"`, "sex"},
		{`"postmenopausal": "yes"`, "postmenopausal"},
		{`"long_term_steroids": 1`, "long_term_steroids"},
		{`"previous_fragility_fracture": "no"`, "previous_fragility_fracture"},
		{`"vertebral_fracture": null, "vertebral_fractures": true`, "vertebral_fractures"},
		{`"access": ["unicycle"]`, "access"},
	} {
		_, err := coach.DecodeProfile(strings.NewReader(with(tc.extra)))
		var ve validate.Errors
		if !errors.As(err, &ve) || ve[0].Field != tc.field || !strings.Contains(ve[0].Message, tc.field) {
			t.Errorf("%s: %v, want an error naming %s", tc.extra, err, tc.field)
		}
	}
}
