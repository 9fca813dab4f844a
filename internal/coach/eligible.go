package coach

import (
	"fmt"
	"strings"
)

// exclusion is why an exercise may not be planned. A soft exclusion (a
// "caution" rating) may be lifted when a block would otherwise be empty;
// a hard one never.
type exclusion struct {
	reason string
	soft   bool
	rx     int64 // the prescription that left it out (0: a rule)
}

// eligibility decides, for every exercise, whether it may be planned
// (clinical.md sections 2-4 and the master table in section 9).
func eligibility(p Profile, lib *Library, c Classification) map[string]exclusion {
	out := map[string]exclusion{}
	defer boneWording(p, lib, out)
	ext, flex := directionSignals(p)
	cols := ratingColumns(p, c)
	for _, e := range lib.All() {
		if e.Avoid {
			out[e.ID] = exclusion{reason: fmt.Sprintf("%s is never part of a plan: %s", e.Name, e.AvoidReason)}
			continue
		}
		if x, ok := hardExclusion(p, e, ext, flex); ok {
			out[e.ID] = exclusion{reason: fmt.Sprintf("%s is not in your plan: %s", e.Name, x)}
			continue
		}
		worst, col := OK, ""
		for _, cl := range cols {
			r := e.RatingFor(cl)
			if (cl == "disc_herniation" || cl == RadicularColumn) && len(flex) > 0 && len(ext) == 0 {
				r = discWithFlexionPreference(e, r)
			}
			if cl == "spinal_stenosis" && e.ID == "brisk-walking" && r == Caution {
				r = OK // the caution is interval walking, which the plan's dose builds in (clinical.md 4.2)
			}
			if cl == "osteoporosis" && e.ID == "walk-run" && p.RanBefore && !has(p.Conditions, "osteoporosis") && !p.VertebralFracture {
				// Clinical review 4, N1 (rules V4, V5): under the bone rules
				// for risk factors alone, someone who ran before keeps the
				// way back to running under its own gates; moderate impact
				// is fine without a vertebral fracture, and people used to
				// running can continue (ROS 2022, clinical.md 4.1).
				r = OK
			}
			if r.rank() > worst.rank() {
				worst, col = r, cl
			}
		}
		switch worst {
		case Avoid:
			out[e.ID] = exclusion{reason: fmt.Sprintf("%s is not in your plan: %s", e.Name, noteFor(e, col, "it is best avoided"))}
		case Caution:
			out[e.ID] = exclusion{soft: true, reason: cautionReason(e, col)}
		}
	}
	return out
}

// discWithFlexionPreference adjusts the disc column for the minority whose
// symptoms ease with bending forward (clinical.md section 9, DISC column
// note: invert the direction; 0 rule 5: the direction that eases wins):
// backward bends need care, and the single knee-to-chest, whose disc
// caution is about the direction ("use it only if it eases your
// symptoms"), is allowed, with "stop if it spreads" in its why (4.3).
// The other forward bends keep their rating: their cautions (end range,
// nerve tension, rounding under load) do not depend on the direction, and
// the stricter reading of the table is the safe one.
func discWithFlexionPreference(e *Exercise, r Rating) Rating {
	switch {
	case e.Tags.Direction == "extension" && r.rank() < Caution.rank():
		return Caution
	case e.ID == "knee-to-chest" && r == Caution:
		return OK
	}
	return r
}

// cautionReason says why an exercise rated "caution" is left out. The
// table's note often reads as an instruction for doing it, which makes
// sense only once a clinician has added it (clinical review finding 19),
// so the card leaves it out (issue 15: why it is out, never how to do it).
func cautionReason(e *Exercise, col string) string {
	const guided = "it is one to do only with a physical therapist's guidance"
	note := noteFor(e, col, "")
	switch {
	case note == "":
		return fmt.Sprintf("%s is not in your plan: %s.", e.Name, guided)
	case (col == "disc_herniation" || col == RadicularColumn) && e.Tags.Direction == "extension":
		return fmt.Sprintf("%s is not in your plan: %s", e.Name, note)
	case col == RadicularColumn:
		return fmt.Sprintf("%s is not in your plan: because your leg pain spreads below the knee, %s.", e.Name, guided)
	}
	with := conditionName[col]
	if with == "" {
		with = "what you told us"
	}
	// Never how to do it (issue 15): the how-to is for a physical
	// therapist to give, with the exercise.
	return fmt.Sprintf("%s is not in your plan: with %s %s.", e.Name, with, guided)
}

