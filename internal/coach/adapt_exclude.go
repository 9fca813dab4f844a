package coach

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// RescreenMessage asks a person to answer the warning-sign questions
// again after their leg symptoms spread or new numbness or weakness
// (clinical.md 5.2 and 5.5).
const RescreenMessage = "Your leg symptoms spread further down the leg, or you noticed new numbness or weakness, after a session. " +
	"That is never pain to push through. Please answer the warning-sign questions again before your next session, and stop any " +
	"exercise that brings it on. If you have numbness between your legs, new bladder or bowel problems or leg weakness that is " +
	"getting worse, get emergency help now; if the leg symptoms do not settle within a few days, see a clinician."

const repeatedFlareAdvice = "Your back has flared up more than once during this plan. That is common, but a physiotherapist or doctor " +
	"can help find what sets it off and adjust your exercises; it is worth asking, especially if flares keep coming or do not settle within one or two weeks."

// applyExclusions removes, from week w on, the exercises that sessions
// made worse: symptoms spreading down the leg or new numbness or
// weakness (clinical.md 5.2, issue rule).
func (a *adapter) applyExclusions(w int) {
	b := a.b
	changed := false
	for i, l := range a.h.Logs {
		if a.eff[i] != w || !l.Worsened() {
			continue
		}
		from := fmt.Sprintf("from week %d", w)
		if w > PlanWeeks {
			from = "from now on"
		}
		var took []string
		for _, e := range a.culprits(l) {
			if x, out := b.out[e.ID]; out && !x.soft {
				continue
			}
			used := a.used(e.ID)
			reason := fmt.Sprintf("%s is out of your plan %s: %s, and it bends your back the same way.", e.Name, from, a.worseWords(l))
			b.out[e.ID] = exclusion{reason: reason}
			a.excluded = append(a.excluded, Excluded{Exercise: e.ID, Reason: reason})
			say := fmt.Sprintf("We took %s out of your plan %s because %s.", e.Name, from, a.worseWords(l))
			if !used {
				say = fmt.Sprintf("We will also leave out %s %s: it bends your back the same way.", e.Name, from)
			} else {
				took = append(took, e.Name)
			}
			a.adjustments = append(a.adjustments, Adjustment{Week: min(w, PlanWeeks), Change: ChangeExclude, Exercise: e.ID, Reason: say})
			changed = true
		}
		if rec := max(l.Date, l.Recorded); a.h.Rescreened == "" || a.h.Rescreened < rec {
			if !a.rescreen {
				what := "No exercise of that session clearly bends your back one way, so the plan keeps its exercises; go gently and stop anything that brings it on."
				if len(took) > 0 {
					what = "We took out " + strings.Join(took, ", ") + "."
				}
				a.adjust(min(w, PlanWeeks), ChangeRescreen, "Please answer the warning-sign questions again: "+a.worseWords(l)+". "+what)
			}
			a.rescreen = true
		}
	}
	if changed && w <= PlanWeeks {
		for _, blk := range []Block{Mobility, Strength, Balance, Aerobic} {
			b.allowed[blk] = b.pool(blk)
		}
	}
}

