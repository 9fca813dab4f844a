package coach

import (
	"fmt"
	"slices"
)

// RescreenMessage asks a person to answer the warning-sign questions
// again after their leg symptoms spread or new numbness or weakness
// (clinical.md 5.2 and 5.5).
const RescreenMessage = "Your leg symptoms spread further down the leg, or you noticed new numbness or weakness, after a session. " +
	"That is never pain to push through. Please answer the warning-sign questions again before your next session, and stop any " +
	"exercise that brings it on. If you have numbness between your legs, new bladder or bowel problems or leg weakness that is " +
	"getting worse, get emergency help now; if the leg symptoms do not settle within a few days, see a clinician."

// RescreenFlareMessage asks for the warning-sign questions again after a
// flare-up (clinical.md 5.5: re-screen at every flare).
const RescreenFlareMessage = "Your back flared up after a session. Flare-ups are common and usually settle within days, and we have eased your next sessions. " +
	"Please answer the warning-sign questions again before your next session, so that we know nothing else is going on."

// RescreenFractureMessage is added to the flare re-screen with
// osteoporosis (clinical.md 2.2: sudden severe pain with osteoporosis,
// older age or long-term steroids can be a vertebral fracture).
const RescreenFractureMessage = " With osteoporosis, sudden severe back pain, especially after a minor fall or strain or with none, " +
	"can be a small break in a bone of the spine: if the pain is severe, came on suddenly or eases only lying down, see a doctor within days to check for a fracture."

const spreadReviewAdvice = "Your leg symptoms spread more than once, or you noticed new numbness or weakness. Please see a physiotherapist or doctor " +
	"within the next few days, before you build up your exercise again; get emergency help at once for numbness between your legs, new bladder or bowel problems or leg weakness that is getting worse."

const trendReviewAdvice = "Your pain rose over several weeks and has stayed well above where it started, so we eased your plan. " +
	"Please see a physiotherapist or doctor within the next week or two to check how your back is doing."

const repeatedFlareAdvice = "Your back has flared up more than once during this plan. That is common, but a physiotherapist or doctor " +
	"can help find what sets it off and adjust your exercises; it is worth asking, especially if flares keep coming or do not settle within one or two weeks."

// worsened responds to leg symptoms spreading further down the leg, or
// new numbness or weakness, known on plan day n (clinical.md 0 rule 5,
// 3.4, 4.2 and 5.2): with stenosis, or walking or standing named as
// worse, after walking the walking eases and no backward bend comes in;
// otherwise the exercises to blame leave the plan, and nothing of the
// same direction takes their place. The dose is held by decide. It
// reports whether the exercises allowed changed.
func (a *adapter) worsened(l Log, n int) bool {
	changed := false
	var took []string
	switch {
	case a.b.intervalWalking() && a.walked(l):
		changed = a.easeWalking(l, n)
		changed = a.holdBackwardBends(n, l) || changed
		took = append(took, "walking")
	default:
		for _, c := range a.culprits(l) {
			if a.exclude(c.e, n, l, c.why) {
				changed = true
				if a.used(c.e.ID) {
					took = append(took, lowerName(c.e))
				}
			}
		}
	}
	a.askRescreen(l, true, took...)
	return changed
}

// exclude takes an exercise out of the plan from day n, for the rest of
// the plan, and explains why.
func (a *adapter) exclude(e *Exercise, n int, l Log, why string) bool {
	b := a.b
	if x, out := b.out[e.ID]; out && !x.soft {
		return false
	}
	reason := fmt.Sprintf("%s is out of your plan %s: %s, and %s.", e.Name, a.from(n), a.worseWords(l), why)
	b.out[e.ID] = exclusion{reason: reason}
	a.excluded = append(a.excluded, Excluded{Exercise: e.ID, Reason: reason, Kind: KindRule})
	say := fmt.Sprintf("We took %s out of your plan %s because %s: %s.", lowerName(e), a.from(n), a.worseWords(l), why)
	if !a.used(e.ID) {
		say = fmt.Sprintf("We will also leave out %s %s: %s.", lowerName(e), a.from(n), why)
	}
	a.adjust(weekOf(n), dayOf(n), ChangeExclude, e.ID, say)
	return true
}

// askRescreen asks for the warning-sign questions again after a report,
// unless they were answered after it (clinical.md 5.2 and 5.5).
func (a *adapter) askRescreen(l Log, spread bool, took ...string) {
	rec := max(l.Date, l.Recorded)
	if before, _ := a.aboveBaseline(l); !spread && !brokeDuringOrAfterFor(a.b.p, l) && !before {
		rec = max(rec, l.MorningRecorded)
	}
	if a.h.Rescreened != "" && a.h.Rescreened >= rec {
		return
	}
	n := dayIndex(l.Week, l.Day) + 1
	if spread {
		if !a.rescreenSpread {
			what := "No exercise of that session clearly bends your back one way, so the plan keeps its exercises and holds the dose; go gently and stop anything that brings it on."
			if len(took) > 0 {
				what = "We took out " + andList(took) + ", and your plan does not increase for now."
				if took[0] == "walking" {
					what = "We changed your walking, which you said makes it worse, and kept the forward bends that ease it."
				}
			}
			a.adjust(weekOf(n), 0, ChangeRescreen, "", "Please answer the warning-sign questions again: "+a.worseWords(l)+". "+what)
		}
		a.rescreenSpread = true
		return
	}
	if !a.rescreenFlare && !a.rescreenSpread {
		a.adjust(weekOf(n), 0, ChangeRescreen, "", "Please answer the warning-sign questions again: "+a.painWords(l)+". We ask after every flare-up, to be sure nothing else is going on.")
	}
	a.rescreenFlare = true
}

