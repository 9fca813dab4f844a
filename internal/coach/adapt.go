package coach

import (
	"cmp"
	"fmt"
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

// StepBackShare is the most the sessions after a flare may be, as a
// share of the dose that flared, when no earlier, lower dose met the pain
// rule (clinical.md 5.5: 50-70%).
const StepBackShare = 0.7

// Adapt builds the plan for a profile and adapts it to what the logs
// report (clinical.md 3.4, 4.2, 5.2 and 5.5). It is pure and
// deterministic, whatever the order of the logs.
//
// Progression is decided once a week, at the week's start, from what was
// known then. Easing is decided day by day: a report changes the plan
// from the day after its session, or from the day it was recorded when
// that is later, so days already lived stay as they were (see
// adapt_events.go).
func Adapt(p Profile, lib *Library, h History) Result { return AdaptWith(p, lib, Choices{}, h) }

// AdaptWith is Adapt obeying the member's swaps and a clinician's
// prescriptions (choices_apply.go); the pain-monitoring rule and the red
// flags act on top of them.
func AdaptWith(p Profile, lib *Library, ch Choices, h History) Result {
	h.Logs = placeLogs(h.Logs, dateOnly(h.Start))
	if res, ok := referFromLogs(p, h.Logs); ok {
		return res
	}
	if ref := Screen(p); ref != nil || len(h.Logs) == 0 {
		return PlanWith(p, lib, ch)
	}
	c := Classify(p)
	b := newBuilder(p, lib, c, ch)
	a := newAdapter(b, h)
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
	switch {
	case a.rescreenSpread:
		res.Rescreen, res.RescreenMessage = true, RescreenMessage
	case a.rescreenFlare:
		res.Rescreen, res.RescreenMessage = true, RescreenFlareMessage
		if p.osteoporosisRisk() {
			res.RescreenMessage += RescreenFractureMessage
		}
	}
	switch {
	case a.recurring:
		res.Advice = append(res.Advice, recurAdvice)
	case a.flareWeeks() >= 2:
		res.Advice = append(res.Advice, repeatedFlareAdvice)
	}
	if a.sciaticaNotSettling() {
		res.Advice = append(res.Advice, sciaticaLaterAdvice)
	}
	if a.spreadReview() {
		res.Advice = append(res.Advice, spreadReviewAdvice)
	}
	if a.trendReview {
		res.Advice = append(res.Advice, trendReviewAdvice)
	}
	if s := a.notImproving(); s != "" {
		res.Advice = append(res.Advice, s)
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
		return cmp.Or(strings.Compare(x.Date, y.Date), strings.Compare(x.Kind, y.Kind), cmp.Compare(x.ID, y.ID),
			strings.Compare(x.Recorded, y.Recorded), strings.Compare(x.MorningRecorded, y.MorningRecorded))
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
	// The referral names only the signs reported in the logs, and says to
	// pause the plan: an earlier answer (such as both legs, assessed)
	// was already judged when the plan was made.
	ref := &Referral{Level: Urgent, Reasons: flags, Message: urgentPausedMessage}
	if em := slices.DeleteFunc(slices.Clone(flags), func(f string) bool { return !slices.Contains(EmergencyFlags, f) }); len(em) > 0 {
		ref = &Referral{Level: Emergency, Reasons: em, Message: emergencyPausedMessage}
		if len(em) == 1 && em[0] == "pregnancy_warning_signs" {
			ref.Message = pregnancyPausedMessage
		}
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
	b            *builder
	h            History
	base         []int // the plan's weekly minutes without logs, by week
	start, today time.Time
	ev           []event // when each log's answers act, by log index
	states       []weekState
	doses        []weekState // the level and weekly minutes each plan day was laid out with
	highest      int         // the most minutes of any week laid out so far
	wl           *weekLayout // the week being laid out

	adjustments    []Adjustment
	excluded       []Excluded
	rescreenSpread bool                // asked because leg symptoms spread or new numbness or weakness
	rescreenFlare  bool                // asked because of a flare (clinical.md 5.5)
	trendReview    bool                // pain stayed well above its start after a rising trend
	noNewUntil     int                 // after spreading, only exercises already done until this plan day
	capUntil       int                 // after a flare or spreading, no item longer than done before until this plan day
	recurring      bool                // sessions are capped after flares that keep recurring (adapt_recur.go)
	recurMinutes   int                 // that cap in minutes (0: none)
	longest        map[string]int      // longestDone's map, reused
	marks          map[string][]string // exercise -> dates it was marked too painful
	swapUntil      map[string]int      // exercise -> last plan day of its swap
}

func newAdapter(b *builder, h History) *adapter {
	a := &adapter{b: b, h: h, base: b.weeklyTargets(), today: dateOnly(h.Today), start: dateOnly(h.Start),
		states: make([]weekState, PlanWeeks+1), doses: make([]weekState, PlanWeeks*7), marks: map[string][]string{}, swapUntil: map[string]int{}}
	a.ev = make([]event, len(h.Logs))
	for i, l := range h.Logs {
		a.ev[i] = a.eventOf(l)
	}
	return a
}

// run lays out the plan week by week and, inside each week, day by day,
// applying each report on the first day it can change.
func (a *adapter) run() {
	b := a.b
	for w := 1; w <= PlanWeeks; w++ {
		a.endSwaps(w)
		if a.noNewUntil > 0 && dayIndex(w, 1) > a.noNewUntil {
			a.noNewUntil = 0
			a.refreshPools(dayIndex(w, 1))
		}
		st := weekState{level: 1, target: a.base[1], peak: a.base[1]}
		if w > 1 {
			st = a.decide(w)
		}
		a.states[w] = st
		wl := b.beginWeek(w, st.level, st.target)
		a.wl = wl
		a.capRecurring(w, wl)
		marked := a.marking()
		for d := 1; d <= 7; d++ {
			a.applyDay(dayIndex(w, d), wl)
			b.itemCap = nil
			if dayIndex(w, d) <= a.capUntil {
				b.itemCap = a.longestDone(dayIndex(w, d))
			}
			a.doses[dayIndex(w, d)] = weekState{level: wl.level, target: wl.target}
			b.layDay(wl, d)
		}
		b.endWeek(wl)
		a.wl = nil
		// Growth counts from what was laid out: a week shorter than its
		// target (an exercise left out as too painful) is not a base to
		// grow from.
		a.highest = max(a.highest, wl.week.TotalMinutes)
		a.states[w].peak = min(a.states[w].peak, a.highest)
		// A week shortened by exercises marked too painful is the base
		// the plan grows back from, within the limits (clinical.md 5.4).
		if (marked || a.marking()) && wl.week.TotalMinutes < a.states[w].target {
			a.states[w].peak = min(a.states[w].peak, wl.week.TotalMinutes)
			a.states[w].afterEase = true
			a.states[w].marked = true
		}
	}
	// Reports that act after the last week still ask for a re-screen.
	for i, l := range a.h.Logs {
		if n := a.ev[i].known; n >= PlanWeeks*7 && l.Worsened() {
			a.worsened(l, n)
		}
		if n := a.ev[i].flare; n >= PlanWeeks*7 {
			a.askRescreen(l, false)
		}
	}
}

// applyDay applies the reports that act from plan day n: leg symptoms
// spreading, exercises marked too painful, and flares, which ease the
// sessions left in the week at once (clinical.md 5.5).
func (a *adapter) applyDay(n int, wl *weekLayout) {
	changed := false
	var flares []Log
	for i, l := range a.h.Logs {
		if a.ev[i].known == n {
			if l.Worsened() {
				a.worsened(l, n)
				holdRest(wl)
				// Nothing new for the rest of that week and the next
				// (issue 11: no more than the dose already lived; 5.5).
				a.noNewUntil = max(a.noNewUntil, dayIndex(weekOf(n)+1, 7))
				a.capUntil = max(a.capUntil, dayIndex(weekOf(n)+1, 7))
				changed = true
			}
			changed = a.mark(l, n) || changed
		}
		if a.ev[i].flare == n {
			flares = append(flares, l)
			a.askRescreen(l, false)
			a.capUntil = max(a.capUntil, dayIndex(weekOf(n)+1, 7))
		}
	}
	if changed {
		a.refreshPools(n)
	}
	if len(flares) > 0 && n%7 != 0 {
		a.easeWeek(wl, n, flares)
	}
}

// refreshPools sets the exercises allowed from plan day n: the library's
// pools without what was left out and, until noNewUntil, only exercises
// already done in the plan.
func (a *adapter) refreshPools(n int) {
	b := a.b
	b.noNew = n <= a.noNewUntil
	for _, blk := range []Block{Mobility, Strength, Balance, Aerobic} {
		b.allowed[blk] = b.pool(blk)
		if n <= a.noNewUntil {
			b.allowed[blk] = slices.DeleteFunc(b.allowed[blk], func(e *Exercise) bool { return !a.used(e.ID) })
		}
	}
}

// holdRest keeps the sessions left in a week at no more than the
// longest session already lived in it (after spreading, clinical.md
// 5.2: the load is held).
func holdRest(wl *weekLayout) {
	lived := 0
	for _, d := range wl.week.Days {
		m := 0
		for _, it := range d.Items {
			m += it.Minutes
		}
		lived = max(lived, m)
	}
	if lived > 0 && (wl.cap == 0 || lived < wl.cap) {
		wl.cap = lived
	}
}

// marking reports whether an exercise marked too painful is swapped,
// left out or kept in short bouts.
func (a *adapter) marking() bool { return len(a.b.swap) > 0 || len(a.b.painfulBout) > 0 }

// day is plan week w, day d as laid out (ok false when it is not yet).
func (a *adapter) day(w, d int) (Day, bool) {
	switch {
	case w >= 1 && w <= len(a.b.weeks):
		return a.b.weeks[w-1].Days[d-1], true
	case a.wl != nil && a.wl.week.Week == w && d <= len(a.wl.week.Days):
		return a.wl.week.Days[d-1], true
	}
	return Day{}, false
}

func (a *adapter) adjust(w, d int, change, exercise, reason string) {
	if d == 1 {
		d = 0 // from the week's start
	}
	a.adjustments = append(a.adjustments, Adjustment{Week: min(w, PlanWeeks), Day: d, Change: change, Exercise: exercise, Reason: reason})
}

// sciaticaNotSettling reports whether leg pain below the knee that was
// under SciaticaWeeks old at the start has reached it during the plan,
// by today, without the two most recent sessions showing it closer to
// the back or gone (clinical.md 4.3: refer if no improvement after about
// 6 weeks).
func (a *adapter) sciaticaNotSettling() bool {
	p := a.b.p
	if p.LegPain != "below_knee" || p.DurationWeeks >= SciaticaWeeks {
		return false
	}
	if lived := int(a.today.Sub(a.start).Hours() / 24 / 7); p.DurationWeeks+lived < SciaticaWeeks {
		return false
	}
	seen := 0
	for i := len(a.h.Logs) - 1; i >= 0 && seen < 2; i-- {
		if l := a.h.Logs[i]; l.Kind == KindSession && l.Done && l.LegSymptoms != "" {
			if l.LegSymptoms == "closer" || l.LegSymptoms == "gone" {
				return false
			}
			seen++
		}
	}
	return seen == 2
}

// spreadReview reports whether leg symptoms spread twice, or new
// numbness or weakness came, so that a clinician should see the person
// within days (clinical.md 3.4: two peripheralisations; 4.3: refer if
// numbness spreads; 5.5).
func (a *adapter) spreadReview() bool {
	n := 0
	for _, l := range a.h.Logs {
		if l.NewNumbnessOrWeakness {
			return true
		}
		if l.Worsened() {
			n++
		}
	}
	return n >= 2
}

// flareWeeks counts the plan weeks with a session that broke the pain
// rule.
func (a *adapter) flareWeeks() int {
	weeks := map[int]bool{}
	for i, l := range a.h.Logs {
		if a.ev[i].flare >= 0 {
			weeks[l.Week] = true
		}
	}
	return len(weeks)
}

// longestDone is, for each exercise, the most minutes it was done in one
// session known by plan day n (a session logged without items counts its
// planned ones): after a flare or spreading no item goes beyond it
// (clinical.md 5.5: no more than already done; re-review N4, N12). It
// reuses one map, valid until the next call.
func (a *adapter) longestDone(n int) map[string]int {
	if a.longest == nil {
		a.longest = map[string]int{}
	}
	out := a.longest
	clear(out)
	for i, l := range a.h.Logs {
		if a.ev[i].known > n || !l.Done {
			continue
		}
		if len(l.Items) == 0 {
			if day, ok := a.day(l.Week, l.Day); ok {
				for _, it := range day.Items {
					out[it.Exercise] = max(out[it.Exercise], it.Minutes)
				}
			}
			continue
		}
		for _, it := range l.Items {
			if it.Done {
				out[it.Exercise] = max(out[it.Exercise], it.Minutes)
			}
		}
	}
	return out
}
