package coach_test

import (
	"encoding/json"
	"testing"

	"supple/internal/coach"
)

const minimal = `{"age": 46, "pain_now": 4, "duration_weeks": 16, "activity_level": "sedentary", "minutes_per_day": 30, "days_per_week": 5}`

// FuzzPlanProfile: every profile that passes ValidateProfile gets a plan
// or referral that keeps the coach's invariants. (The JSON decoder's own
// fuzz target is api.FuzzDecodeProfile.)
func FuzzPlanProfile(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(`{"age": 70, "pain_now": 8, "duration_weeks": 1, "activity_level": "light", "minutes_per_day": 5, "days_per_week": 7, "conditions": ["osteoporosis","spinal_stenosis"], "access": ["bike"]}`))
	f.Add([]byte(`{"age": 30, "pregnancy_weeks": 20, "pain_now": 3, "duration_weeks": 8, "activity_level": "active", "minutes_per_day": 180, "days_per_week": 1, "worse_with": ["sitting"], "better_with": ["walking"]}`))
	f.Add([]byte(`{"red_flags": ["saddle_numbness"]}`))
	f.Add([]byte(`{"age": 70, "pain_now": 3, "duration_weeks": 60, "activity_level": "light", "minutes_per_day": 20, "days_per_week": 3, "leg_pain": "both_legs", "both_legs_onset": "long_standing", "conditions": ["spinal_stenosis"]}`))
	f.Add([]byte(`{"age": 17, "pain_now": 4, "duration_weeks": 20, "activity_level": "active", "minutes_per_day": 30, "days_per_week": 4, "conditions": ["scoliosis"]}`))
	lib := mustLibrary(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var p coach.Profile
		if json.Unmarshal(b, &p) != nil || len(coach.ValidateProfile(p)) > 0 {
			return
		}
		checkInvariants(t, p, coach.Plan(p, lib), lib)
	})
}
