package coach

import (
	"fmt"
	"slices"
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
	}
	for _, rule := range conditionRules {
		if p.hasCondition(rule.condition) && has(rule.ids, e.ID) {
			return "rule:condition:" + rule.condition
		}
	}
	return "rule:" + e.ID
}
