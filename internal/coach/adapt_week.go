package coach

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// weekState is what decided a week's dose.
type weekState struct {
	level, target int
	// easedBy is why the week was held or stepped back ("flare",
	// "missed", "spread" or "trend"); the next week says why it moves
	// forward again.
	easedBy string
	// peak is the most minutes since the plan was last eased; growth is
	// limited from here.
	peak int
	// afterEase: the plan was eased at some point, so growth keeps to
	// the two-week limit too.
	afterEase bool
	// trendWeeks counts the weeks in a row held for rising pain.
	trendWeeks int
	// marked: the week was shortened by exercises marked too painful, so
	// the next grows from what was laid out, not from week 1's dose
	// (clinical.md 5.3, 5.4; re-review N5).
	marked bool
}

// decide sets week w's dose at its start from what was known then. In
// order: a flare steps back (5.5); spreading leg symptoms hold the dose
// already lived (5.2); then, for weeks that have begun, too few
// sessions done or pain rising week on week hold it (5.2); otherwise
// the plan progresses within its growth limits (5.4).
func (a *adapter) decide(w int) weekState {
	prev := a.states[w-1]
	// Growth after an eased week keeps to the plan's limits: at most 20%
	// or 10 minutes over the highest week since, and 30% or 20 minutes
	// over two weeks, so returning to the earlier level takes several
	// steps (clinical.md 5.4).
	next := min(a.base[prev.level+1], maxStep(prev.peak))
	if prev.afterEase && w >= 3 {
		two := a.states[w-2].peak
		next = min(next, two+max(int(math.Floor(float64(two)*0.3)), 20))
	}
	// Never more than the week had in the plan without reports: a
	// lighter week stays lighter after an ease (re-review N4).
	next = min(next, a.base[min(w, PlanWeeks)])
	floor := min(a.base[1], prev.target, maxStep(a.highest))
	if prev.marked {
		floor = min(floor, maxStep(prev.peak))
	}
	next = max(next, floor)
	progress := weekState{level: prev.level + 1, target: next, peak: max(prev.peak, next), afterEase: prev.afterEase}
	if st, ok := a.stepBack(w, progress.target); ok {
		st.target = min(st.target, a.spreadCap(w))
		st.peak = st.target
		return a.eased(st)
	}
	if st, ok := a.spreadHold(w, progress); ok {
		return a.eased(st)
	}
	if l, ok := a.reviewPending(dayIndex(w, 1)); ok {
		a.adjust(w, 0, ChangeHold, "", fmt.Sprintf("We kept week %d at week %d's level: %s, more than once, and we advised a check by a physiotherapist or doctor before you build up again. "+
			"The plan moves forward again once you have answered the warning-sign questions again.", w, w-1, a.worseWords(l)))
		return a.eased(weekState{level: prev.level, target: min(prev.target, progress.target), easedBy: "review", peak: min(prev.peak, prev.target, progress.target), afterEase: true})
	}
	if !a.decided(w) {
		a.readyForDirection(w, progress.level)
		return progress // still to come: the plan as it stands
	}
	if prev.easedBy == "flare" && !a.settled(dayIndex(w, 1)) {
		a.adjust(w, 0, ChangeHold, "", fmt.Sprintf("We kept week %d at the eased dose of week %d: the plan moves forward again after two sessions in a row within the pain rule.", w, w-1))
		return weekState{level: prev.level, target: prev.target, easedBy: "flare", peak: prev.peak, afterEase: true}
	}
	planned, done := a.sessions(w - 1)
	if w-1 >= a.firstLogged(w) && done*2 < planned {
		a.adjust(w, 0, ChangeHold, "", fmt.Sprintf("We kept week %d at the same level as week %d because week %d had only %d of its %d sessions logged as done. It moves on after a week with at least half of them done.",
			w, w-1, w-1, done, planned))
		return weekState{level: prev.level, target: prev.target, easedBy: "missed", peak: prev.peak, afterEase: true}
	}
	if what, means, ok := a.painRising(w); ok {
		a.adjust(w, 0, ChangeHold, "", fmt.Sprintf("We kept week %d at week %d's level: your pain %s has gone up three weeks running (on average %s/10 in week %d, %s in week %d and %s in week %d), "+
			"even though each session stayed within the pain rule. Pain that keeps rising from week to week means the plan is asking a little too much. It moves forward again once your pain stops rising and is back within %d points of where it started.",
			w, w-1, what, means[0], w-3, means[1], w-2, means[2], w-1, TrendAboveStart))
		return a.eased(weekState{level: prev.level, target: min(prev.target, progress.target), easedBy: "trend", peak: min(prev.target, progress.target), afterEase: true, trendWeeks: 1})
	}
	if prev.easedBy == "trend" && a.aboveStart(w) {
		st := weekState{level: prev.level, target: prev.target, easedBy: "trend", peak: prev.peak, afterEase: true, trendWeeks: prev.trendWeeks + 1}
		if st.trendWeeks < 3 {
			a.adjust(w, 0, ChangeHold, "", fmt.Sprintf("We kept week %d at week %d's level: your pain stopped rising but is still %d points or more above where it started. It moves forward again once it is back within %d points.",
				w, w-1, TrendAboveStart, TrendAboveStart))
			return a.eased(st)
		}
		st.target = max(int(math.Floor(float64(prev.target)*StepBackShare)), a.floor())
		st.peak, st.level = st.target, max(1, prev.level-1)
		st.trendWeeks = 0
		a.trendReview = true
		eased := fmt.Sprintf("We eased week %d to %d minutes instead of %d", w, st.target, prev.target)
		if st.target >= prev.target {
			eased = fmt.Sprintf("We kept week %d at %d minutes, the least the plan goes to, and no harder", w, st.target)
		}
		a.adjust(w, 0, ChangeStepBack, "", fmt.Sprintf("%s: your pain has stayed %d points or more above where it started for three weeks. Please see a physiotherapist or doctor to check how your back is doing.",
			eased, TrendAboveStart))
		return a.eased(st)
	}
	// A week no bigger than the one before is "no longer held", not
	// "moving forward" (clinical review finding 16).
	moves, gently := "moves forward again", "moves forward again, gently"
	if progress.target <= prev.target {
		moves, gently = "is no longer held back", "is no longer held back"
	}
	switch prev.easedBy {
	case "flare":
		a.adjust(w, 0, ChangeProgress, "", fmt.Sprintf("Week %d %s: your last two sessions stayed within the pain rule.", w, gently))
	case "missed":
		a.adjust(w, 0, ChangeProgress, "", fmt.Sprintf("Week %d %s: at least half of week %d's sessions were done.", w, moves, w-1))
	case "review":
		a.adjust(w, 0, ChangeProgress, "", fmt.Sprintf("Week %d %s: you answered the warning-sign questions again.", w, gently))
	case "spread":
		a.adjust(w, 0, ChangeProgress, "", fmt.Sprintf("Week %d %s: your leg symptoms did not spread in week %d.", w, gently, w-1))
	case "trend":
		a.adjust(w, 0, ChangeProgress, "", fmt.Sprintf("Week %d %s: your pain stopped rising and is within %d points of where it started.", w, moves, TrendAboveStart))
	}
	a.readyForDirection(w, progress.level)
	return progress
}