// used reports whether an exercise is in a day already laid out.
func (a *adapter) used(id string) bool {
	for _, w := range a.b.weeks {
		if weekHas(w, id) {
			return true
		}
	}
	return a.wl != nil && weekHas(a.wl.week, id)
}

func weekHas(w Week, id string) bool {
	for _, d := range w.Days {
		for _, it := range d.Items {
			if it.Exercise == id {
				return true
			}
		}
	}
	return false
}

// walked reports whether a session had walking in it.
func (a *adapter) walked(l Log) bool {
	return slices.ContainsFunc(a.done(l), func(e *Exercise) bool { return e.ID == "brisk-walking" })
}

// holdBackwardBends leaves out, from day n, every backward bend not yet
// in the plan when bending forward relieves: after spreading, nothing of
// the direction that narrows the space around the nerves comes in
// (clinical.md 0 rule 5, 3.4, 4.3).
func (a *adapter) holdBackwardBends(n int, l Log) bool {
	if !a.b.flexionRelieves() {
		return false
	}
	changed := false
	for _, e := range a.b.lib.All() {
		if bends(e) && e.Tags.Direction == Extension && !e.Avoid && !a.used(e.ID) {
			changed = a.exclude(e, n, l, "it bends your back backward, the opposite of the forward bending that eases you") || changed
		}
	}
	return changed
}

// easeWalking eases walking with stenosis after symptoms spread on a
// walking day (clinical.md 4.2): the exercise bike takes its place where
// the person has one; otherwise the bouts get shorter, with a sitting
// rest between them. The forward bends stay.
func (a *adapter) easeWalking(l Log, n int) bool {
	b := a.b
	walk, _ := b.lib.Get("brisk-walking")
	if bike := find(b.allowed[Aerobic], "cycling"); bike != nil && walk != nil {
		return a.exclude(walk, n, l, "walking upright narrows the space around the nerves; the exercise bike, which leans you forward, takes its place")
	}
	bout := max(2, b.bout()-2)
	if bout == b.bout() {
		return false
	}
	b.walkBout = bout
	a.adjust(weekOf(n), dayOf(n), ChangeSwap, "brisk-walking", fmt.Sprintf("Your walks are now in bouts of about %d minutes %s, with a sitting rest between them, because %s. Sitting or leaning forward eases this kind of leg pain; your forward bends stay in the plan.",
		bout, a.from(n), a.worseWords(l)))
	return false
}

// culprit is an exercise to blame and why, in words.
type culprit struct {
	e   *Exercise
	why string
}

