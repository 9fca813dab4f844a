package coach

import "slices"

// floorPositions are the positions that need getting down to the floor
// and up again (issue 15: prone, supine, quadruped, kneeling, side-lying).
var floorPositions = []string{"prone", "supine", "quadruped", "kneeling", "side-lying"}

// standingPositions need standing up or standing for the whole exercise,
// which a wheelchair user's plan leaves out; "water" needs getting into a
// pool, which for a wheelchair user needs a hoist or help.
var standingPositions = []string{"standing", "sit_to_stand", "water"}

// capabilityExclusion leaves out what the person's body cannot safely do
// yet (issue 15; when in doubt, exclude and say why). It returns the
// reason, and whether there is one.
func capabilityExclusion(p Profile, e *Exercise) (string, bool) {
	floor := slices.Contains(floorPositions, e.Tags.Position)
	switch {
	case p.MobilityAid == AidWheelchair && slices.Contains(standingPositions, e.Tags.Position):
		if e.Tags.Position == "water" {
			return "you use a wheelchair, and getting into and out of a pool safely needs a hoist or help; a physiotherapist or the pool staff can tell you what your pool offers.", true
		}
		return "you use a wheelchair, so your plan keeps to exercises done sitting.", true
	case p.cannotFloor() && floor:
		return "you said you cannot get down to the floor and up again, so your plan keeps to standing and seated exercises.", true
	case p.FloorTransfer == FloorHard && floor:
		return "you said getting down to the floor and up again is hard for you, so your plan uses standing and seated exercises instead: a struggle to get up, or a fall on the way down, would cost more than the exercise gives. A physiotherapist can practise getting down and up with you and add floor work after that.", true
	}
	return "", false
}

// osteoporosisRisk reports whether the person is under the osteoporosis
// rules: diagnosed, or likely from the risk factors of clinical.md 4.1
// (a woman after the menopause, long-term steroid tablets, a previous
// low-trauma fracture, a vertebral fracture).
func (p Profile) osteoporosisRisk() bool {
	return has(p.Conditions, "osteoporosis") || p.riskFactors()
}

func (p Profile) riskFactors() bool {
	return p.Sex == "female" && p.Postmenopausal || p.LongTermSteroids || p.PreviousFragilityFracture || p.VertebralFracture
}

// conditions are the person's conditions, with osteoporosis added when
// the risk factors put them under its rules.
func (p Profile) conditions() []string {
	if p.riskFactors() && !has(p.Conditions, "osteoporosis") {
		return append(slices.Clone(p.Conditions), "osteoporosis")
	}
	return p.Conditions
}

// hasCondition reports a condition, counting likely osteoporosis.
func (p Profile) hasCondition(c string) bool { return has(p.conditions(), c) }