func noteFor(e *Exercise, col, fallback string) string {
	if col == "disc_herniation" && e.Tags.Direction == "extension" && e.RatingFor(col).rank() < Caution.rank() {
		return "with a disc herniation that eases when you bend forward, bending backward can stir it up."
	}
	if col == RadicularColumn {
		// The disc notes name a disc problem the person did not give
		// (clinical review 4, N2): the card names the leg pain.
		if e.Tags.Direction == "extension" && e.RatingFor(col).rank() < Caution.rank() {
			return "with leg pain below the knee that eases when you bend forward, bending backward can stir it up."
		}
		return "because your leg pain spreads below the knee, which usually means an irritated nerve in the back, this exercise can stir it up."
	}
	if n := strings.TrimSpace(e.Notes[col]); n != "" {
		if !strings.HasSuffix(n, ".") {
			n += "."
		}
		return strings.ToLower(n[:1]) + n[1:]
	}
	return fmt.Sprintf("with %s, %s.", conditionName[col], fallback)
}

// hardExclusion applies the rules that never bend: the avoid list, access,
// pregnancy positions, direction of movement and the named condition
// rules.
func hardExclusion(p Profile, e *Exercise, ext, flex []string) (string, bool) {
	for _, a := range e.Tags.Access {
		if !p.hasAccess(a) {
			return fmt.Sprintf("you did not say you can use %s.", accessName[a]), true
		}
	}
	if x, ok := capabilityExclusion(p, e); ok {
		return x, true
	}
	// The plan lasts 12 weeks, so the rules apply from the start when the
	// pregnancy will reach their week before the plan ends.
	if last := lastPregnancyWeek(p); last >= 12 && e.Tags.Position == "prone" {
		return fmt.Sprintf("you will be up to %d weeks pregnant during this plan, and exercises lying face down are left out from 12 weeks.", last), true
	} else if last >= 16 && e.Tags.Position == "supine" {
		return fmt.Sprintf("you will be up to %d weeks pregnant during this plan, and exercises lying on your back are left out from 16 weeks because the weight of the womb can press on a large vein and make you feel faint.", last), true
	}
	if e.Tags.Direction == "rotation" && has(p.WorseWith, "twisting") {
		return "you said twisting makes your pain worse, so your plan leaves out turning exercises (the direction that eases pain is the one to follow).", true
	}
	switch e.ID {
	case "knee-to-chest", "double-knee-to-chest", "childs-pose":
		if len(ext) > 0 {
			return fmt.Sprintf("you said %s, so your plan avoids stretches that bend you forward.", ext[0]), true
		}
	case "walk-run":
		if p.ActivityLevel == "moderate" && p.RanBefore && p.PainNow <= 3 && (p.LegPain == "none" || p.LegPain == "") && p.PregnancyWeeks == 0 {
			// clinical review 3, L7: a runner who dropped to moderate activity with the back pain
			return "you ran before, and the way back to running starts once you are active again, after weeks of brisk walking on most days; your plan builds that walking first. When you are active, answer the questions again as active and your plan can take you back to running.", true
		}
		if p.ActivityLevel != "active" || p.PainNow > 3 || p.LegPain != "none" && p.LegPain != "" || p.PregnancyWeeks > 0 {
			return "the way back to running is for someone who was active before, with mild pain (3 out of 10 or less), no leg symptoms and not pregnant; brisk walking gives the same benefit for your back.", true
		}
		if !p.RanBefore { // rule V5: a way back to running, not a start (clinical.md 4.9: high impact "if new to it")
			return "the way back to running is for someone who ran before this episode; starting to run is high-impact work that is best built up once your back has settled, and brisk walking gives the same benefit for your back.", true
		}
		if p.Age >= 65 && !p.ClearedByClinician { // rule V5: falls and joints are not screened for running
			return "from 65, the way back to running starts with a physiotherapist, who can check your balance and joints first; brisk walking gives the same benefit for your back.", true
		}
	case "heel-drops":
		if g := heelDropGates(p); len(g) > 0 {
			return g[0].reason, true
		}
	case "downward-dog-chair", "downward-dog":
		if p.LegPain == "below_knee" && len(ext) > 0 { // rule V7: both are straight-knee hinges felt in the backs of the legs
			return fmt.Sprintf("you have pain below the knee and %s, and this stretch bends you forward with straight legs, which pulls on the sciatic nerve; your plan keeps to the direction that eases it.", ext[0]), true
		}
		if p.LegPain == "below_knee" { // rule V7, clinical review 3 M2: clinical.md 4.3, downward dog "neural tension" whatever the direction
			return "you have pain below the knee, and this stretch bends you forward with straight legs, which pulls on the sciatic nerve and can make leg pain worse; a physiotherapist can tell you when it suits you.", true
		}
	case "cat-cow":
		if p.LegPain == "below_knee" && len(ext) > 0 { // rule V7, clinical review 3 M2: the disc column's "limit cat flexion" (clinical.md 4.3, 9)
			return fmt.Sprintf("you have pain below the knee and %s, and the rounding half of cat-cow bends your back forward, which can push the pain further down the leg; your plan keeps to the direction that eases it.", ext[0]), true
		}
	case "dead-bug-long-lever":
		if p.LegPain == "below_knee" { // rule V7, clinical review 3 M2: rule R15's disc caution, a straight leg held out
			return "you have pain below the knee, and a straight leg held out can pull on the nerve; the dead bug with a bent knee works the same muscles.", true
		}
	case "pelvic-floor":
		if p.PregnancyWeeks == 0 {
			return "daily pelvic-floor training is planned in pregnancy (2019 Canadian guideline); it is safe for anyone, and you are welcome to do it.", true
		}
	case "cycling", "outdoor-cycling":
		if has(p.WorseWith, "sitting") {
			// clinical.md 4.3: the flexed seated posture of cycling needs
			// care when bending forward and sitting stir the back up;
			// 0 rule 5: the direction that eases wins.
			return "you said sitting makes your pain worse, and cycling keeps you sitting and leaning a little forward; walking, and the other activities in your plan, do not.", true
		}
	case "cobra", "prone-press-up":
		if len(flex) > 0 {
			return fmt.Sprintf("you said %s, so your plan avoids bending backward.", flex[0]), true
		}
	}
	for _, rule := range conditionRules {
		if p.hasCondition(rule.condition) && has(rule.ids, e.ID) {
			return rule.reason, true
		}
	}
	return "", false
}

