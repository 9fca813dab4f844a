package coach

import "slices"

// Referral tells a person to see a clinician instead of following a plan.
type Referral struct {
	Level   string   `json:"level"` // "emergency" or "urgent"
	Reasons []string `json:"reasons"`
	Message string   `json:"message"`
}

// Referral levels.
const (
	Emergency = "emergency"
	Urgent    = "urgent"
)

// Screen applies the red-flag rules (clinical.md section 2): emergency
// signs always refer; urgent signs refer unless a clinician has cleared
// the person. It returns nil when a plan may be made.
func Screen(p Profile) *Referral {
	var emergency, urgent []string
	for _, f := range p.RedFlags {
		if slices.Contains(EmergencyFlags, f) {
			emergency = append(emergency, f)
		} else {
			urgent = append(urgent, f)
		}
	}
	if p.LegPain == "both_legs" {
		emergency = append(emergency, "leg_pain_both_legs")
	}
	if p.Age < 20 {
		urgent = append(urgent, "age_under_20")
	}
	if len(emergency) > 0 {
		msg := emergencyMessage
		if len(emergency) == 1 && emergency[0] == "pregnancy_warning_signs" {
			msg = pregnancyMessage
		}
		return &Referral{Level: Emergency, Reasons: emergency, Message: msg}
	}
	if len(urgent) > 0 && !p.ClearedByClinician {
		return &Referral{Level: Urgent, Reasons: urgent, Message: urgentMessage}
	}
	return nil
}

const emergencyMessage = "Please get medical help now: go to an emergency department or call your local emergency number " +
	"(999 in the UK, 911 in the US, 112 in the EU). What you told us can be a sign of a problem with the nerves at the " +
	"base of the spine, an infection, a fracture or another condition that needs to be checked today. " +
	"Do not start an exercise plan and do not wait to see if it passes."

const pregnancyMessage = "Please stop exercising and contact your maternity unit, midwife or doctor now; if you are bleeding heavily, " +
	"have severe pain or chest pain, or feel faint, call your local emergency number (999 in the UK, 911 in the US, 112 in the EU). " +
	"Do not start an exercise plan until they have checked you."

const urgentMessage = "Please see a doctor within the next few days, before you start an exercise plan. What you told us " +
	"is usually nothing serious, but it needs a clinician's check first. If it gets worse, or you notice numbness " +
	"between your legs, new bladder or bowel problems or weakness in your legs, get emergency help at once. " +
	"Once a clinician has checked you and cleared you to exercise, come back and tell us so."

// ReasonText is a plain-language name for a referral reason.
var ReasonText = map[string]string{
	"saddle_numbness":                 "numbness or tingling between the legs or around the genitals or back passage",
	"bladder_or_bowel_change":         "new trouble controlling or feeling your bladder or bowels",
	"rapidly_worsening_weakness":      "leg weakness that is getting worse",
	"fever_and_unwell":                "fever, shivers or feeling generally unwell with back pain",
	"major_trauma":                    "pain that started after a serious fall or accident",
	"sudden_severe_abdominal_pain":    "sudden, severe pain in the back and tummy",
	"pregnancy_warning_signs":         "warning signs in pregnancy (bleeding, fluid leaking, contractions, dizziness, chest pain)",
	"leg_pain_both_legs":              "pain, numbness or weakness in both legs",
	"cancer_history":                  "a past history of cancer",
	"unexplained_weight_loss":         "losing weight without trying",
	"constant_night_pain":             "constant pain that is worse at night and not eased by changing position",
	"suspected_fracture":              "pain that may be from a broken bone (osteoporosis or long-term steroids, sudden start)",
	"inflammatory_features":           "long morning stiffness that eases with movement (possible inflammatory back pain)",
	"stable_numbness_or_weakness":     "numbness or weakness in one leg",
	"immunosuppressed_or_iv_drug_use": "a weakened immune system or injecting drugs",
	"recent_spine_surgery":            "recent surgery on your spine",
	"pregnancy_contraindication":      "a pregnancy complication your midwife or doctor told you about",
	"age_under_20":                    "being under 20 with back pain",
}
