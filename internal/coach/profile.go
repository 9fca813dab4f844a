package coach

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"supple/internal/validate"
)

// Profile is what a person tells the coach about themselves.
type Profile struct {
	Age            int    `json:"age"`
	PregnancyWeeks int    `json:"pregnancy_weeks"`
	PainNow        int    `json:"pain_now"`
	DurationWeeks  int    `json:"duration_weeks"`
	LegPain        string `json:"leg_pain"`
	// BothLegsOnset says, with leg_pain "both_legs", whether the symptoms
	// in both legs are new (about the last two weeks), getting worse, or
	// long-standing and stable; "" (not said) counts as new.
	BothLegsOnset      string   `json:"both_legs_onset,omitempty"`
	WorseWith          []string `json:"worse_with"`
	BetterWith         []string `json:"better_with"`
	Conditions         []string `json:"conditions"`
	RedFlags           []string `json:"red_flags"`
	ActivityLevel      string   `json:"activity_level"`
	Access             []string `json:"access"`
	MinutesPerDay      int      `json:"minutes_per_day"`
	DaysPerWeek        int      `json:"days_per_week"`
	ClearedByClinician bool     `json:"cleared_by_clinician"`
	// FloorTransfer is how the person gets down to the floor and up
	// again: easy, hard or cannot ("" counts as easy).
	FloorTransfer string `json:"floor_transfer"`
	// MobilityAid is none, walking_aid or wheelchair ("" counts as none).
	MobilityAid string `json:"mobility_aid"`
	// Sex is female, male or unspecified ("" counts as unspecified); with
	// the booleans below it screens for osteoporosis risk (clinical.md 4.1).
	Sex                       string `json:"sex"`
	Postmenopausal            bool   `json:"postmenopausal"`
	LongTermSteroids          bool   `json:"long_term_steroids"`
	PreviousFragilityFracture bool   `json:"previous_fragility_fracture"`
	VertebralFracture         bool   `json:"vertebral_fracture"`
}

// The allowed values of the profile's list and choice fields.
var (
	LegPainValues   = []string{"none", "above_knee", "below_knee", "both_legs"}
	OnsetValues     = []string{OnsetNew, OnsetWorsening, OnsetLongStanding}
	MovementValues  = []string{"bending_forward", "bending_backward", "sitting", "standing", "walking", "lying_face_down", "lying_on_back", "twisting", "lifting"}
	ConditionValues = []string{"muscle_strain", "disc_herniation", "spinal_stenosis", "osteoarthritis", "spondylolisthesis", "scoliosis", "osteoporosis"}
	ActivityValues  = []string{"sedentary", "light", "moderate", "active"}
	AccessValues    = []string{"pool", AccessStationaryBike, AccessOutdoorBike, "elliptical"}
	FloorValues     = []string{FloorEasy, FloorHard, FloorCannot}
	AidValues       = []string{AidNone, AidWalking, AidWheelchair}
	SexValues       = []string{"female", "male", "unspecified"}
	EmergencyFlags  = []string{"saddle_numbness", "bladder_or_bowel_change", "rapidly_worsening_weakness", "fever_and_unwell", "major_trauma", "sudden_severe_abdominal_pain", "pregnancy_warning_signs", "both_legs_new_or_worse"}
	UrgentFlags     = []string{"cancer_history", "unexplained_weight_loss", "constant_night_pain", "suspected_fracture", "inflammatory_features", "spine_shape_change", "stable_numbness_or_weakness", "immunosuppressed_or_iv_drug_use", "recent_spine_surgery", "pregnancy_contraindication"}
)

// The access values for bikes. The old "bike" is still accepted, as a
// stationary bike.
const (
	AccessStationaryBike = "stationary_bike"
	AccessOutdoorBike    = "outdoor_bike"
	accessOldBike        = "bike"
)

// The answers to "can you get down to the floor and up again?" and "do
// you use a mobility aid?".
const (
	FloorEasy     = "easy"
	FloorHard     = "hard"
	FloorCannot   = "cannot"
	AidNone       = "none"
	AidWalking    = "walking_aid"
	AidWheelchair = "wheelchair"
)

// The answers to "are the symptoms in both legs new?" (clinical.md 2.1).
const (
	OnsetNew          = "new"           // within about the last two weeks
	OnsetWorsening    = "worsening"     // had for longer, but getting worse or spreading
	OnsetLongStanding = "long_standing" // had for longer and not getting worse
)

