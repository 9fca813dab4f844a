package coach

import (
	"fmt"
	"slices"
	"strings"
)

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
	case p.MobilityAid != AidWheelchair && wheelchairAerobic(e):
		return "it is seated aerobic work for people who use a wheelchair; walking and the other activities in your plan work more of your body.", true
	case p.MobilityAid == AidWheelchair && isCycling(e):
		return "you use a wheelchair, and a bike needs a transfer onto it and legs that push the pedals; a physiotherapist can tell you whether arm cycling or a hand bike suits you.", true
	case e.ID == "outdoor-cycling" && (p.MobilityAid == AidWalking || p.Floor() == FloorHard || p.cannotFloor()):
		return "riding a bike outdoors means balancing in traffic and on uneven ground, and a fall costs most when getting up from the ground is hard or you rely on a walking aid; an exercise bike gives the same benefit without the fall.", true
	case e.Tags.Impact == "moderate" && (p.MobilityAid != "" && p.MobilityAid != AidNone || p.Floor() == FloorHard || p.cannotFloor()):
		return "impact work comes after strength and balance for someone at risk of a fall (Royal Osteoporosis Society 2022); a physiotherapist can tell you when it suits you.", true
	case e.ID == "single-leg-heel-raise" && p.fallCostly():
		return p.fallWho() + ", and rising on one foot asks more balance than is safe without a physiotherapist; the heel raise on both feet stays in your plan.", true
	case e.ID == "single-leg-stance" && p.fallCostly():
		// clinical review 2, M2; review 3, L1: standing on one leg with
		// the hand off the support asks at least as much balance as the
		// single-leg heel raise (clinical.md 2.4: falls risk).
		return p.fallWho() + ", and standing on one leg asks more balance than is safe without a physiotherapist; heel-to-toe standing, with a hand on the counter, stays in your plan.", true
	case p.MobilityAid == AidWalking && e.Tags.Load == "light":
		return "you use a walking aid, and holding a weight while you stand up takes your hands away from your support; the version without a weight stays in your plan.", true
	case p.MobilityAid == AidWalking && e.Tags.Load == "band" && e.Tags.Position != "seated":
		return "you use a walking aid, and pulling a band with both hands while you stand takes your hands away from your support; the seated band row does the same work sitting down.", true
	case p.cannotFloor() && floor:
		return "you said you cannot get down to the floor and up again, so your plan keeps to standing and seated exercises.", true
	case p.Floor() == FloorHard && floor:
		return floorHardWhy(p) + ", so your plan uses standing and seated exercises instead: a struggle to get up, or a fall on the way down, would cost more than the exercise gives. A physiotherapist can practise getting down and up with you and add floor work after that.", true
	}
	return "", false
}

// wheelchairAerobic: seated aerobic work, planned for wheelchair users
// only (issue 15: seated aerobic work such as wheelchair pushing; WHO
// 2020: 150 moderate minutes a week for adults with a disability too).
func wheelchairAerobic(e *Exercise) bool { return slices.Contains(wheelchairAerobicIDs, e.ID) }

var wheelchairAerobicIDs = []string{"wheelchair-pushing", "seated-arm-aerobics"}

// isCycling: a bike the legs drive, indoors or out.
func isCycling(e *Exercise) bool { return e.ID == "cycling" || e.ID == "outdoor-cycling" }

// fallCostly reports someone for whom a fall costs most: a walking-aid
// user, or from 65 someone for whom getting up from the floor is hard or
// not possible, said or taken so (F14; clinical review 3, L1; clinical.md
// 2.4: age 65 or over with a falls risk). They keep a hand on the
// support in balance work (rule F15).
func (p Profile) fallCostly() bool {
	return p.MobilityAid == AidWalking || p.Age >= 65 && (p.Floor() == FloorHard || p.cannotFloor())
}

// fallWho says why fallCostly holds, for the cards.
func (p Profile) fallWho() string {
	switch {
	case p.MobilityAid == AidWalking:
		return "you use a walking aid"
	case p.FloorAssumedHard():
		return fmt.Sprintf("you did not tell us whether getting up from the floor is easy for you, and at %d your plan takes it as hard, to be safe", p.Age)
	}
	return "getting up from the floor is hard for you, so a fall would cost more"
}

