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
}

// The allowed values of the profile's list and choice fields.
var (
	LegPainValues   = []string{"none", "above_knee", "below_knee", "both_legs"}
	OnsetValues     = []string{OnsetNew, OnsetWorsening, OnsetLongStanding}
	MovementValues  = []string{"bending_forward", "bending_backward", "sitting", "standing", "walking", "lying_face_down", "lying_on_back", "twisting", "lifting"}
	ConditionValues = []string{"muscle_strain", "disc_herniation", "spinal_stenosis", "osteoarthritis", "spondylolisthesis", "scoliosis", "osteoporosis"}
	ActivityValues  = []string{"sedentary", "light", "moderate", "active"}
	AccessValues    = []string{"pool", "bike", "elliptical"}
	EmergencyFlags  = []string{"saddle_numbness", "bladder_or_bowel_change", "rapidly_worsening_weakness", "fever_and_unwell", "major_trauma", "sudden_severe_abdominal_pain", "pregnancy_warning_signs", "both_legs_new_or_worse"}
	UrgentFlags     = []string{"cancer_history", "unexplained_weight_loss", "constant_night_pain", "suspected_fracture", "inflammatory_features", "spine_shape_change", "stable_numbness_or_weakness", "immunosuppressed_or_iv_drug_use", "recent_spine_surgery", "pregnancy_contraindication"}
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

// profile builds the profile the JSON describes, with errors for
// missing answers; ValidateProfile checks the values.
func (pj profileJSON) profile() (Profile, error) {
	var e validate.Errors
	p := Profile{LegPain: "none"}
	intField := func(dst *int, v *int, name string, required bool) {
		switch {
		case v != nil:
			*dst = *v
		case required:
			r := profileRanges[name]
			e.Add(name, fmt.Sprintf("%s is required: a whole number from %d to %d", name, r[0], r[1]))
		}
	}
	intField(&p.Age, pj.Age, "age", true)
	intField(&p.PregnancyWeeks, pj.PregnancyWeeks, "pregnancy_weeks", false)
	intField(&p.PainNow, pj.PainNow, "pain_now", true)
	intField(&p.DurationWeeks, pj.DurationWeeks, "duration_weeks", true)
	intField(&p.MinutesPerDay, pj.MinutesPerDay, "minutes_per_day", true)
	intField(&p.DaysPerWeek, pj.DaysPerWeek, "days_per_week", true)
	if pj.LegPain != nil {
		p.LegPain = *pj.LegPain
	}
	if pj.BothLegsOnset != nil {
		p.BothLegsOnset = *pj.BothLegsOnset
		if p.BothLegsOnset == "" {
			e.Add("both_legs_onset", "both_legs_onset must be one of "+strings.Join(OnsetValues, ", "))
		}
	}
	if pj.ActivityLevel == nil {
		e.Add("activity_level", "activity_level is required: one of "+strings.Join(ActivityValues, ", "))
	} else {
		p.ActivityLevel = *pj.ActivityLevel
	}
	p.WorseWith, p.BetterWith, p.Conditions = unique(pj.WorseWith), unique(pj.BetterWith), unique(pj.Conditions)
	p.RedFlags, p.Access = unique(pj.RedFlags), unique(pj.Access)
	if pj.ClearedByClinician != nil {
		p.ClearedByClinician = *pj.ClearedByClinician
	}
	for _, fe := range ValidateProfile(p) {
		if e.For(fe.Field) == "" {
			e = append(e, fe)
		}
	}
	return p, e.Err()
}

// unique is v without repeats, never nil.
func unique(v []string) []string {
	out := []string{}
	for _, s := range v {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// profileRanges are the allowed ranges of the profile's numbers.
var profileRanges = map[string][2]int{
	"age": {16, 110}, "pregnancy_weeks": {0, 42}, "pain_now": {0, 10}, "duration_weeks": {0, 5200},
	"minutes_per_day": {5, 180}, "days_per_week": {1, 7},
}

// ValidateProfile is the one check of a profile's values, whichever way
// it arrived (the API's JSON, the /start form): numbers in range, choices
// and list items from the value lists above (LegPainValues, OnsetValues,
// MovementValues, ConditionValues, EmergencyFlags and UrgentFlags,
// ActivityValues, AccessValues), both_legs_onset only with leg_pain
// both_legs, and no movement both worse and better. Errors name the
// field, as in "age" or "worse_with".
func ValidateProfile(p Profile) validate.Errors {
	var e validate.Errors
	for _, n := range []struct {
		v    int
		name string
	}{{p.Age, "age"}, {p.PregnancyWeeks, "pregnancy_weeks"}, {p.PainNow, "pain_now"}, {p.DurationWeeks, "duration_weeks"},
		{p.MinutesPerDay, "minutes_per_day"}, {p.DaysPerWeek, "days_per_week"}} {
		if r := profileRanges[n.name]; n.v < r[0] || n.v > r[1] {
			e.Add(n.name, fmt.Sprintf("%s must be from %d to %d, not %d", n.name, r[0], r[1], n.v))
		}
	}
	if !slices.Contains(LegPainValues, p.LegPain) {
		e.Add("leg_pain", "leg_pain must be one of "+strings.Join(LegPainValues, ", "))
	}
	switch {
	case p.BothLegsOnset == "":
	case !slices.Contains(OnsetValues, p.BothLegsOnset):
		e.Add("both_legs_onset", "both_legs_onset must be one of "+strings.Join(OnsetValues, ", "))
	case p.LegPain != "both_legs" && e.For("leg_pain") == "":
		e.Add("both_legs_onset", "both_legs_onset answers the both-legs question: give it only with leg_pain both_legs")
	}
	if !slices.Contains(ActivityValues, p.ActivityLevel) {
		e.Add("activity_level", "activity_level must be one of "+strings.Join(ActivityValues, ", "))
	}
	list := func(name string, v []string, allowed []string) {
		for _, s := range v {
			if !slices.Contains(allowed, s) {
				e.Add(name, fmt.Sprintf("%s: %q is not one of %s", name, s, strings.Join(allowed, ", ")))
				return
			}
		}
	}
	list("worse_with", p.WorseWith, MovementValues)
	list("better_with", p.BetterWith, MovementValues)
	list("conditions", p.Conditions, ConditionValues)
	list("red_flags", p.RedFlags, append(slices.Clone(EmergencyFlags), UrgentFlags...))
	list("access", p.Access, AccessValues)
	for _, m := range p.WorseWith {
		if slices.Contains(p.BetterWith, m) {
			e.Add("better_with", fmt.Sprintf("%s is listed as both making it worse and making it better; choose one", m))
			break
		}
	}
	return e
}

func has(list []string, v string) bool { return slices.Contains(list, v) }