// profileJSON mirrors Profile with pointers, to tell missing from zero.
type profileJSON struct {
	Age                *int     `json:"age"`
	PregnancyWeeks     *int     `json:"pregnancy_weeks"`
	PainNow            *int     `json:"pain_now"`
	DurationWeeks      *int     `json:"duration_weeks"`
	LegPain            *string  `json:"leg_pain"`
	BothLegsOnset      *string  `json:"both_legs_onset"`
	WorseWith          []string `json:"worse_with"`
	BetterWith         []string `json:"better_with"`
	Conditions         []string `json:"conditions"`
	RedFlags           []string `json:"red_flags"`
	ActivityLevel      *string  `json:"activity_level"`
	Access             []string `json:"access"`
	MinutesPerDay      *int     `json:"minutes_per_day"`
	DaysPerWeek        *int     `json:"days_per_week"`
	ClearedByClinician *bool    `json:"cleared_by_clinician"`

	FloorTransfer             *string `json:"floor_transfer"`
	MobilityAid               *string `json:"mobility_aid"`
	Sex                       *string `json:"sex"`
	Postmenopausal            *bool   `json:"postmenopausal"`
	LongTermSteroids          *bool   `json:"long_term_steroids"`
	PreviousFragilityFracture *bool   `json:"previous_fragility_fracture"`
	VertebralFracture         *bool   `json:"vertebral_fracture"`
}

// MaxProfileBytes is the largest profile document accepted.
const MaxProfileBytes = 64 << 10

// DecodeProfile reads one profile JSON object, rejecting unknown fields,
// wrong types and out-of-range values with errors that name the field
// (validate.Errors).
func DecodeProfile(r io.Reader) (Profile, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxProfileBytes+1))
	if err != nil {
		return Profile{}, fmt.Errorf("read profile: %w", err)
	}
	if len(b) > MaxProfileBytes {
		return Profile{}, fieldErr("", fmt.Sprintf("the profile is larger than %d bytes", MaxProfileBytes))
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return Profile{}, fieldErr("", "the profile is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var pj profileJSON
	if err := dec.Decode(&pj); err != nil {
		return Profile{}, jsonError(err)
	}
	if dec.More() {
		return Profile{}, fieldErr("", "the profile must be exactly one JSON object")
	}
	return pj.profile()
}

func fieldErr(field, msg string) validate.Errors {
	return validate.Errors{{Field: field, Message: msg}}
}

func jsonError(err error) error {
	var (
		syntax  *json.SyntaxError
		typeErr *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return fieldErr("", "the profile must be a JSON object")
		}
		want := map[string]string{"int": "a whole number", "string": "a string", "bool": "true or false", "slice": "a list of strings"}[typeErr.Type.Kind().String()]
		if want == "" {
			want = "a " + typeErr.Type.String()
		}
		field := typeErr.Field
		if i := strings.Index(field, "."); i >= 0 {
			field = field[:i]
		}
		return fieldErr(field, fmt.Sprintf("%s must be %s, not %s", field, want, typeErr.Value))
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return fieldErr("", "the profile is not valid JSON: "+err.Error())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fieldErr(f, fmt.Sprintf("unknown field %q", f))
	}
	return fieldErr("", "the profile could not be read: "+err.Error())
}