// osteoporosisRisk reports whether the person is under the osteoporosis
// rules: diagnosed, or likely from the risk factors (riskFactors).
func (p Profile) osteoporosisRisk() bool {
	return has(p.Conditions, "osteoporosis") || p.riskFactors()
}

// riskFactors reports osteoporosis likely enough, without a diagnosis,
// for its rules (clinical review 3, M3; rule F11): long-term steroid
// tablets, a previous low-trauma fracture or a vertebral fracture each
// alone, or being past the menopause with another factor (two or more),
// which includes being 65 or over. Being past the menopause alone is a
// reason for a bone-health check, not a diagnosis (postmenopausal).
func (p Profile) riskFactors() bool {
	if p.LongTermSteroids || p.PreviousFragilityFracture || p.VertebralFracture {
		return true
	}
	return p.postmenopausal() && p.Age >= 65
}

func (p Profile) postmenopausal() bool { return p.Postmenopausal && p.Sex != "male" }

// boneLoading reports whether bone-loading work leads the strength block
// (weight-bearing resistance first, heel drops): under the osteoporosis
// rules, or past the menopause (ROS 2022: resistance and impact for bone).
func (p Profile) boneLoading() bool { return p.osteoporosisRisk() || p.postmenopausal() }

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

// wheelchairAerobicAdvice is the honest word for a wheelchair user whose
// plan has no seated aerobic work left (a prescription or a mark took it
// out; issue 15).
const wheelchairAerobicAdvice = "Your plan has seated mobility and strength work, but no seated aerobic activity that suits you at the moment. " +
	"Guidelines suggest 150 moderate minutes a week for everyone, including wheelchair users (WHO 2020): please ask a physiotherapist which seated activity, such as arm cycling or pushing your wheelchair briskly, suits you, and add it on your active days."

// wheelchairAerobicWhy is the why of seated aerobic work (WHO 2020;
// clinical.md 5.1: the talk test; 5.3: bouts with rests).
const wheelchairAerobicWhy = "Aerobic work done sitting: at a pace where you can talk but not sing, it counts toward 150 moderate minutes a week, for wheelchair users as for everyone (WHO 2020). Go in bouts of about 5 minutes with a short rest between them, and stop if your shoulders hurt."

// wheelchairBout is the length of a bout of seated aerobic work, in
// minutes: the plan lays it out as sets (clinical.md 5.3 pacing; the
// shoulders of manual wheelchair users take the load; clinical review 3, L6).
const wheelchairBout = 5

// bodyAdvice is the advice for the person's body: likely osteoporosis, a
// vertebral fracture, a hard time getting to the floor, a walking aid or
// a wheelchair (clinical.md 4.1; issue 15).
func (b *builder) bodyAdvice() []string {
	var a []string
	p := b.p
	if p.riskFactors() && !has(p.Conditions, "osteoporosis") {
		a = append(a, "What you told us ("+joinAnd(riskWords(p))+") raises the chance of weaker bones (osteoporosis), so your plan follows the rules for osteoporosis to be safe: no full forward bends or bending forward under load, and strength work that helps bones (Royal Osteoporosis Society 2022). "+
			"Please ask your doctor about a bone-health check.")
	} else if p.postmenopausal() && !has(p.Conditions, "osteoporosis") {
		a = append(a, "After the menopause bones can lose strength faster, so your plan puts weight-bearing strength work first, which helps keep bones strong (Royal Osteoporosis Society 2022). "+
			"Please ask your doctor whether a bone-health check suits you; if it finds weaker bones, answer the questions again with it.")
	}
	if p.VertebralFracture {
		a = append(a, "After a fracture in the spine, your plan keeps impact no higher than brisk walking and leaves out bending forward under load and twisting (Royal Osteoporosis Society 2022). "+
			"Please see a physiotherapist, who can check your posture and show you which exercises suit you and how far to go (Too Fit To Fracture).")
	}
	switch {
	case p.MobilityAid == AidWheelchair && p.Floor() != FloorHard && p.Floor() != FloorCannot:
		a = append(a, "Your plan has no exercises on the floor, because you use a wheelchair. A physiotherapist can tell you whether floor work, and getting down and up safely, suits you.")
	case p.FloorAssumedHard():
		a = append(a, "Your plan has no exercises on the floor: "+floorHardWhy(p)+". If getting down and up is easy for you, say so in your answers and floor work can come in; a physiotherapist can practise it with you, which is also worth knowing in case of a fall.")
	case p.Floor() == FloorHard || p.cannotFloor():
		a = append(a, "Your plan has no exercises on the floor, because you said getting down to the floor and up again is hard or not possible for you. A physiotherapist can practise it with you, which is also worth knowing in case of a fall.")
	case p.Age >= 65 && b.floorPlanned():
		a = append(a, floorChairAdvice)
	}
	if p.MobilityAid == AidWheelchair && b.p.Age >= 65 {
		a = append(a, "Balance practice standing is left out because you use a wheelchair; a physiotherapist can suggest balance work done sitting.")
	}
	return a
}

