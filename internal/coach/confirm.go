package coach

import (
	"fmt"
	"slices"
	"strings"
)

// A clinician's confirmation covers named contraindications, not the
// exercise for good (rule C1): each add is checked again against the
// profile in force on every build, and one that meets a contraindication
// they did not confirm is paused until they confirm again.

// Contraindication is one reason the rules leave an exercise out for a
// person: Key names it stably ("rating:osteoporosis_vertebral_fracture",
// "rule:pregnancy_prone", ...) so a confirmation can record it, and Never
// marks the ones no confirmation lifts (the library's never list, what
// the person cannot do or does not have).
type Contraindication struct {
	Key    string
	Reason string
	Never  bool
}

// Contraindications are the reasons the rules leave exercise id out for
// p, worst first; nil when the exercise is allowed (or only cautioned).
func Contraindications(p Profile, lib *Library, id string) []Contraindication {
	e, ok := lib.Get(id)
	if !ok {
		return nil
	}
	np := p.Normal()
	c := Classify(np)
	var out []Contraindication
	if e.Avoid {
		out = append(out, Contraindication{Key: "never", Never: true,
			Reason: fmt.Sprintf("%s is never part of a plan: %s", e.Name, e.AvoidReason)})
	}
	if progressionOnly(e) {
		out = append(out, Contraindication{Key: "progression", Never: true, Reason: progressionReason(e)})
	}
	for _, a := range e.Tags.Access {
		if !np.hasAccess(a) {
			out = append(out, Contraindication{Key: "access:" + a, Never: true,
				Reason: fmt.Sprintf("%s needs %s, which the member did not say they can use.", e.Name, accessName[a])})
		}
	}
	if x, ok := capabilityExclusion(np, e); ok {
		out = append(out, Contraindication{Key: "capability", Never: true, Reason: fmt.Sprintf("%s is not in the plan: %s", e.Name, x)})
	}
	for _, col := range ratingColumns(np, c) {
		if e.RatingFor(col) == Avoid {
			out = append(out, Contraindication{Key: "rating:" + col, Reason: fmt.Sprintf(
				"%s is rated avoid for %s: %s", e.Name, conditionLabel(col), noteFor(e, col, "it is best avoided"))})
		}
	}
	if slices.ContainsFunc(out, func(x Contraindication) bool { return x.Never }) {
		return out // what cannot be done at all: the rest does not matter
	}
	ext, flex := directionSignals(np)
	if x, ok := hardExclusion(np, e, ext, flex); ok {
		out = append(out, Contraindication{Key: ruleKey(np, e, ext, flex), Reason: fmt.Sprintf("%s is not in the plan: %s", e.Name, x)})
	}
	if e.ID == "heel-drops" && len(out) > 0 && strings.HasPrefix(out[len(out)-1].Key, "rule:heel-drops:") {
		out = out[:len(out)-1] // each of its gates, not only the first
		for _, g := range heelDropGates(np) {
			out = append(out, Contraindication{Key: g.key, Reason: fmt.Sprintf("%s is not in the plan: %s", e.Name, g.reason)})
		}
	}
	// hardExclusion gives the first rule; a confirmation of it must not
	// cover a condition rule that came later (stenosis after direction).
	for _, rule := range conditionRules {
		key := "rule:condition:" + rule.condition
		if np.hasCondition(rule.condition) && has(rule.ids, e.ID) && !slices.ContainsFunc(out, func(x Contraindication) bool { return x.Key == key }) {
			out = append(out, Contraindication{Key: key, Reason: fmt.Sprintf("%s is not in the plan: %s", e.Name, rule.reason)})
		}
	}
	return out
}

// progressionReason says why a harder aerobic step (walk-run) cannot be
// prescribed (rule V10): the prescription carries no days, no run:walk
// split and no running-time cap, and one confirmation would stand for
// every gate of it (ran before, age, pain, leg symptoms, pregnancy); the
// engine's own path keeps them all and checks them on every build.
func progressionReason(e *Exercise) string {
	return fmt.Sprintf("%s cannot be added by a prescription: it is brisk walking's harder step, and the plan brings it in itself from week %d, "+
		"on days that are never consecutive, starting with 1 minute of easy running in each %d minutes, for someone who ran before this episode, "+
		"with pain of 3 or less, no leg symptoms, not pregnant and, from 65, cleared by a clinician. Add brisk walking instead, "+
		"or ask the patient to update those answers so the plan can take them back to running.", e.Name, WalkRunWeek, WalkRunBlock)
}