// done lists the exercises of a session: those logged as done or too
// painful, or, when the log lists none, the planned ones.
func (a *adapter) done(l Log) []*Exercise {
	lib := a.b.lib
	var out []*Exercise
	if day, ok := a.day(l.Week, l.Day); ok && len(l.Items) == 0 {
		for _, it := range day.Items {
			if e, ok := lib.Get(it.Exercise); ok && !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	for _, it := range l.Items {
		if e, ok := lib.Get(it.Exercise); ok && (it.Done || it.Skipped == "too_painful") && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// culprits finds what to blame for a worsening session, in this order
// (issue 11; clinical.md 3.4 and 5.2): what was new or made harder in
// that session; else its end-range exercises; else its exercises in the
// direction the person said makes them worse; else the one direction
// the session bent the back in. With stenosis, forward bends are
// blamed only when new or made harder (4.2). Each culprit takes with it its harder
// steps and, for a forward or backward bend, every other exercise of the
// same block and direction that was not in the session, so that nothing
// of the same direction takes its place. When nothing in the session
// can be blamed, every end-range exercise of the worsening directions
// (or of both) is left out as a precaution.
func (a *adapter) culprits(l Log) []culprit {
	done := a.done(l)
	worse := a.worseDirections()
	var blamed []culprit
	pick := func(why func(*Exercise) string) bool {
		for _, e := range done {
			if s := why(e); s != "" {
				blamed = append(blamed, culprit{e, s})
			}
		}
		return len(blamed) > 0
	}
	endRange := func(e *Exercise) string {
		if e.Tags.EndRange && bends(e) {
			return "it takes your back to the end of its range"
		}
		return ""
	}
	worseWay := func(e *Exercise) string {
		if worse[e.Tags.Direction] {
			return "it bends your back the way you said makes your pain worse"
		}
		return ""
	}
	// With stenosis or a flexion preference, bending forward relieves
	// (3.4, 4.2): a forward bend is blamed only when it was new or made
	// harder.
	relieving := func(why func(*Exercise) string) func(*Exercise) string {
		return func(e *Exercise) string {
			if a.b.flexionRelieves() && e.Tags.Direction == Flexion {
				return ""
			}
			return why(e)
		}
	}
	_ = pick(a.newInSession(l)) || pick(relieving(endRange)) || pick(relieving(worseWay)) || pick(relieving(oneDirection(done)))
	var out []culprit
	add := func(e *Exercise, why string) {
		if e != nil && !e.Avoid && !slices.ContainsFunc(out, func(c culprit) bool { return c.e == e }) {
			out = append(out, culprit{e, why})
		}
	}
	for _, c := range blamed {
		if c.e.Block == Aerobic && len(slices.DeleteFunc(slices.Clone(a.b.allowed[Aerobic]), func(x *Exercise) bool { return x == c.e })) == 0 {
			continue // the only aerobic option stays; the dose is held
		}
		add(c.e, c.why)
	}
	for _, c := range slices.Clone(out) {
		for _, h := range a.b.lib.harderSteps(c.e) {
			add(h, "it is a harder step of "+lowerName(c.e))
		}
		if !bends(c.e) {
			continue
		}
		// An easier step already done in the plan stays: it is the last
		// level that helped, to step back to (clinical.md 5.5; 3.4:
		// prone lying, sphinx, press-up).
		back := a.b.lib.easierSteps(c.e)
		for _, e := range a.b.lib.All() {
			if slices.Contains(back, e) && a.used(e.ID) {
				continue
			}
			if e.Block == c.e.Block && e.Tags.Direction == c.e.Tags.Direction && !slices.Contains(done, e) {
				add(e, "it bends your back the same way as "+lowerName(c.e)+", so it will not take its place")
			}
		}
	}
	if len(out) == 0 && len(blamed) == 0 {
		if len(worse) == 0 {
			worse = map[string]bool{Flexion: true, Extension: true}
		}
		for _, e := range a.b.lib.All() {
			if worse[e.Tags.Direction] && e.Tags.EndRange {
				add(e, "it bends your back to the end of its range in the direction that may have brought this on")
			}
		}
	}
	return out
}

// newInSession says why an exercise of the session was new or made
// harder there: not in the week before, or with more sets, or as the
// harder step of an exercise done the week before. Week 1 has nothing to
// compare with.
func (a *adapter) newInSession(l Log) func(*Exercise) string {
	day, ok := a.day(l.Week, l.Day)
	if l.Week < 2 || !ok {
		return func(*Exercise) string { return "" }
	}
	before := map[string]int{}
	for _, d := range a.b.weeks[l.Week-2].Days {
		for _, it := range d.Items {
			before[it.Exercise] = max(before[it.Exercise], it.Sets)
		}
	}
	today := map[string]int{}
	for _, it := range day.Items {
		today[it.Exercise] = it.Sets
	}
	return func(e *Exercise) string {
		sets, was := before[e.ID]
		_, easierBefore := before[e.Easier]
		switch {
		case !was && e.Easier != "" && easierBefore:
			return "it had just been made harder"
		case !was:
			return "it was new in that session"
		case today[e.ID] > sets && e.Block != Aerobic:
			return "it had just been made harder"
		}
		return ""
	}
}

// oneDirection blames the session's forward or backward bends when they
// all bend the back the same way.
func oneDirection(done []*Exercise) func(*Exercise) string {
	dirs := map[string]bool{}
	for _, e := range done {
		if bends(e) {
			dirs[e.Tags.Direction] = true
		}
	}
	return func(e *Exercise) string {
		if len(dirs) == 1 && bends(e) {
			return "in that session, the exercises that bend your back all bent it the same way, so that way is the likeliest cause"
		}
		return ""
	}
}

// worseDirections are the directions the person said make them worse.
func (a *adapter) worseDirections() map[string]bool {
	dirs := map[string]bool{}
	for _, m := range a.b.p.WorseWith {
		switch m {
		case "bending_forward", "sitting":
			dirs[Flexion] = true
		case "bending_backward", "standing", "walking":
			dirs[Extension] = true
		}
	}
	return dirs
}

// bends reports whether an exercise bends the back forward or backward.
func bends(e *Exercise) bool { return e.Tags.Direction == Flexion || e.Tags.Direction == Extension }

// easierSteps lists the exercises reached from e by easier steps.
func (l *Library) easierSteps(e *Exercise) []*Exercise {
	var out []*Exercise
	for x, ok := l.Get(e.Easier); ok && x != e && !slices.Contains(out, x); x, ok = l.Get(x.Easier) {
		out = append(out, x)
	}
	return out
}

// harderSteps lists every exercise reached from e by harder steps.
func (l *Library) harderSteps(e *Exercise) []*Exercise {
	var out []*Exercise
	queue := []*Exercise{e}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, x := range l.All() {
			if x != e && !slices.Contains(out, x) && (x.Easier == c.ID || c.Harder == x.ID) {
				out = append(out, x)
				queue = append(queue, x)
			}
		}
	}
	return out
}