// floorHardWhy says why the plan reads getting to the floor as hard:
// the person said so, or did not say and is FloorAssumedAge or over or
// uses a walking aid (clinical review 2, M1).
func floorHardWhy(p Profile) string {
	if !p.FloorAssumedHard() {
		return "you said getting down to the floor and up again is hard for you"
	}
	who := fmt.Sprintf("you are %d", p.Age)
	if p.MobilityAid == AidWalking {
		who = "you use a walking aid"
	}
	return "you did not tell us whether you can get down to the floor and up again easily, and as " + who + " your plan takes it as hard, to be safe"
}

// floorChairAdvice is for someone 65 or over whose plan has floor work
// (clinical review 2, M1; clinical.md 2.4: falls risk from 65).
const floorChairAdvice = "Before exercises on the floor, put a sturdy chair next to you and practise getting down and up with it a few times: kneel beside the chair with a hand on its seat, and come up one knee at a time. If getting up is a struggle, leave the floor exercises out and ask a physiotherapist."

// floorPlanned reports whether any day of the plan has an exercise on
// the floor.
func (b *builder) floorPlanned() bool {
	for _, w := range b.weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				if e, ok := b.lib.Get(it.Exercise); ok && slices.Contains(floorPositions, e.Tags.Position) {
					return true
				}
			}
		}
	}
	return false
}

func riskWords(p Profile) []string {
	var w []string
	if p.postmenopausal() {
		w = append(w, "you are past the menopause")
		if p.Age >= 65 {
			w = append(w, "you are 65 or over")
		}
	}
	if p.LongTermSteroids {
		w = append(w, "you take steroid tablets long-term")
	}
	if p.PreviousFragilityFracture {
		w = append(w, "you have broken a bone in a minor fall")
	}
	if p.VertebralFracture {
		w = append(w, "you have had a fracture in the spine")
	}
	return w
}

