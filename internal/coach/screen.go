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
//
// Symptoms in both legs are an emergency when they are new or getting
// worse (clinical.md 2.1), and an urgent referral when long-standing but
// never assessed; long-standing symptoms a clinician has assessed
// (clearance, or diagnosed spinal stenosis) allow a plan with cautions
// (bothLegsAdvice). New pain worse on bending backward under 20 is an
// urgent sign (clinical.md 4.4). Age under 20, or 50 and over with a new episode, is
// no reason on its own (clinical.md 0, rule 1): it is named beside other
// urgent signs, and alone gives advice to see a clinician (ageAdvice).
func Screen(p Profile) *Referral {
	var emergency, urgent []string
	for _, f := range p.RedFlags {
		if slices.Contains(EmergencyFlags, f) {
			emergency = append(emergency, f)
		} else {
			urgent = append(urgent, f)
		}
	}
	switch {
	case p.LegPain != "both_legs":
	case p.BothLegsOnset != OnsetLongStanding:
		emergency = append(emergency, "leg_pain_both_legs")
	case !bothLegsAssessed(p):
		urgent = append(urgent, "both_legs_not_assessed")
	case p.DurationWeeks < BothLegsEpisodeWeeks && !p.ClearedByClinician:
		// Long-standing symptoms in both legs, yet an episode of back pain
		// of only a few weeks: the answers do not fit together, so a
		// clinician checks whether the legs changed with it (clinical.md
		// 2.1: new or worsening bilateral symptoms; clinical review 23).
		urgent = append(urgent, "both_legs_new_episode")
	}
	// Under 20 with pain worse bending backward that no clinician has
	// checked yet: a pars stress fracture needs ruling out, however long
	// it has lasted (clinical.md 4.4). A clearance lets the plan go ahead.
	// Standing or walking worse alone gets a plan with advice to have it
	// checked in the next 1 to 2 weeks (ageAdvice; clinical re-review N8).
	if p.Age < 20 && has(p.WorseWith, "bending_backward") {
		// A possible stress fracture of the pars (clinical.md 4.4):
		// assessment first.
		urgent = append(urgent, "young_new_extension_pain")
	}
	if fractureRisk(p) && p.DurationWeeks < FractureEpisodeWeeks {
		// A new episode in someone whose bones may break with little
		// force: an osteoporotic vertebral fracture needs ruling out
		// first (clinical.md 2.2, Tier B; clinical review of issue 15).
		urgent = append(urgent, "fracture_risk_new_episode")
	}
	if len(emergency) > 0 {
		msg := emergencyMessage
		if len(emergency) == 1 && emergency[0] == "pregnancy_warning_signs" {
			msg = pregnancyMessage
		}
		return &Referral{Level: Emergency, Reasons: emergency, Message: msg}
	}
	if len(urgent) == 0 || p.ClearedByClinician {
		return nil
	}
	switch {
	case p.Age < 20 && !slices.Contains(urgent, "young_new_extension_pain"):
		urgent = append(urgent, "age_under_20")
	case newEpisodeOver50(p):
		urgent = append(urgent, "age_50_plus_new_episode")
	}
	return &Referral{Level: Urgent, Reasons: urgent, Message: urgentMessage}
}

// bothLegsAssessed: a clinician has looked at the long-standing symptoms
// in both legs (a clearance, or a diagnosis of spinal stenosis, whose
// neurogenic claudication is often in both legs, clinical.md 3.2).
// BothLegsEpisodeWeeks: an episode of back pain shorter than this with
// "long-standing" symptoms in both legs needs a clinician's check first,
// unless one cleared the person for it.
const BothLegsEpisodeWeeks = 12

func bothLegsAssessed(p Profile) bool {
	return p.ClearedByClinician || has(p.Conditions, "spinal_stenosis")
}

// FractureEpisodeWeeks: an episode of back pain shorter than this, in
// someone with fracture risk (fractureRisk), needs a clinician's check
// before a plan, unless one has cleared the person.
const FractureEpisodeWeeks = 4

// fractureRisk: bones known or likely to break with little force:
// diagnosed osteoporosis, a vertebral or other low-trauma fracture, or
// long-term steroid tablets (clinical.md 2.2: osteoporotic vertebral
// fracture). Menopause alone is not counted here: it puts the plan under
// the osteoporosis rules (riskFactors) without a referral.
func fractureRisk(p Profile) bool {
	return has(p.Conditions, "osteoporosis") || p.VertebralFracture || p.PreviousFragilityFracture || p.LongTermSteroids
}

// newEpisodeOver50 is the age part of the malignancy flags (clinical.md
// 2.2): 50 or over with an episode of under 12 weeks.
func newEpisodeOver50(p Profile) bool { return p.Age >= 50 && p.DurationWeeks < 12 }