// gate is one rule that leaves an exercise out, with its confirmation key.
type gate struct{ key, reason string }

// heelDropGates are the rules that leave heel drops out for p, each with
// its own key (clinical review 3, H1: one key for all of them let a
// confirmation of one cover another that came later; rule V1).
func heelDropGates(p Profile) []gate {
	var g []gate
	if !p.boneLoading() {
		g = append(g, gate{"rule:heel-drops:bone", "heel drops are in a plan for bone health, under the osteoporosis rules or after the menopause; walking gives your bones everyday impact."})
	}
	if p.PainNow > 5 { // clinical review 2, L12: impact within the pain rule's 5/10 ceiling (clinical.md 5.2)
		g = append(g, gate{"rule:heel-drops:pain", fmt.Sprintf("your pain is %d out of 10 now, and impact work waits until it is 5 or less (the pain rule's ceiling); sit-to-stand and walking load your bones meanwhile.", p.PainNow)})
	}
	if p.LegPain == "below_knee" { // rule V6: as walk-run, no impact with nerve-root symptoms
		g = append(g, gate{"rule:heel-drops:leg_pain", "you have pain below the knee, and the jolt of heel drops can stir up a nerve in the leg; walking and sit-to-stand load your bones without it."})
	}
	return g
}

// lastPregnancyWeek is the week of pregnancy reached in the plan's last
// week (0: not pregnant).
func lastPregnancyWeek(p Profile) int {
	if p.PregnancyWeeks == 0 {
		return 0
	}
	return p.PregnancyWeeks + PlanWeeks - 1
}

var accessName = map[string]string{"pool": "a pool", AccessStationaryBike: "an exercise bike", AccessOutdoorBike: "a bike to ride outdoors", "elliptical": "an elliptical trainer", AccessBand: "a resistance band"}

// conditionRules are the named exclusions of the coach issue, each from
// clinical.md section 4.
var conditionRules = []struct {
	condition string
	ids       []string
	reason    string
}{
	{"osteoporosis", []string{"double-knee-to-chest", "childs-pose", "mcgill-curl-up"},
		"with osteoporosis, bending the spine fully forward, or forward under load, raises the risk of a fracture in the spine (Royal Osteoporosis Society 2022; Too Fit To Fracture)."},
	{"spinal_stenosis", []string{"cobra", "prone-press-up"},
		"with spinal stenosis, bending backward narrows the space around the nerves and often brings on leg symptoms."},
	{"spondylolisthesis", []string{"cobra", "prone-press-up"},
		"with spondylolisthesis, arching the back to its end range loads the part of the spine that has slipped."},
}

// boneWording words the osteoporosis reasons for someone under those rules
// for their risk factors only (rule V4): they were not told they have
// osteoporosis, so the cards say "bone-health risk factors" instead.
func boneWording(p Profile, lib *Library, out map[string]exclusion) {
	if has(p.Conditions, "osteoporosis") || !p.riskFactors() {
		return
	}
	r := strings.NewReplacer("With osteoporosis", "Because you may have weaker bones",
		"with osteoporosis", "because you may have weaker bones",
		"under the osteoporosis rules", "under the bone-health rules")
	for id, x := range out {
		if e, ok := lib.Get(id); ok && !e.Avoid {
			x.reason = r.Replace(x.reason)
			out[id] = x
		}
	}
}
