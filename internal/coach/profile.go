package coach

import (
	"fmt"
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
	// The issue 15 fields are left out of the JSON at their zero value,
	// so that profiles stored before them read back the same.
	// FloorTransfer is how the person gets down to the floor and up
	// again: easy, hard or cannot. "" counts as easy, except from
	// FloorAssumedAge or with a walking aid, where it counts as hard
	// (Floor; clinical review 2, M1).
	FloorTransfer string `json:"floor_transfer,omitempty"`
	// MobilityAid is none, walking_aid or wheelchair ("" counts as none).
	MobilityAid string `json:"mobility_aid,omitempty"`
	// Sex is female, male or unspecified ("" counts as unspecified); with
	// the booleans below it screens for osteoporosis risk (clinical.md 4.1).
	Sex                       string `json:"sex,omitempty"`
	Postmenopausal            bool   `json:"postmenopausal,omitempty"`
	LongTermSteroids          bool   `json:"long_term_steroids,omitempty"`
	PreviousFragilityFracture bool   `json:"previous_fragility_fracture,omitempty"`
	VertebralFracture         bool   `json:"vertebral_fracture,omitempty"`
	// RanBefore says the person ran regularly before this episode; the
	// walk-run path back to running is only for them (clinical review 2,
	// M4; rule V5).
	RanBefore bool `json:"ran_before,omitempty"`
	// Swaps are the member's choices given with the profile: exercise id
	// to the alternative's id, applied from the first day where the
	// alternative is eligible (CheckProfileSwaps). A stored plan keeps
	// them as its Choices instead, so that they can be undone.
	Swaps map[string]string `json:"swaps,omitempty"`
}

// The allowed values of the profile's list and choice fields.
var (
	LegPainValues   = []string{"none", "above_knee", "below_knee", "both_legs"}
	OnsetValues     = []string{OnsetNew, OnsetWorsening, OnsetLongStanding}
	MovementValues  = []string{"bending_forward", "bending_backward", "sitting", "standing", "walking", "lying_face_down", "lying_on_back", "twisting", "lifting"}
	ConditionValues = []string{"muscle_strain", "disc_herniation", "spinal_stenosis", "osteoarthritis", "spondylolisthesis", "scoliosis", "osteoporosis"}
	ActivityValues  = []string{"sedentary", "light", "moderate", "active"}
	AccessValues    = []string{"pool", AccessStationaryBike, AccessOutdoorBike, "elliptical", AccessBand}
	FloorValues     = []string{FloorEasy, FloorHard, FloorCannot}
	AidValues       = []string{AidNone, AidWalking, AidWheelchair}
	SexValues       = []string{"female", "male", "unspecified"}
	EmergencyFlags  = []string{"saddle_numbness", "bladder_or_bowel_change", "rapidly_worsening_weakness", "fever_and_unwell", "major_trauma", "sudden_severe_abdominal_pain", "pregnancy_warning_signs", "both_legs_new_or_worse"}
	UrgentFlags     = []string{"cancer_history", "unexplained_weight_loss", "constant_night_pain", "suspected_fracture", "inflammatory_features", "spine_shape_change", "stable_numbness_or_weakness", "immunosuppressed_or_iv_drug_use", "recent_spine_surgery", "pregnancy_contraindication"}
)

// The access values for bikes. The old "bike" is still accepted, as a
// stationary bike (Normal turns it into one).
const (
	AccessStationaryBike = "stationary_bike"
	AccessOutdoorBike    = "outdoor_bike"
	AccessOldBike        = "bike"
)

// AccessBand is a resistance band: the band row needs one (R17).
const AccessBand = "band"

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

// ProfileRange is the allowed range of one of the profile's numbers,
// named by its field ("age", "pain_now", ...).
func ProfileRange(field string) (lo, hi int) {
	r := profileRanges[field]
	return r[0], r[1]
}

// profileRanges are the allowed ranges of the profile's numbers.
var profileRanges = map[string][2]int{
	"age": {16, 110}, "pregnancy_weeks": {0, 40}, "pain_now": {0, 10}, "duration_weeks": {0, 5200},
	"minutes_per_day": {5, 180}, "days_per_week": {1, 7},
}