// eased is a held or stepped-back week: the directional harder step
// waits for new sessions that show the direction helps.
func (a *adapter) eased(st weekState) weekState {
	a.b.dirReady = false
	return st
}

// stepBack eases week w after flares known by its start that no
// session of their own week could answer (clinical.md 5.5): the dose of
// the last session that met the pain rule, or about 70% of the dose that
// flared.
func (a *adapter) stepBack(w, planned int) (weekState, bool) {
	var broken []Log
	for i, l := range a.h.Logs {
		if f := a.ev[i].flare; f >= 0 && decisionWeek(f) == w && !a.easedInWeek(f) {
			broken = append(broken, l)
		}
	}
	if len(broken) == 0 {
		return weekState{}, false
	}
	to, st := a.lastGood(dayIndex(w, 1), broken)
	st.target = min(st.target, planned)
	st.easedBy, st.afterEase, st.peak = "flare", true, st.target
	eased := fmt.Sprintf("We eased week %d %s: %d minutes this week instead of the planned %d", w, to, st.target, planned)
	if st.target >= planned {
		eased = fmt.Sprintf("We kept week %d at %d minutes, no more than planned and no harder", w, st.target)
	}
	a.adjust(w, 0, ChangeStepBack, "", fmt.Sprintf("%s, because %s. Flare-ups are common and usually settle within days; keep moving gently. "+
		"The plan moves forward again after two sessions in a row within the pain rule."+a.checkWords(worst(broken)),
		eased, a.painWords(worst(broken))))
	return st, true
}

