package coach

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// History is what has happened since a plan started.
type History struct {
	Start      time.Time // day 1 of week 1
	Today      time.Time // the person's current date
	Logs       []Log
	Rescreened string // the latest date the red-flag questions were answered again ("" if never)
}

// RescreenMessage asks a person to answer the warning-sign questions
// again after their leg symptoms spread or new numbness or weakness
// (clinical.md 5.2 and 5.5).
const RescreenMessage = "Your leg symptoms spread further down the leg, or you noticed new numbness or weakness, after a session. " +
	"That is never pain to push through: we have taken out the exercise that may have caused it. Please answer the warning-sign " +
	"questions again before your next session. If you have numbness between your legs, new bladder or bowel problems or leg " +
	"weakness that is getting worse, get emergency help now; if the leg symptoms do not settle within a few days, see a clinician."

// StepBackShare is the most a week after a flare may be, as a share of
// the minutes of the week of the flare (clinical.md 5.5: 50-70%).
const StepBackShare = 0.7

// Adapt builds the plan for a profile and adapts it to what the logs
// report, by the pain-monitoring rule (clinical.md 5.2 and 5.5). It is
// pure and deterministic.
//
// Each week's dose is decided at its start from what was known then:
// a log counts for the week after its own when it was recorded by that
// week's first day; a log recorded later changes only the first week
// still to come, so weeks already lived stay as they were.
func Adapt(p Profile, lib *Library, h History) Result {
	if res, ok := referFromLogs(p, h.Logs); ok {
		return res
	}
	if ref := Screen(p); ref != nil || len(h.Logs) == 0 {
		return Plan(p, lib)
	}
	c := Classify(p)
	b := newBuilder(p, lib, c)
	a := &adapter{b: b, h: h, base: b.weeklyTargets(), today: dateOnly(h.Today), start: dateOnly(h.Start)}
	a.run()
	res := Result{Status: StatusPlan, Advice: b.advice(), Classification: &c, Weeks: b.weeks, Excluded: b.excluded(), Adjustments: a.adjustments}
	if res.Adjustments == nil {
		res.Adjustments = []Adjustment{}
	}
	for _, x := range a.excluded {
		if !slices.ContainsFunc(res.Excluded, func(e Excluded) bool { return e.Exercise == x.Exercise }) {
			res.Excluded = append(res.Excluded, x)
		}
	}
	if a.rescreen {
		res.Rescreen, res.RescreenMessage = true, RescreenMessage
	}
	return res
}

// referFromLogs turns the plan into a referral when a log reports a red
// flag. A clinician's earlier clearance does not cover a sign that is
// new, so urgent signs refer too.
func referFromLogs(p Profile, logs []Log) (Result, bool) {
	var flags []string
	var first string
	for _, l := range logs {
		for _, f := range l.RedFlags {
			if !slices.Contains(flags, f) {
				flags = append(flags, f)
			}
			if first == "" || l.Date < first {
				first = l.Date
			}
		}
	}
	if len(flags) == 0 {
		return Result{}, false
	}
	q := p
	q.RedFlags = append(slices.Clone(p.RedFlags), flags...)
	q.ClearedByClinician = false
	ref := Screen(q)
	if ref == nil { // cannot happen: every reported flag refers
		return Result{}, false
	}
	names := make([]string, len(flags))
	for i, f := range flags {
		names[i] = ReasonText[f]
	}
	adj := Adjustment{Change: ChangeRescreen, Reason: fmt.Sprintf("Your plan is paused: on %s you told us about %s. Please follow the advice above before you exercise again.",
		dayName(first), strings.Join(names, "; "))}
	return Result{Status: StatusReferred, Referral: ref, Advice: referralAdvice(ref), Excluded: []Excluded{}, Adjustments: []Adjustment{adj}}, true
}

type adapter struct {
	b           *builder
	h           History
	base        []int // the plan's weekly minutes without logs, by week
	start       time.Time
	today       time.Time
	adjustments []Adjustment
	excluded    []Excluded
	rescreen    bool
	eff         []int // effectiveWeek of each log
	firstWeek   int   // the first week with a log: weeks before it are not judged by how many sessions were logged
}

// weekState is what decided a week's dose.
type weekState struct {
	level, target int
	eased         bool // held or stepped back: the next week progresses only after a full week without a flare
	peak          int  // the most minutes since the plan was last eased: growth is limited from here
}