func joinAnd(w []string) string {
	if len(w) <= 1 {
		return strings.Join(w, "")
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}

// bodyBonus raises the exercises the person's body needs most: from 65,
// standing up from a chair (WHO 2020: functional strength); under the
// osteoporosis rules, weight-bearing resistance work, which loads bone
// (clinical.md 4.1: ROS 2022 progressive resistance).
func (b *builder) bodyBonus(e *Exercise) int {
	s := 0
	if e.Block != Aerobic && e.Tags.Position == "seated" && b.p.MobilityAid != AidWheelchair && !(e.ID == "seated-band-row" && b.p.MobilityAid == AidWalking) {
		return seatedOnly // the seated versions are for wheelchair users; others keep the standing ones, which move more of the body
	}
	if e.Block != Strength {
		return 0
	}
	if e.ID == "sit-to-stand" && b.p.Age >= 65 {
		s += 4
	}
	if e.ID == "sit-to-stand" && b.p.boneLoading() {
		s++ // the ladder to a held load leads the bone work (ROS 2022: progressive resistance)
	}
	switch bone := b.p.boneLoading() && (e.Tags.Position == "standing" || e.Tags.Position == "sit_to_stand") && (e.Tags.Load == "bodyweight" || e.Tags.Load == "band"); {
	case bone && e.Tags.Impact == "moderate":
		s += 2 // impact beside progressive resistance (ROS 2022)
	case bone:
		s += 2
	case has(limbStrength, e.ID) && b.p.Age < 65:
		s-- // for others the trunk exercises that support the back come first
	}
	return s
}

// seatedOnly is the score of a seated version for someone who can stand:
// last, and never rotated in.
const seatedOnly = -10

// limbStrength are the strength exercises for arms and legs rather than
// the trunk, chosen first for bone loading and from 65.
var limbStrength = []string{"wall-push-up", "heel-raise", "step-up", "band-row", "seated-band-row"}

// landSecond keeps a land-based option among the two aerobic options the
// plan alternates, so that water work is never the only aerobic work
// (clinical.md 4.1: falls-safe but low in bone loading).
func landSecond(list []*Exercise) {
	if len(list) < 3 || list[0].Tags.Position != "water" || list[1].Tags.Position != "water" {
		return
	}
	for i := 2; i < len(list); i++ {
		if list[i].Tags.Position != "water" {
			land := list[i]
			copy(list[2:i+1], list[1:i])
			list[1] = land
			return
		}
	}
}

// waterTurn takes turns, week by week, between the water options the
// person can use, so that a pool brings both swimming and water aerobics
// (issue 15: water aerobics was never chosen).
func (b *builder) waterTurn(pool []*Exercise, e *Exercise) *Exercise {
	if e.Tags.Position != "water" || len(b.weeks)%2 == 0 {
		return e
	}
	for _, x := range pool {
		if x != e && x.Tags.Position == "water" && !slices.Contains(pool[:2], x) {
			return x
		}
	}
	return e
}

// trimming is how far mobility and strength are kept lean to leave time
// for aerobic work.
type trimming struct {
	strengthDays bool // strength on 2 days, not 3
	mobility     bool // 2 mobility exercises a day, not 3
	strength     bool // 2 strength exercises a day, not 3
}

// RoomyWeek is the weekly budget, in minutes, from which the plan must
// reach ModerateGoal by week 12 (issue 15: about 200 minutes or more).
const RoomyWeek = 200

// trimForModerate: with a roomy week that the full mobility and strength
// work would leave short of 150 moderate minutes, strength goes to 2 days
// (still the WHO 2020 minimum), then 2 mobility and 2 strength exercises a
// day, until the aerobic time reaches 150 (clinical.md 1.3, 0 rule 8).
func (b *builder) trimForModerate() {
	capacity := len(b.active) * b.p.MinutesPerDay
	if capacity < RoomyWeek || len(b.allowed[Aerobic]) == 0 {
		return
	}
	steps := []func(){
		func() {
			b.trim.strengthDays = true
			b.strengthDay = map[int]bool{}
			days := strengthDays(b.active)
			for _, d := range days[:min(2, len(days))] {
				b.strengthDay[d] = true
			}
		},
		func() { b.trim.mobility = true },
		func() { b.trim.strength = true },
	}
	for _, step := range steps {
		if capacity-b.nonAerobicPerWeek() >= ModerateGoal {
			return
		}
		step()
	}
}

// moderateAdvice says honestly what week 12 reaches and what counts
// (clinical.md 0 rule 8, 1.3, 6: only aerobic minutes are moderate).
func (b *builder) moderateAdvice(last Week) string {
	examples, extra := "walking, cycling or swimming", "brisk walks"
	if b.p.MobilityAid == AidWheelchair { // clinical review 2, L5: the words fit the person
		examples, extra = "pushing your wheelchair briskly or seated arm aerobics", "seated aerobic bouts"
	}
	counts := "Only the aerobic activity (such as " + examples + ") counts as moderate; the mobility and strength exercises are on top of it, and strength on 2 days a week is a guideline of its own (WHO 2020)."
	if last.ModerateMinutes >= ModerateGoal {
		return fmt.Sprintf("By week 12 your plan reaches %d moderate minutes a week, the 150 or more guidelines suggest. %s", last.ModerateMinutes, counts)
	}
	return fmt.Sprintf("With the time you have (%d minutes a week), your plan reaches %d moderate minutes a week by week 12: the rest of the time goes to mobility and strength work, which guidelines also ask for. %s Guidelines suggest 150 moderate minutes a week: %s you add on other days, or on top, count too.",
		len(b.active)*b.p.MinutesPerDay, last.ModerateMinutes, counts, extra)
}

// DoseStepWeek is the week from which a strength exercise at the top of
// its ladder (no harder step allowed) progresses by dose instead: more
// repetitions, or longer holds (clinical.md 5.1: progress holds and
// repetitions before load; 5.3: keep raising the quota gradually).
const DoseStepWeek = 11

// StepWeeks is how long an exercise is in the plan at one dose before
// its next step (P1: one step every 4 weeks).
const StepWeeks = 4

// weeksIn is how many weeks e has been in the plan before week.
func (b *builder) weeksIn(id string, week int) int {
	first, ok := b.firstWeek[id]
	switch {
	case b.planning:
		first = min(3, week)
	case !ok:
		return 0
	}
	return week - first
}

// strengthDose is the exercise's sets, repetitions and hold for the
// week. An exercise new to the plan (rotated in, or a harder step)
// starts at the library's dose (finding M2); after 4 weeks at it and
// from week 7 it has one more set, up to 3 (P1).
func (b *builder) strengthDose(e *Exercise, week int) (sets, reps, hold int) {
	sets = e.Dose.Sets
	if week >= 7 && !b.noProgress[e.ID] && b.weeksIn(e.ID, week) >= StepWeeks {
		sets = min(3, sets+1)
	}
	reps, hold = b.doseStep(e, week)
	return sets, reps, hold
}

// doseStep is the exercise's repetitions and hold for the week: two more
// repetitions, or holds about half as long again, for an exercise at the
// top of its ladder that has been in the plan 8 weeks or more (its extra
// set came 4 weeks before: one step at a time).
func (b *builder) doseStep(e *Exercise, week int) (reps, hold int) {
	reps, hold = e.Dose.Reps, e.Dose.HoldSeconds
	if week < DoseStepWeek || b.noProgress[e.ID] || b.weeksIn(e.ID, week) < 2*StepWeeks || e.Harder != "" && find(b.allowed[Strength], e.Harder) != nil {
		return reps, hold
	}
	if hold > 0 {
		return reps, hold + max(hold/2, 2)
	}
	return reps + 2, hold
}

// SecondsPerRep is the time a repetition takes besides its hold
// (DoseSeconds).
const SecondsPerRep = 4

// The rotation of equivalent exercises (issue 15: weeks 9 to 12 repeated
// week 7; clinical.md 5.3: keep the programme progressing; WHO 2020:
// variety): the last mobility and the last strength slot take an
// exercise new to the plan in week 9 and another in week 11, after the
// steps up of weeks 3 and 7. The picks before the last slot (the
// preferred direction's lead, the best-rated) stay.

// RotateWeek is the first week of the rotation.
const RotateWeek = 9

// turns is how many times the last slot of a block has moved on by week.
func turns(week int) int {
	if week < RotateWeek {
		return 0
	}
	return min(2, 1+(week-RotateWeek)/2)
}

// rotatable reports whether e may come in by rotation: not a seated
// version meant for wheelchair users (bodyBonus seatedOnly).
func (b *builder) rotatable(e *Exercise) bool { return b.bodyBonus(e) > seatedOnly }

// rotated is the first n of the candidates (in preference order), with
// the candidate k places after the n-th pick (or the last one found) in
// the n-th slot. A block of one keeps its best pick.
// rotatedOne is a mobility block of one without a preferred direction
// (P5f): the candidate k places after the best pick, or the last one
// found.
func rotatedOne(list []*Exercise, k int) []*Exercise {
	if len(list) == 0 {
		return list
	}
	j := min(k, len(list)-1)
	return list[j : j+1]
}

func rotated(list []*Exercise, n, k int) []*Exercise {
	if k == 0 || n < 2 || len(list) <= n {
		return list[:min(n, len(list))]
	}
	j := min(n-1+k, len(list)-1)
	return append(slices.Clone(list[:n-1]), list[j])
}