// ValidateProfile is the one check of a profile's values, whichever way
// it arrived (the API's JSON, the /start form): numbers in range, choices
// and list items from the value lists above (LegPainValues, OnsetValues,
// MovementValues, ConditionValues, EmergencyFlags and UrgentFlags,
// ActivityValues, AccessValues with the old "bike", FloorValues, AidValues,
// SexValues; "" is the default of a choice), both_legs_onset only with leg_pain
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
			msg := fmt.Sprintf("%s must be from %d to %d, not %d", n.name, r[0], r[1], n.v)
			if n.name == "pregnancy_weeks" && n.v > r[1] {
				msg += ": past 40 weeks the birth is due, so please start a plan after it, with your midwife's advice"
			}
			e.Add(n.name, msg)
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
	list("access", p.Access, append(slices.Clone(AccessValues), AccessOldBike))
	for _, c := range []struct {
		v, name string
		allowed []string
	}{{p.FloorTransfer, "floor_transfer", FloorValues}, {p.MobilityAid, "mobility_aid", AidValues}, {p.Sex, "sex", SexValues}} {
		if c.v != "" && !slices.Contains(c.allowed, c.v) {
			e.Add(c.name, fmt.Sprintf("%s must be one of %s, not %q", c.name, strings.Join(c.allowed, ", "), c.v))
		}
	}
	if p.Postmenopausal && p.Sex == "male" {
		e.Add("postmenopausal", "postmenopausal does not go with sex male; leave one of them out")
	}
	for _, m := range p.WorseWith {
		if slices.Contains(p.BetterWith, m) {
			e.Add("better_with", fmt.Sprintf("%s is listed as both making it worse and making it better; choose one", m))
			break
		}
	}
	return e
}

func has(list []string, v string) bool { return slices.Contains(list, v) }

// Normal is the profile with its defaults spelled out (floor_transfer
// easy, mobility_aid none, sex unspecified) and the old "bike" read as a
// stationary bike, listed once. The engine reads a profile the same with
// or without it; decoders call it so that what is stored and shown says
// what the coach understood. An unanswered floor_transfer that counts as
// hard (FloorAssumedHard) stays unanswered, so that the plan can say it
// was not told and took the safe reading.
func (p Profile) Normal() Profile {
	floor := FloorEasy
	if p.FloorAssumedHard() {
		floor = ""
	}
	for _, d := range []struct {
		dst *string
		def string
	}{{&p.FloorTransfer, floor}, {&p.MobilityAid, AidNone}, {&p.Sex, "unspecified"}} {
		if *d.dst == "" {
			*d.dst = d.def
		}
	}
	if p.Access != nil {
		access := make([]string, 0, len(p.Access))
		for _, a := range p.Access {
			if a == AccessOldBike {
				a = AccessStationaryBike
			}
			if !slices.Contains(access, a) {
				access = append(access, a)
			}
		}
		p.Access = access
	}
	return p
}

// hasAccess reports whether the person can use the equipment a (the old
// "bike" is a stationary bike).
func (p Profile) hasAccess(a string) bool {
	return has(p.Access, a) || a == AccessStationaryBike && has(p.Access, AccessOldBike)
}

// cannotFloor: the person cannot get down to the floor and up again, or
// uses a wheelchair.
func (p Profile) cannotFloor() bool {
	return p.FloorTransfer == FloorCannot || p.MobilityAid == AidWheelchair
}

// FloorAssumedAge is the age from which an unanswered floor_transfer
// counts as hard (clinical review 2, M1: an 88-year-old was sent to the
// floor on an unasked default; clinical.md 2.4: age 65 or over with a
// falls risk is a yellow flag, and from 75 the chance of not getting up
// after a fall is the larger one; when in doubt, exclude and say why).
const FloorAssumedAge = 75

// FloorAssumedHard reports whether floor_transfer was not answered by
// someone for whom the coach takes it as hard: from FloorAssumedAge, or
// with a walking aid.
func (p Profile) FloorAssumedHard() bool {
	return p.FloorTransfer == "" && (p.Age >= FloorAssumedAge || p.MobilityAid == AidWalking)
}

// Floor is floor_transfer as the coach reads it: the answer, or its
// default when unanswered (hard for FloorAssumedHard, otherwise easy).
func (p Profile) Floor() string {
	switch {
	case p.FloorTransfer != "":
		return p.FloorTransfer
	case p.FloorAssumedHard():
		return FloorHard
	}
	return FloorEasy
}
