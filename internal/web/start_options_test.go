package web

import (
	"slices"
	"testing"

	"supple/internal/coach"
)

// The /start choices are coach's own value lists, each value worded:
// a value coach adds shows up as a question at once, and a test like
// this one says it needs its words.
func TestStartChoicesAreCoachsLists(t *testing.T) {
	for _, tt := range []struct {
		name    string
		options []Option
		values  []string
	}{
		{"emergency signs and the both-legs question", append(slices.Clone(emergencyOptions), bothLegsChange), coach.EmergencyFlags},
		{"urgent signs", urgentOptions, coach.UrgentFlags},
		{"leg pain", legPainOptions, coach.LegPainValues},
		{"both legs onset", bothLegsOnsetOptions, coach.OnsetValues},
		{"movements", movementOptions, coach.MovementValues},
		{"conditions", conditionOptions, coach.ConditionValues},
		{"activity", activityOptions, coach.ActivityValues},
		{"access", accessOptions, coach.AccessValues},
		{"getting to the floor", floorOptions, coach.FloorValues},
		{"walking aid", aidOptions, coach.AidValues},
		{"sex", sexOptions, coach.SexValues},
	} {
		var got []string
		for _, o := range tt.options {
			got = append(got, o.Value)
			if o.Label == "" {
				t.Errorf("%s: %q has no wording on the page", tt.name, o.Value)
			}
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(tt.values))) {
			t.Errorf("%s: the page offers %v, coach knows %v", tt.name, got, tt.values)
		}
	}
}

// Every wording of a field error names a field of the questionnaire.
func TestStartWordingIsForAskedFields(t *testing.T) {
	for field := range startWording {
		if !slices.ContainsFunc(startSteps, func(s step) bool { return slices.Contains(s.Fields, field) }) {
			t.Errorf("startWording has %q, which no step asks", field)
		}
	}
}

// Every rating column coach keeps has a label on the exercise pages'
// "Who should take care" table (an unlabelled row was an empty header).
func TestEveryRatingColumnHasALabel(t *testing.T) {
	for _, c := range coach.RatingColumns {
		if conditionLabel[c] == "" {
			t.Errorf("rating column %q has no label in conditionLabel", c)
		}
	}
}

// The settings page words the answers about the body, a plan made
// before /start asked them as coach reads it.
func TestBodyAnswersInWords(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    coach.Profile
		want []Option
	}{
		{"asked", coach.Profile{FloorTransfer: coach.FloorCannot, MobilityAid: coach.AidWalking, Sex: "female", Postmenopausal: true, VertebralFracture: true}, []Option{
			{"Getting down to the floor and back up", "No, not at all"}, {"Walking aid or wheelchair", "A walking aid (a stick, crutches or a frame)"},
			{"Sex", "Female"}, {"Bone health", "past the menopause; a fracture in the spine"}}},
		{"before the questions", coach.Profile{}, []Option{
			{"Getting down to the floor and back up", "Yes, easily"}, {"Walking aid or wheelchair", "No"},
			{"Sex", "Prefer not to say"}, {"Bone health", "none of the things we ask about"}}},
		{"80, the floor not answered: taken as hard (rule F14)", coach.Profile{Age: 80}, []Option{
			{"Getting down to the floor and back up", "Not answered: your plan takes it as difficult, to be safe, and leaves out floor exercises"}, {"Walking aid or wheelchair", "No"},
			{"Sex", "Prefer not to say"}, {"Bone health", "none of the things we ask about"}}},
		{"the menopause counts for women only", coach.Profile{Sex: "male", Postmenopausal: true, LongTermSteroids: true}, []Option{
			{"Getting down to the floor and back up", "Yes, easily"}, {"Walking aid or wheelchair", "No"},
			{"Sex", "Male"}, {"Bone health", "steroid tablets for 3 months or more"}}},
	} {
		if got := bodyAnswers(tt.p); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The settings page words the conditions as /start asks them, not as
// coach's values.
func TestSettingsConditionWords(t *testing.T) {
	d := settingsData{Profile: &coach.Profile{Conditions: []string{"disc_herniation", "osteoporosis"}}}
	want := Option{"Conditions a doctor has told you about", "Disc herniation (bulging or slipped disc, sciatica); Osteoporosis or osteopenia"}
	if got := d.Answers(); !slices.Contains(got, want) {
		t.Errorf("%v, want %v among them", got, want)
	}
}