// The referral messages name no country's number: the pages add the
// numbers the site is configured for.
const emergencyMessage = "Please get medical help now: call your local emergency number or go to an emergency department. " +
	"What you told us can be a sign of a problem with the nerves at the base of the spine, an infection, a fracture or " +
	"another condition that needs to be checked today. Do not start an exercise plan and do not wait to see if it passes."

const pregnancyMessage = "Please stop exercising and contact your maternity unit, midwife or doctor now; if you are bleeding heavily, " +
	"have severe pain or chest pain, or feel faint, call your local emergency number. " +
	"Do not start an exercise plan until they have checked you."

const urgentMessage = "Please see a doctor within the next few days, before you start an exercise plan. What you told us " +
	"is usually nothing serious, but it needs a clinician's check first. If it gets worse, or you notice numbness " +
	"between your legs, new bladder or bowel problems or weakness in your legs, get emergency help at once. " +
	"Once a clinician has checked you and cleared you to exercise, come back and tell us so."

// InflammatoryWording is the one wording of the inflammatory-back-pain
// sign (clinical.md 2.2), used by the planner's question, the referral
// reason and the articles.
// The referral messages when a log reports a warning sign during a plan.
const (
	emergencyPausedMessage = "Please get medical help now: call your local emergency number or go to an emergency department. " +
		"What you told us can be a sign of a problem with the nerves at the base of the spine, an infection, a fracture or " +
		"another condition that needs to be checked today. Pause your exercise plan and do not wait to see if it passes."
	pregnancyPausedMessage = "Please stop exercising and contact your maternity unit, midwife or doctor now; if you are bleeding heavily, " +
		"have severe pain or chest pain, or feel faint, call your local emergency number. " +
		"Pause your exercise plan until they have checked you."
	urgentPausedMessage = "Please pause your exercise plan and see a doctor within the next few days. What you told us " +
		"is usually nothing serious, but it needs a clinician's check first. If it gets worse, or you notice numbness " +
		"between your legs, new bladder or bowel problems or weakness in your legs, get emergency help at once."
)

const InflammatoryWording = "morning stiffness in the back that lasts more than 30 minutes and eases with movement but not with rest"

// InflammatoryText names the sign as a referral reason.
const InflammatoryText = InflammatoryWording + " (possible inflammatory back pain)"

// ReasonText is a plain-language name for a referral reason.
var ReasonText = map[string]string{
	"saddle_numbness":                 "numbness or tingling between the legs or around the genitals or back passage",
	"bladder_or_bowel_change":         "new trouble controlling or feeling your bladder or bowels",
	"rapidly_worsening_weakness":      "leg weakness that is getting worse",
	"fever_and_unwell":                "fever, shivers or feeling generally unwell with back pain",
	"major_trauma":                    "pain that started after a serious fall or accident",
	"sudden_severe_abdominal_pain":    "sudden, severe pain in the back and tummy",
	"pregnancy_warning_signs":         "warning signs in pregnancy (bleeding, fluid leaking, contractions, dizziness, chest pain)",
	"leg_pain_both_legs":              "pain, numbness or tingling in both legs that is new or getting worse",
	"both_legs_new_or_worse":          "pain, numbness or tingling in both legs that is new, or that you had before and has now spread or got worse",
	"both_legs_not_assessed":          "pain, numbness or tingling in both legs for a while that no clinician has checked yet",
	"both_legs_new_episode":           "pain, numbness or tingling in both legs that you have had for a while, with back pain that started only in the last few weeks, so a clinician should check whether your legs changed with it",
	"cancer_history":                  "a past history of cancer",
	"unexplained_weight_loss":         "losing weight without trying",
	"constant_night_pain":             "constant pain that is worse at night and not eased by changing position",
	"suspected_fracture":              "pain that may be from a broken bone (osteoporosis or long-term steroids, sudden start)",
	"inflammatory_features":           InflammatoryText,
	"spine_shape_change":              "a recent change in the shape of your back (a new or growing curve, a hump, or lost height)",
	"stable_numbness_or_weakness":     "numbness or weakness in one leg",
	"immunosuppressed_or_iv_drug_use": "a weakened immune system or injecting drugs",
	"recent_spine_surgery":            "recent surgery on your spine",
	"pregnancy_contraindication":      "a pregnancy complication your midwife or doctor told you about",
	"age_under_20":                    "being under 20 with back pain",
	"young_new_extension_pain":        "being under 20 with back pain that is worse when bending backward, not yet checked by a clinician (a stress fracture in the spine needs ruling out)",
	"age_50_plus_new_episode":         "being 50 or over with a new episode of back pain",
	"fracture_risk_new_episode":       "back pain that started in the last few weeks, with bones that may break more easily (osteoporosis, a past fracture from a minor fall, or long-term steroid tablets), so a clinician should rule out a fracture in the spine",
}