// used reports whether an exercise is in a week already laid out.
func (a *adapter) used(id string) bool {
	for _, w := range a.b.weeks {
		if weekHas(w, id) {
			return true
		}
	}
	return false
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

// culprits finds what a worsening session loaded. With one exercise in
// it that bends the back (flexion or extension): that exercise, its
// versions and harder steps, and every end-range exercise of the same
// direction, so that nothing deeper takes its place. When that is
// unclear (several such exercises, or none): every end-range exercise of
// the direction the session loaded, or of the directions that make the
// person worse, or of both directions, with the session's own ones.
func (a *adapter) culprits(l Log) []*Exercise {
	lib := a.b.lib
	var done []*Exercise
	if len(l.Items) == 0 && l.Week >= 1 && l.Week <= len(a.b.weeks) && l.Day >= 1 && l.Day <= 7 {
		for _, it := range a.b.weeks[l.Week-1].Days[l.Day-1].Items {
			if e, ok := lib.Get(it.Exercise); ok {
				done = append(done, e)
			}
		}
	}
	for _, it := range l.Items {
		if e, ok := lib.Get(it.Exercise); ok && (it.Done || it.Skipped == "too_painful") {
			done = append(done, e)
		}
	}
	var directional []*Exercise
	dirs := map[string]bool{}
	for _, e := range done {
		if (e.Tags.Direction == Flexion || e.Tags.Direction == Extension) && !slices.Contains(directional, e) {
			directional = append(directional, e)
			dirs[e.Tags.Direction] = true
		}
	}
	if len(directional) != 1 && len(dirs) != 1 {
		dirs = map[string]bool{}
		for _, m := range a.b.p.WorseWith {
			switch m {
			case "bending_forward", "sitting":
				dirs[Flexion] = true
			case "bending_backward", "standing", "walking":
				dirs[Extension] = true
			}
		}
	}
	if len(dirs) == 0 {
		dirs[Flexion], dirs[Extension] = true, true
	}
	var out []*Exercise
	add := func(e *Exercise) {
		if e != nil && !e.Avoid && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	for _, c := range directional {
		if !dirs[c.Tags.Direction] {
			continue
		}
		add(c)
		for _, e := range lib.All() {
			if family(e.ID) == family(c.ID) && e.Tags.Direction == c.Tags.Direction {
				add(e)
			}
		}
		for h := c; h.Harder != ""; {
			next, ok := lib.Get(h.Harder)
			if !ok || slices.Contains(out, next) && next != c {
				break
			}
			add(next)
			h = next
		}
	}
	for _, e := range lib.All() {
		if dirs[e.Tags.Direction] && e.Tags.EndRange {
			add(e)
		}
	}
	return out
}

// what names what a log was about: "the session on Tuesday 13 October",
// or "your cycling on Tuesday 13 October" for outside activity.
func (a *adapter) what(l Log) string {
	if l.Kind == KindActivity && len(l.Items) > 0 {
		name := l.Items[0].Exercise
		if e, ok := a.b.lib.Get(name); ok {
			name = strings.ToLower(e.Name)
		}
		return fmt.Sprintf("your %s on %s", name, dayName(l.Date))
	}
	return "the session on " + dayName(l.Date)
}

func (a *adapter) painWords(l Log) string {
	when := a.what(l)
	switch {
	case l.PainDuring != nil && *l.PainDuring > 5 && (l.PainAfter == nil || *l.PainDuring >= *l.PainAfter):
		return fmt.Sprintf("your pain reached %d/10 during %s", *l.PainDuring, when)
	case l.PainAfter != nil && *l.PainAfter > 5:
		return fmt.Sprintf("your pain reached %d/10 after %s", *l.PainAfter, when)
	case l.PainNextMorning != nil && l.PainBefore != nil && *l.PainNextMorning-*l.PainBefore >= 2:
		return fmt.Sprintf("the morning after %s your pain was %d/10, %d points above the %d/10 you started with", when, *l.PainNextMorning, *l.PainNextMorning-*l.PainBefore, *l.PainBefore)
	case l.PainNextMorning != nil:
		return fmt.Sprintf("the morning after %s your pain was still %d/10", when, *l.PainNextMorning)
	}
	return "your pain went above the limit after " + when
}

func (a *adapter) worseWords(l Log) string {
	when := a.what(l)
	switch {
	case l.LegSymptoms == "further_down" && l.NewNumbnessOrWeakness:
		return "your leg symptoms spread further down the leg and you noticed new numbness or weakness after " + when
	case l.NewNumbnessOrWeakness:
		return "you noticed new numbness or weakness after " + when
	}
	return "your leg symptoms spread further down the leg after " + when
}

// dayName is "Tuesday 1 December" for a YYYY-MM-DD date.
func dayName(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.Format("Monday 2 January")
}
