package coach

import (
	"cmp"
	"fmt"
	"math"
	"slices"
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

// StepBackShare is the most a week after a flare may be, as a share of
// the minutes of the week of the flare (clinical.md 5.5: 50-70%).
const StepBackShare = 0.7

// Adapt builds the plan for a profile and adapts it to what the logs
// report, by the pain-monitoring rule (clinical.md 5.2 and 5.5). It is
// pure and deterministic, whatever the order of the logs.
//
// Each week's dose is decided at its start from what was known then:
// a log counts for the week after its own when it was recorded by that
// week's first day; a log (or a next-morning answer) recorded later
// changes only the weeks still to come, so weeks already lived stay as
// they were.
func Adapt(p Profile, lib *Library, h History) Result {
	h.Logs = placeLogs(h.Logs, dateOnly(h.Start))
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
	if a.flares >= 2 {
		res.Advice = append(res.Advice, repeatedFlareAdvice)
	}
	return res
}

// placeLogs keeps the logs that fall in the plan, each with its plan
// week and day (an activity log may come without them), in date order so
// that the result does not depend on the order logs arrive in.
func placeLogs(logs []Log, start time.Time) []Log {
	out := make([]Log, 0, len(logs))
	for _, l := range logs {
		d, err := time.Parse(time.DateOnly, l.Date)
		if err != nil {
			continue
		}
		w, day, ok := PlanDay(start, d)
		if !ok {
			continue
		}
		if l.Kind != KindSession || l.Week != w || l.Day != day {
			l.Week, l.Day = w, day // a session's date is its plan day (CheckLog)
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(x, y Log) int {
		return cmp.Or(strings.Compare(x.Date, y.Date), strings.Compare(x.Kind, y.Kind), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// referFromLogs turns the plan into a referral when a log reports a red
// flag. A clinician's earlier clearance does not cover a sign that is
// new, so urgent signs refer too.
func referFromLogs(p Profile, logs []Log) (Result, bool) {
	var flags []string
	first := map[string]string{}
	week := 0
	for _, l := range logs {
		for _, f := range l.RedFlags {
			if _, seen := first[f]; !seen {
				flags = append(flags, f)
				first[f] = l.Date
			}
			if week == 0 {
				week = max(l.Week, 1)
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
	var told []string
	for _, f := range flags {
		told = append(told, fmt.Sprintf("on %s you told us about %s", dayName(first[f]), ReasonText[f]))
	}
	adj := Adjustment{Week: min(week, PlanWeeks), Change: ChangeRescreen, Reason: "Your plan is paused: " + strings.Join(told, "; ") +
		". Please follow the advice above before you exercise again. Once a clinician has checked you and cleared you to exercise, " +
		"answer the questions of Build my plan again and tell us so."}
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
	flares      int   // step backs so far
	eff         []int // the first week each log can change
	flareAt     []int // the first week each log's flare is known in (0: no flare)
}

// weekState is what decided a week's dose.
type weekState struct {
	level, target int
	// easedBy is why the week was held or stepped back ("flare" or
	// "missed"); the next week progresses only after a full week without
	// a flare, with enough sessions done.
	easedBy string
	// peak is the most minutes since the plan was last eased; growth is
	// limited from here.
	peak int
	// afterEase: the plan was eased at some point, so growth keeps to
	// the two-week limit too.
	afterEase bool
}

func (a *adapter) date(week, day int) time.Time { return PlanDate(a.start, week, day) }

// decided reports whether week w has begun, so that its dose was set.
func (a *adapter) decided(w int) bool { return !a.date(w, 1).After(a.today) }

// knownFrom is the first week an answer recorded on rec can change for a
// log of week: the week after it, or, when recorded after that week
// began, the week after the one it was recorded in.
func (a *adapter) knownFrom(week int, rec string) int {
	next := week + 1
	if rec == "" {
		return next
	}
	d, err := time.Parse(time.DateOnly, rec)
	if err != nil || !d.After(a.date(next, 1)) {
		return next
	}
	w, _, ok := PlanDay(a.start, d)
	if !ok {
		return PlanWeeks + 1
	}
	return max(next, w+1)
}

func (a *adapter) run() {
	b := a.b
	a.eff = make([]int, len(a.h.Logs))
	a.flareAt = make([]int, len(a.h.Logs))
	for i, l := range a.h.Logs {
		a.eff[i] = a.knownFrom(l.Week, l.Recorded)
		switch {
		case l.brokeDuringOrAfter():
			a.flareAt[i] = a.eff[i]
		case l.brokeNextMorning():
			a.flareAt[i] = a.eff[i]
			if l.MorningRecorded != "" {
				a.flareAt[i] = max(a.eff[i], a.knownFrom(l.Week, l.MorningRecorded))
			}
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
	// Growth after an eased week keeps to the plan's limits: at most 20%
	// or 10 minutes over the highest week since, and 30% or 20 minutes
	// over two weeks, so returning to the earlier level takes several
	// steps (clinical.md 5.4).
	next := min(a.base[prev.level+1], maxStep(prev.peak))
	if prev.afterEase && w >= 3 {
		two := states[w-2].peak
		next = min(next, two+max(int(math.Floor(float64(two)*0.3)), 20))
	}
	next = max(next, min(a.base[1], prev.target))
	progress := weekState{level: prev.level + 1, target: next, peak: max(prev.peak, next), afterEase: prev.afterEase}
	if st, ok := a.stepBack(w, states, progress.target); ok {
		return st
	}
	if !a.decided(w) {
		return progress // still to come: the plan as it stands
	}
	planned, done := a.sessions(w - 1)
	if w-1 >= a.firstLogged(w) && done*2 < planned {
		a.adjust(w, ChangeHold, fmt.Sprintf("We kept week %d at the same level as week %d because week %d had only %d of its %d sessions logged as done. It moves on after a week with at least half of them done.",
			w, w-1, w-1, done, planned))
		return weekState{level: prev.level, target: prev.target, easedBy: "missed", peak: prev.peak, afterEase: true}
	}
	switch prev.easedBy {
	case "flare":
		a.adjust(w, ChangeProgress, fmt.Sprintf("Week %d moves forward again, gently: week %d went by without pain above the limit.", w, w-1))
	case "missed":
		a.adjust(w, ChangeProgress, fmt.Sprintf("Week %d moves forward again: at least half of week %d's sessions were done.", w, w-1))
	}
	return progress
}

// stepBack eases week w after flares known by its start (clinical.md
// 5.5): the level of the most recent week without a flare, and at most
// 70% of the minutes of every week with one.
func (a *adapter) stepBack(w int, states []weekState, planned int) (weekState, bool) {
	var broken []Log
	for i, l := range a.h.Logs {
		if a.flareAt[i] == w {
			broken = append(broken, l)
		}
	}
	if len(broken) == 0 {
		return weekState{}, false
	}
	a.flares++
	good := 0
	for k := w - 1; k >= 1; k-- {
		if !a.hadFlare(k, w) {
			good = k
			break
		}
	}
	st := weekState{level: 1, target: a.base[1], easedBy: "flare", afterEase: true}
	if good > 0 {
		st.level, st.target = states[good].level, states[good].target
	}
	for _, l := range broken {
		limit := int(math.Floor(float64(a.b.weeks[l.Week-1].TotalMinutes) * StepBackShare))
		st.target = min(st.target, limit)
	}
	st.target = max(st.target, len(a.b.active)) // at least a minute a day
	st.peak = st.target
	// Name the worst flare; the earliest among equals.
	worst := slices.MaxFunc(broken, func(x, y Log) int { return cmp.Or(cmp.Compare(peak(x), peak(y)), strings.Compare(y.Date, x.Date)) })
	to := fmt.Sprintf("back to week %d's level: %d minutes instead of the planned %d,", st.level, st.target, planned)
	if good == 0 {
		to = fmt.Sprintf("to %d minutes instead of the planned %d, no more than week 1,", st.target, planned)
	}
	a.adjust(w, ChangeStepBack, fmt.Sprintf("We eased week %d %s because %s. Flare-ups are common and usually settle within days; keep moving gently. The plan moves forward again after a week without a flare.",
		w, to, a.painWords(worst)))
	return st, true
}

func (a *adapter) adjust(w int, change, reason string) {
	a.adjustments = append(a.adjustments, Adjustment{Week: w, Change: change, Reason: reason})
}

// hadFlare reports whether week k had a flare known when week w began.
func (a *adapter) hadFlare(k, w int) bool {
	for i, l := range a.h.Logs {
		if l.Week == k && a.flareAt[i] > 0 && a.flareAt[i] <= w {
			return true
		}
	}
	return false
}

// firstLogged is the first week with a log known when week w began:
// weeks before it are not judged by how many sessions were logged.
func (a *adapter) firstLogged(w int) int {
	first := PlanWeeks + 1
	for i, l := range a.h.Logs {
		if a.eff[i] <= w {
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
		if l.Kind == KindSession && l.Week == k && l.Done && a.eff[i] == k+1 {
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
