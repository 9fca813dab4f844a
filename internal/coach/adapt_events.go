package coach

import "time"

// event is when a log's answers act on the plan, as plan-day indexes
// (0 is week 1, day 1). A report changes the plan from the day after its
// session, or from the day it was recorded when that is later: days
// already lived never change. The weekly decision of week w counts what
// was known by its first day.
type event struct {
	day   int // the log's own day
	known int // the first day its answers act on
	flare int // the first day its flare (a broken pain rule) acts on; -1 for none
}

// dayIndex is the plan-day index of week w, day d.
func dayIndex(w, d int) int { return (w-1)*7 + d - 1 }

// weekOf and dayOf are the plan week and day of a plan-day index.
func weekOf(n int) int { return n/7 + 1 }
func dayOf(n int) int  { return n%7 + 1 }

// decisionWeek is the first week whose start-of-week decision knows
// about something that acts from day n.
func decisionWeek(n int) int {
	if n%7 == 0 {
		return weekOf(n)
	}
	return weekOf(n) + 1
}

func (a *adapter) index(date string) (int, bool) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, false
	}
	return int(d.Sub(a.start).Hours() / 24), true
}

func (a *adapter) eventOf(l Log) event {
	e := event{day: dayIndex(l.Week, l.Day), flare: -1}
	e.known = e.day + 1
	if r, ok := a.index(l.Recorded); ok {
		e.known = max(e.known, r)
	}
	before, morning := a.aboveBaseline(l)
	switch {
	case brokeDuringOrAfterFor(a.b.p, l) || before:
		e.flare = e.known
	case l.brokeNextMorning() || morning:
		e.flare = e.known
		if r, ok := a.index(l.MorningRecorded); ok {
			e.flare = max(e.flare, r)
		}
	}
	return e
}

func (a *adapter) date(week, day int) time.Time { return PlanDate(a.start, week, day) }

// decided reports whether week w has begun, so that its dose was set.
func (a *adapter) decided(w int) bool { return !a.date(w, 1).After(a.today) }

// from says when a change made on plan day n starts: "from week 4" on a
// week's first day, "from Wednesday 30 September" otherwise.
func (a *adapter) from(n int) string {
	switch {
	case n >= PlanWeeks*7:
		return "from now on"
	case n%7 == 0:
		return "from week " + itoa(weekOf(n))
	}
	return "from " + a.date(weekOf(n), dayOf(n)).Format("Monday 2 January")
}

// BaselineRise is how far resting pain (before a session or the next
// morning) may rise above the person's baseline before it counts as a
// flare: 2 points, the smallest change in pain that matters to people
// (clinical.md 7; 5.2, 5.5). The baseline is pain_now from the profile,
// the pain the plan was built for; resting pain of 3 or less never
// counts (the traffic light's "fine", 5.2).
const BaselineRise = 2

// aboveBaseline reports whether pain before a session, and the next
// morning, was BaselineRise or more above the person's baseline.
func (a *adapter) aboveBaseline(l Log) (before, morning bool) { return AboveBaseline(a.b.p, l) }

// AboveBaseline reports whether a log's resting pain, before the session
// or the next morning, was BaselineRise or more above the pain the person
// started the plan with (and above 3/10).
//
// Pain before the session counts only when the session did not ease it
// and the next morning (once answered) is still that high: a bad start
// to a day that the session eased, or that settled overnight, is the
// response the pain rule looks for, not a flare (clinical.md 5.2, 5.3).
func AboveBaseline(p Profile, l Log) (before, morning bool) {
	high := func(n *int) bool { return n != nil && *n > 3 && *n >= p.PainNow+BaselineRise }
	morning = high(l.PainNextMorning)
	before = high(l.PainBefore) && !l.eased() && (l.PainNextMorning == nil || morning)
	return before, morning
}

// breaks reports whether a log broke the pain rule (BreaksPainRuleFor).
func (a *adapter) breaks(l Log) bool { return BreaksPainRuleFor(a.b.p, l) }

// BreaksPainRuleFor is the pain rule as the plan applies it to this
// person: Log.BreaksPainRule, or resting pain well above their baseline.
// Pages that tell a member what their log means use it, so they say what
// the plan does.
func BreaksPainRuleFor(p Profile, l Log) bool {
	before, morning := AboveBaseline(p, l)
	return brokeDuringOrAfterFor(p, l) || l.brokeNextMorning() || before || morning
}

// brokeDuringOrAfterFor is the session part of the rule for this person:
// severe pain (severeFor), or a rise above the limit.
func brokeDuringOrAfterFor(p Profile, l Log) bool { return severeFor(p, l) || l.roseDuringOrAfter() }

// severeFor reports severe pain in a session for this person: 9 or 10
// during or after, or severe pain before it (SevereBeforeFor).
func severeFor(p Profile, l Log) bool {
	return atLeast(l.PainDuring, SevereDuring) || atLeast(l.PainAfter, SevereDuring) || SevereBeforeFor(p, l)
}

// checkWords adds, for severe pain or resting pain well above the
// baseline, when to see a clinician (clinical.md 2.2, 5.5), or nothing.
func (a *adapter) checkWords(l Log) string {
	if before, morning := a.aboveBaseline(l); severeFor(a.b.p, l) || atLeast(l.PainNextMorning, SevereResting) || before || morning {
		return " Pain this far above where you started is worth a check: if it does not settle within a few days, see a physiotherapist or doctor."
	}
	return ""
}