// easedInWeek reports whether a flare acting from day n had sessions
// left in its own week to ease (easeWeek did it then).
func (a *adapter) easedInWeek(n int) bool {
	return n%7 != 0 && slices.ContainsFunc(a.b.active, func(d int) bool { return d >= dayOf(n) })
}

// lastGood is the dose to go back to after flares known on day n
// (clinical.md 5.5: drop to the last level that met the pain rule, or
// about 50-70%): the dose of the most recent session before the first of
// them that met the rule, when it was lower than the dose that flared;
// otherwise 70% of the dose that flared. After a flare of SevereFlare or
// more it is the lower of the two. to says which, in words.
func (a *adapter) lastGood(n int, broken []Log) (to string, st weekState) {
	first := slices.MinFunc(broken, func(x, y Log) int { return strings.Compare(x.Date, y.Date) })
	fd := dayIndex(first.Week, first.Day)
	flared := a.doses[fd]
	if flared.target == 0 { // an activity log before the plan's first day laid out: week 1's dose
		flared = weekState{level: 1, target: a.base[1]}
	}
	var ref *Log
	for i := len(a.h.Logs) - 1; i >= 0; i-- {
		l := a.h.Logs[i]
		if d := dayIndex(l.Week, l.Day); l.Kind == KindSession && l.Done && d < fd && a.ev[i].known <= n && !a.breaks(l) && !l.Worsened() {
			ref = &a.h.Logs[i]
			break
		}
	}
	share := weekState{level: flared.level, target: int(math.Floor(float64(flared.target) * StepBackShare))}
	if ref != nil {
		if good := a.doses[dayIndex(ref.Week, ref.Day)]; good.target < flared.target || good.level < flared.level {
			if peak(worst(broken)) >= SevereFlare && share.target < good.target {
				st = weekState{level: min(good.level, flared.level), target: max(share.target, a.floor())}
				return "to about 70% of the dose that flared, below your last session within the pain rule because the pain reached 7/10 or more", st
			}
			st = weekState{level: min(good.level, flared.level), target: min(good.target, flared.target)}
			st.target = max(st.target, a.floor())
			return "back to the dose of your session on " + dayName(ref.Date) + ", which stayed within the pain rule", st
		}
	}
	st = share
	if ref == nil {
		st.level = 1
	}
	st.target = max(st.target, a.floor())
	return "to about 70% of the dose that flared", st
}

// settled reports whether the two most recent sessions done and known by
// plan day n met the pain rule (clinical.md 5.5: resume progression after
// about two sessions back to baseline). Without two such sessions since
// the plan began, it is true only when no flare is known.
func (a *adapter) settled(n int) bool {
	seen := 0
	for i := len(a.h.Logs) - 1; i >= 0 && seen < 2; i-- {
		l := a.h.Logs[i]
		if a.ev[i].known > n || l.Kind != KindSession || !l.Done {
			continue
		}
		if a.breaks(l) {
			return false
		}
		seen++
	}
	return seen == 2 || !a.flareKnown(n)
}

// flareKnown reports whether any flare is known by plan day n.
func (a *adapter) flareKnown(n int) bool {
	for i := range a.h.Logs {
		if f := a.ev[i].flare; f >= 0 && f <= n {
			return true
		}
	}
	return false
}

// floor is the least an eased week keeps: half of week 1's dose, at
// least a minute a day. Reduce, don't stop (clinical.md 5.5; 5.2: the
// pain rule should not stop all activity).
func (a *adapter) floor() int { return max(a.base[1]/2, len(a.b.active)) }

// SevereFlare is the pain (during, after or the next morning) from which
// a flare eases to the lower of the last dose within the rule and 70% of
// the dose that flared (clinical.md 5.5: drop to the last level, or
// roughly 50-70%; re-review N4).
const SevereFlare = 7

// worst is the flare to name: the highest pain, the earliest among equals.
func worst(broken []Log) Log {
	return slices.MaxFunc(broken, func(x, y Log) int { return cmp.Or(cmp.Compare(peak(x), peak(y)), strings.Compare(y.Date, x.Date)) })
}