func (pj profileJSON) profile() (Profile, error) {
	var e validate.Errors
	p := Profile{LegPain: "none", ActivityLevel: "", FloorTransfer: FloorEasy, MobilityAid: AidNone, Sex: "unspecified"}
	intField := func(dst *int, v *int, name string, lo, hi int, required bool) {
		switch {
		case v == nil && required:
			e.Add(name, fmt.Sprintf("%s is required: a whole number from %d to %d", name, lo, hi))
		case v == nil:
		case *v < lo || *v > hi:
			e.Add(name, fmt.Sprintf("%s must be from %d to %d, not %d", name, lo, hi, *v))
		default:
			*dst = *v
		}
	}
	intField(&p.Age, pj.Age, "age", 16, 110, true)
	intField(&p.PregnancyWeeks, pj.PregnancyWeeks, "pregnancy_weeks", 0, 42, false)
	intField(&p.PainNow, pj.PainNow, "pain_now", 0, 10, true)
	intField(&p.DurationWeeks, pj.DurationWeeks, "duration_weeks", 0, 5200, true)
	intField(&p.MinutesPerDay, pj.MinutesPerDay, "minutes_per_day", 5, 180, true)
	intField(&p.DaysPerWeek, pj.DaysPerWeek, "days_per_week", 1, 7, true)
	if pj.LegPain != nil {
		if !slices.Contains(LegPainValues, *pj.LegPain) {
			e.Add("leg_pain", "leg_pain must be one of "+strings.Join(LegPainValues, ", "))
		} else {
			p.LegPain = *pj.LegPain
		}
	}
	switch {
	case pj.BothLegsOnset == nil:
	case !slices.Contains(OnsetValues, *pj.BothLegsOnset):
		e.Add("both_legs_onset", "both_legs_onset must be one of "+strings.Join(OnsetValues, ", "))
	case p.LegPain != "both_legs" && e.For("leg_pain") == "":
		e.Add("both_legs_onset", "both_legs_onset answers the both-legs question: give it only with leg_pain both_legs")
	default:
		p.BothLegsOnset = *pj.BothLegsOnset
	}
	switch {
	case pj.ActivityLevel == nil:
		e.Add("activity_level", "activity_level is required: one of "+strings.Join(ActivityValues, ", "))
	case !slices.Contains(ActivityValues, *pj.ActivityLevel):
		e.Add("activity_level", "activity_level must be one of "+strings.Join(ActivityValues, ", "))
	default:
		p.ActivityLevel = *pj.ActivityLevel
	}
	list := func(name string, v []string, allowed []string) []string {
		out := []string{}
		for _, s := range v {
			if !slices.Contains(allowed, s) {
				e.Add(name, fmt.Sprintf("%s: %q is not one of %s", name, s, strings.Join(allowed, ", ")))
				return out
			}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	p.WorseWith = list("worse_with", pj.WorseWith, MovementValues)
	p.BetterWith = list("better_with", pj.BetterWith, MovementValues)
	p.Conditions = list("conditions", pj.Conditions, ConditionValues)
	p.RedFlags = list("red_flags", pj.RedFlags, append(slices.Clone(EmergencyFlags), UrgentFlags...))
	p.Access = list("access", pj.Access, append(slices.Clone(AccessValues), accessOldBike))
	p.Access = normalAccess(p.Access)
	choice := func(dst *string, v *string, name string, allowed []string) {
		switch {
		case v == nil:
		case !slices.Contains(allowed, *v):
			e.Add(name, fmt.Sprintf("%s must be one of %s, not %q", name, strings.Join(allowed, ", "), *v))
		default:
			*dst = *v
		}
	}
	choice(&p.FloorTransfer, pj.FloorTransfer, "floor_transfer", FloorValues)
	choice(&p.MobilityAid, pj.MobilityAid, "mobility_aid", AidValues)
	choice(&p.Sex, pj.Sex, "sex", SexValues)
	for _, f := range []struct {
		dst *bool
		v   *bool
	}{{&p.ClearedByClinician, pj.ClearedByClinician}, {&p.Postmenopausal, pj.Postmenopausal},
		{&p.LongTermSteroids, pj.LongTermSteroids}, {&p.PreviousFragilityFracture, pj.PreviousFragilityFracture},
		{&p.VertebralFracture, pj.VertebralFracture}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	for _, m := range p.WorseWith {
		if slices.Contains(p.BetterWith, m) {
			e.Add("better_with", fmt.Sprintf("%s is listed as both making it worse and making it better; choose one", m))
			break
		}
	}
	return p, e.Err()
}

func has(list []string, v string) bool { return slices.Contains(list, v) }

// normalAccess reads the old "bike" as a stationary bike, once.
func normalAccess(access []string) []string {
	out := make([]string, 0, len(access))
	for _, a := range access {
		if a == accessOldBike {
			a = AccessStationaryBike
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// hasAccess reports whether the person can use the equipment a (the old
// "bike" in a stored profile is a stationary bike).
func (p Profile) hasAccess(a string) bool {
	return has(p.Access, a) || a == AccessStationaryBike && has(p.Access, accessOldBike)
}

// cannotFloor: the person cannot get down to the floor and up again, or
// uses a wheelchair.
func (p Profile) cannotFloor() bool {
	return p.FloorTransfer == FloorCannot || p.MobilityAid == AidWheelchair
}