// unconfirmed is the first contraindication of an added exercise the
// clinician did not confirm (a Never one is never confirmed), or false.
func unconfirmed(p Profile, lib *Library, rx Prescription) (Contraindication, bool) {
	for _, x := range Contraindications(p, lib, rx.Exercise) {
		if x.Never || !rx.ConfirmedAvoid || !slices.Contains(rx.Confirmed, x.Key) {
			return x, true
		}
	}
	return Contraindication{}, false
}

// ConfirmationKeys are the contraindication keys a clinician confirms
// when they confirm adding id for p now (what Prescription.Confirmed
// records); nil when nothing needs confirming.
func ConfirmationKeys(p Profile, lib *Library, id string) []string {
	var keys []string
	for _, x := range Contraindications(p, lib, id) {
		if !x.Never {
			keys = append(keys, x.Key)
		}
	}
	return keys
}

// ruleKey names the rule hardExclusion applies to e, in its order.
func ruleKey(p Profile, e *Exercise, ext, flex []string) string {
	last := lastPregnancyWeek(p)
	switch {
	case last >= 12 && e.Tags.Position == "prone":
		return "rule:pregnancy_prone"
	case last >= 16 && e.Tags.Position == "supine":
		return "rule:pregnancy_supine"
	case e.Tags.Direction == "rotation" && has(p.WorseWith, "twisting"):
		return "rule:twisting"
	case len(ext) > 0 && has([]string{"knee-to-chest", "double-knee-to-chest", "childs-pose"}, e.ID):
		return "rule:bending_forward"
	case len(flex) > 0 && has([]string{"cobra", "prone-press-up"}, e.ID):
		return "rule:bending_backward"
	case p.LegPain == "below_knee" && has([]string{"downward-dog-chair", "downward-dog", "cat-cow", "dead-bug-long-lever"}, e.ID):
		return "rule:leg_pain:" + e.ID
	case e.ID == "heel-drops":
		if g := heelDropGates(p); len(g) > 0 {
			return g[0].key
		}
	}
	for _, rule := range conditionRules {
		if p.hasCondition(rule.condition) && has(rule.ids, e.ID) {
			return "rule:condition:" + rule.condition
		}
	}
	return "rule:" + e.ID
}

// cautionColumns are the rating columns of p that rate exercise e
// caution.
func cautionColumns(p Profile, e *Exercise) []string {
	np := p.Normal()
	var cols []string
	for _, col := range ratingColumns(np, Classify(np)) {
		if e.RatingFor(col) == Caution {
			cols = append(cols, col)
		}
	}
	return cols
}

// pauseNewCautions pauses, in each segment, an added exercise that a
// column of its profile rates caution when the profile in force as it
// was prescribed (its first segment) did not (clinical review 3, M1;
// rule V1): caution means "only with a physiotherapist's guidance", and
// the clinician who added it did not see that condition. A prescription
// made once the condition is known covers it. The segments are resolved.
func pauseNewCautions(segs []Segment) {
	first := map[int64]int{}
	for i := range segs {
		var rxs []Prescription
		for k, rx := range segs[i].Choices.Prescriptions {
			j, seen := first[rx.ID]
			if !seen {
				first[rx.ID] = i
				continue
			}
			e, ok := segs[i].Library.Get(rx.Exercise)
			if rx.Kind != PrescribeAdd || !ok || j == i {
				continue
			}
			then := cautionColumns(*segs[j].Profile, e)
			for _, col := range cautionColumns(*segs[i].Profile, e) {
				if slices.Contains(then, col) {
					continue
				}
				if rxs == nil {
					rxs = slices.Clone(segs[i].Choices.Prescriptions)
				}
				rxs[k].paused = fmt.Sprintf("%s is rated caution for %s, which needs a physiotherapist's guidance: %s",
					e.Name, conditionLabel(col), noteFor(e, col, "it needs care"))
				break
			}
		}
		if rxs != nil {
			ch := *segs[i].Choices
			ch.Prescriptions = rxs
			segs[i].Choices = &ch
		}
	}
}