// spreadHold holds week w after leg symptoms spread, or new numbness or
// weakness, known by its start: it does not exceed the dose of the week
// it happened in, nor the week before w (clinical.md 5.2: never
// acceptable pain).
func (a *adapter) spreadHold(w int, progress weekState) (weekState, bool) {
	prev := a.states[w-1]
	var worse []Log
	for i, l := range a.h.Logs {
		if l.Worsened() && decisionWeek(a.ev[i].known) == w {
			worse = append(worse, l)
		}
	}
	if len(worse) == 0 {
		return weekState{}, false
	}
	st := weekState{level: min(prev.level, progress.level), target: min(prev.target, progress.target), easedBy: "spread", afterEase: true}
	for _, l := range worse {
		st.level = min(st.level, a.states[l.Week].level)
	}
	// Never more than the week it happened in, even below the floor.
	st.target = min(max(st.target, len(a.b.active)), a.spreadCap(w))
	st.peak = st.target
	a.adjust(w, 0, ChangeHold, "", fmt.Sprintf("Week %d does not grow: it has %d minutes (week %d had %d) and nothing harder, because %s. That is never pain to push through. The plan moves forward again after a week without it.",
		w, st.target, worse[0].Week, a.b.weeks[worse[0].Week-1].TotalMinutes, a.worseWords(worse[0])))
	return st, true
}

// spreadCap is the most week w may have after leg symptoms spread in
// the weeks known by its start: the minutes of each week it happened in.
func (a *adapter) spreadCap(w int) int {
	limit := math.MaxInt
	for i, l := range a.h.Logs {
		if l.Worsened() && decisionWeek(a.ev[i].known) == w {
			limit = min(limit, a.b.weeks[l.Week-1].TotalMinutes)
		}
	}
	return limit
}

// easeWeek eases the sessions left in a week at once after a flare known
// on day n (clinical.md 5.5: reduce the next sessions, to the last level
// that met the pain rule or about 50-70%).
func (a *adapter) easeWeek(wl *weekLayout, n int, flares []Log) {
	b := a.b
	w := weekOf(n)
	if wl.ai >= len(b.active) {
		return // no session left this week; next week is eased at its start
	}
	to, st := a.lastGood(n, flares)
	// A step back never raises the week: not above the dose it already
	// has, which may sit below the floor after spreading (5.2, 5.5).
	st.level, st.target = min(st.level, wl.level), min(st.target, wl.target)
	before := wl.daily[wl.ai]
	if split(st.target, len(b.active), b.p.MinutesPerDay)[wl.ai] >= before && st.level >= wl.level {
		return // already at that dose
	}
	b.ease(wl, st.level, st.target)
	b.dirReady = false
	a.states[w] = weekState{level: st.level, target: st.target, easedBy: "flare", peak: st.target, afterEase: true}
	dose := fmt.Sprintf("about %d minutes each instead of %d", wl.daily[wl.ai], before)
	if wl.daily[wl.ai] >= before {
		dose = fmt.Sprintf("the same %d minutes each, with an earlier week's exercises and doses", before)
	}
	a.adjust(w, dayOf(n), ChangeStepBack, "", fmt.Sprintf("We eased the sessions left in week %d, %s, %s: %s, because %s. Flare-ups are common and usually settle within days; keep moving gently."+a.checkWords(worst(flares)),
		w, a.from(n), to, dose, a.painWords(worst(flares))))
}

// firstLogged is the first week with a log known when week w began:
// weeks before it are not judged by how many sessions were logged.
func (a *adapter) firstLogged(w int) int {
	first := PlanWeeks + 1
	for i, l := range a.h.Logs {
		if a.ev[i].known <= dayIndex(w, 1) {
			first = min(first, l.Week)
		}
	}
	return first
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
		if l.Kind == KindSession && l.Week == k && l.Done && a.ev[i].known <= dayIndex(k+1, 1) {
			done++
		}
	}
	return planned, done
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

// reviewPending reports whether, by plan day n, leg symptoms spread a
// second time (or new numbness or weakness came), the reports that
// advise a clinician before building up again (spreadReview), with no
// re-screen answered since; it returns the latest such report. The plan
// holds until then (clinical.md 3.4, 4.3, 5.5; re-review N7).
func (a *adapter) reviewPending(n int) (Log, bool) {
	var last Log
	found, spreads := false, 0
	for i, l := range a.h.Logs {
		if !l.Worsened() || a.ev[i].known > n {
			continue
		}
		spreads++
		if spreads >= 2 || l.NewNumbnessOrWeakness {
			last, found = l, true
		}
	}
	if !found || a.h.Rescreened != "" && a.h.Rescreened >= max(last.Date, last.Recorded) {
		return Log{}, false
	}
	return last, true
}