func (a *adapter) date(week, day int) time.Time { return PlanDate(a.start, week, day) }

// decided reports whether week w has begun, so that its dose was set.
func (a *adapter) decided(w int) bool { return !a.date(w, 1).After(a.today) }

// effectiveWeek is the first week a log can change: the week after its
// own, or, when it was recorded after that week began, the week after
// the one it was recorded in.
func (a *adapter) effectiveWeek(l Log) int {
	next := l.Week + 1
	if l.Recorded == "" {
		return next
	}
	rec, err := time.Parse(time.DateOnly, l.Recorded)
	if err != nil || !rec.After(a.date(next, 1)) {
		return next
	}
	w, _, ok := PlanDay(a.start, rec)
	if !ok {
		return PlanWeeks + 1
	}
	return max(next, w+1)
}

func (a *adapter) run() {
	b := a.b
	a.eff = make([]int, len(a.h.Logs))
	a.firstWeek = PlanWeeks + 1
	for i, l := range a.h.Logs {
		a.eff[i] = a.effectiveWeek(l)
		if l.Week >= 1 {
			a.firstWeek = min(a.firstWeek, l.Week)
		}
	}
	states := make([]weekState, PlanWeeks+1)
	for w := 1; w <= PlanWeeks; w++ {
		st := weekState{level: 1, target: a.base[1], peak: a.base[1]}
		if w > 1 {
			st = a.decide(w, states)
		}
		a.applyExclusions(w)
		states[w] = st
		b.addWeek(w, st.level, st.target)
	}
	a.applyExclusions(PlanWeeks + 1) // reports after the last week still ask for a re-screen
}

// decide sets week w's dose from the weeks before it.
func (a *adapter) decide(w int, states []weekState) weekState {
	prev := states[w-1]
	// Growth after an eased week keeps to the plan's weekly limit (at
	// most 20% or 10 minutes over the highest week since), so returning
	// to the earlier level takes more than one jump (clinical.md 5.4).
	next := min(a.base[prev.level+1], maxStep(prev.peak))
	progress := weekState{level: prev.level + 1, target: next, peak: max(prev.peak, next)}
	broken := a.brokenFor(w)
	if len(broken) > 0 {
		worst := broken[0]
		flareWeek := worst.Week
		// The most recent week without a flare known at this point.
		good := 0
		for k := w - 1; k >= 1; k-- {
			if !a.hasBroken(k, w) {
				good = k
				break
			}
		}
		st := weekState{level: 1, target: a.base[1], eased: true}
		if good > 0 {
			st.level, st.target = states[good].level, states[good].target
		}
		limit := int(math.Floor(float64(a.b.weeks[flareWeek-1].TotalMinutes) * StepBackShare))
		st.target = max(min(st.target, limit), len(a.b.active))
		st.peak = st.target
		what := fmt.Sprintf("week %d's level", st.level)
		if good == 0 {
			what = "the level of week 1"
		}
		a.adjust(w, ChangeStepBack, fmt.Sprintf("We eased week %d back to %s (%d minutes instead of %d) because %s. It moves forward again after a week without a flare.",
			w, what, st.target, progress.target, painWords(worst)))
		return st
	}
	if !a.decided(w) {
		return progress // still to come: the plan as it stands
	}
	planned, done := a.sessions(w - 1)
	if w-1 >= a.firstWeek && done*2 < planned {
		a.adjust(w, ChangeHold, fmt.Sprintf("We kept week %d at the level of week %d because by its end %d of its %d sessions had been logged as done; it moves on after a week with at least half of them.",
			w, w-1, done, planned))
		return weekState{level: prev.level, target: prev.target, eased: true, peak: prev.peak}
	}
	if prev.eased {
		a.adjust(w, ChangeProgress, fmt.Sprintf("Week %d moves forward again: week %d went by without pain above the limit.", w, w-1))
	}
	return progress
}

func (a *adapter) adjust(w int, change, reason string) {
	a.adjustments = append(a.adjustments, Adjustment{Week: w, Change: change, Reason: reason})
}

// brokenFor lists the sessions that broke the pain rule and count for
// week w, worst first.
func (a *adapter) brokenFor(w int) []Log {
	var out []Log
	for i, l := range a.h.Logs {
		if a.eff[i] == w && l.BreaksPainRule() && l.Week < w {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return peak(out[i]) > peak(out[j]) })
	return out
}

// hasBroken reports whether week k had a flare known when week w began.
func (a *adapter) hasBroken(k, w int) bool {
	for i, l := range a.h.Logs {
		if l.Week == k && a.eff[i] <= w && l.BreaksPainRule() {
			return true
		}
	}
	return false
}

// sessions counts week k's planned sessions and those logged as done in
// time to count (by the first day of the next week).
func (a *adapter) sessions(k int) (planned, done int) {
	for _, d := range a.b.weeks[k-1].Days {
		if !d.Rest {
			planned++
		}
	}
	for i, l := range a.h.Logs {
		if l.Kind == KindSession && l.Week == k && l.Done && a.eff[i] == k+1 {
			done++
		}
	}
	return planned, done
}

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
		if a.h.Rescreened == "" || a.h.Rescreened < l.Date {
			if !a.rescreen {
				a.adjust(min(w, PlanWeeks), ChangeRescreen, "Please answer the warning-sign questions again: "+worseWords(l)+".")
			}
			a.rescreen = true
		}
		from := fmt.Sprintf("from week %d", w)
		if w > PlanWeeks {
			from = "from now on"
		}
		for _, e := range a.culprits(l) {
			if x, out := b.out[e.ID]; out && !x.soft {
				continue
			}
			reason := fmt.Sprintf("%s is out of your plan %s: %s, and it bends your back the way that may have caused it.", e.Name, from, worseWords(l))
			b.out[e.ID] = exclusion{reason: reason}
			a.excluded = append(a.excluded, Excluded{Exercise: e.ID, Reason: reason})
			a.adjustments = append(a.adjustments, Adjustment{Week: min(w, PlanWeeks), Change: ChangeExclude, Exercise: e.ID,
				Reason: fmt.Sprintf("We took %s out of your plan %s because %s.", e.Name, from, worseWords(l))})
			changed = true
		}
	}
	if changed && w <= PlanWeeks {
		for _, blk := range []Block{Mobility, Strength, Balance, Aerobic} {
			b.allowed[blk] = b.pool(blk)
		}
	}
}

// culprits finds what a worsening session loaded: the one exercise done
// in it that bends the back in a direction; when that is unclear
// (several, or none), every end-range exercise of the direction the
// session loaded most, or of the directions that make the person worse,
// or of both directions.
func (a *adapter) culprits(l Log) []*Exercise {
	lib := a.b.lib
	var done []*Exercise
	if l.Kind == KindSession && len(l.Items) == 0 && l.Week >= 1 && l.Week <= len(a.b.weeks) {
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
		if e.Tags.Direction == Flexion || e.Tags.Direction == Extension {
			directional = append(directional, e)
			dirs[e.Tags.Direction] = true
		}
	}
	if len(directional) == 1 {
		return directional
	}
	if len(dirs) != 1 {
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
	for _, e := range lib.All() {
		if !e.Avoid && dirs[e.Tags.Direction] && (e.Tags.EndRange || slices.Contains(directional, e)) {
			out = append(out, e)
		}
	}
	return out
}

// peak is a session's worst pain, for choosing which flare to name.
func peak(l Log) int {
	n := 0
	for _, p := range []*int{l.PainDuring, l.PainAfter, l.PainNextMorning} {
		if p != nil {
			n = max(n, *p)
		}
	}
	return n
}

func painWords(l Log) string {
	when := "the session on " + dayName(l.Date)
	switch {
	case l.PainDuring != nil && *l.PainDuring > 5 && (l.PainAfter == nil || *l.PainDuring >= *l.PainAfter):
		return fmt.Sprintf("your pain reached %d/10 during %s", *l.PainDuring, when)
	case l.PainAfter != nil && *l.PainAfter > 5:
		return fmt.Sprintf("your pain reached %d/10 after %s", *l.PainAfter, when)
	case l.PainNextMorning != nil && l.PainBefore != nil:
		return fmt.Sprintf("the morning after %s your pain was %d/10, %d points above the %d/10 you started with", when, *l.PainNextMorning, *l.PainNextMorning-*l.PainBefore, *l.PainBefore)
	}
	return "your pain went above the limit after " + when
}

func worseWords(l Log) string {
	when := "the session on " + dayName(l.Date)
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
