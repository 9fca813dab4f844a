package coach

import (
	"fmt"
	"time"

	"supple/internal/validate"
)

// Log is what a person reports about one session of the plan, or about
// activity done outside it (Kind "activity"). Pain scores are 0-10; nil
// means not answered (the next-morning score arrives a day later).
type Log struct {
	ID                    int64     `json:"id,omitempty"`
	Kind                  string    `json:"kind"` // "session" (a plan day) or "activity" (outside the plan)
	Week                  int       `json:"week"`
	Day                   int       `json:"day"`
	Date                  string    `json:"date"` // YYYY-MM-DD
	Done                  bool      `json:"done"`
	PainBefore            *int      `json:"pain_before"`
	PainDuring            *int      `json:"pain_during"`
	PainAfter             *int      `json:"pain_after"`
	PainNextMorning       *int      `json:"pain_next_morning"`
	LegSymptoms           string    `json:"leg_symptoms"`
	NewNumbnessOrWeakness bool      `json:"new_numbness_or_weakness"`
	RedFlags              []string  `json:"red_flags"`
	Items                 []LogItem `json:"items"`
	Note                  string    `json:"note,omitempty"`
	// Recorded is the day the log reached supple (set by the server; a
	// log without it counts as recorded on time). A log recorded after
	// the next week began cannot change weeks already lived.
	Recorded string `json:"recorded,omitempty"`
	// MorningRecorded is the day the next-morning pain arrived, when it
	// came later than the rest of the log.
	MorningRecorded string `json:"morning_recorded,omitempty"`
}

// LogItem is one exercise of a logged session.
type LogItem struct {
	Exercise string `json:"exercise"`
	Minutes  int    `json:"minutes"`
	Done     bool   `json:"done"`
	// Skipped says why an item was not done: "skipped" or "too_painful".
	Skipped string `json:"skipped,omitempty"`
}

// Log kinds and leg-symptom answers.
const (
	KindSession  = "session"
	KindActivity = "activity"
)

// LegSymptomValues are the answers to "how did leg symptoms move?".
var LegSymptomValues = []string{"none", "further_down", "same", "closer", "gone"}

// MaxNoteRunes is the longest note kept with a log.
const MaxNoteRunes = 1000

// Minutes is the total minutes of the log's done items.
func (l Log) Minutes() int {
	n := 0
	for _, it := range l.Items {
		if it.Done {
			n += it.Minutes
		}
	}
	return n
}

// BreaksPainRule reports whether a session broke the pain-monitoring
// rule (clinical.md 5.2): pain during or after above 5/10, or pain the
// next morning at least 2 points above pain before (or above 5/10: it
// has not settled). Someone whose pain before the session was already
// above 5 is judged against it (5.2: the 24-hour response; 5.5: a flare
// is a worsening): the rule breaks when pain during or after rose by
// HighPainRise points or more, or the next morning is above pain before.
// Severe pain always breaks it: 9 or 10 during or after, 8 or more before
// or the next morning (SevereDuring, SevereResting). The plan also judges
// resting pain against the person's own baseline (adapter.breaks).
// Activity outside the plan counts too: the back does not know which was
// planned.
func (l Log) BreaksPainRule() bool { return l.brokeDuringOrAfter() || l.brokeNextMorning() }

// HighPainRise is the rise in pain during or after a session, over pain
// before, that breaks the rule for someone whose pain before was above 5.
const HighPainRise = 2

// highBefore reports whether pain before the session was above the 5/10
// ceiling, so that the session is judged against it.
func (l Log) highBefore() bool { return l.PainBefore != nil && *l.PainBefore > 5 }

// SevereDuring and SevereResting are the pains that always break the
// rule, whatever the pain before (clinical.md 5.2: the traffic light
// stops at 6 or more; 0 rule 7): 9 or 10 during or after a session, 8
// or more before it or the next morning.
const (
	SevereDuring  = 9
	SevereResting = 8
)

func atLeast(p *int, n int) bool { return p != nil && *p >= n }

// severe reports whether a session had severe pain during or after it,
// or severe pain before it. Severe pain before a session is forgiven
// only for someone whose plan began at that level and whose session eased
// it (SevereBeforeFor): pain already there was not caused by the session,
// but a jump to 8 or more at rest is the worsening the warning-sign
// questions are for (clinical.md 2, 5.2, 5.5).
func (l Log) severe() bool {
	return atLeast(l.PainDuring, SevereDuring) || atLeast(l.PainAfter, SevereDuring) || atLeast(l.PainBefore, SevereResting)
}

// SevereBeforeFor reports whether pain before a session was severe (8 or
// more) for this person: above the pain their plan began with, or at it
// with a session that did not ease it.
func SevereBeforeFor(p Profile, l Log) bool {
	return atLeast(l.PainBefore, SevereResting) && (*l.PainBefore > p.PainNow || !l.eased())
}

// eased reports whether pain during and after the session were both
// answered and both lower than pain before it.
func (l Log) eased() bool {
	return l.PainBefore != nil && l.PainDuring != nil && l.PainAfter != nil && *l.PainDuring < *l.PainBefore && *l.PainAfter < *l.PainBefore
}

func (l Log) brokeDuringOrAfter() bool { return l.severe() || l.roseDuringOrAfter() }

// roseDuringOrAfter reports whether pain during or after was above 5, or
// for pain before above 5, HighPainRise or more above it.
func (l Log) roseDuringOrAfter() bool {
	limit := 5
	if l.highBefore() {
		limit = *l.PainBefore + HighPainRise - 1
	}
	return l.PainDuring != nil && *l.PainDuring > limit || l.PainAfter != nil && *l.PainAfter > limit
}

func (l Log) brokeNextMorning() bool {
	if l.PainNextMorning == nil {
		return false
	}
	if *l.PainNextMorning >= SevereResting {
		return true
	}
	if l.highBefore() {
		return *l.PainNextMorning > *l.PainBefore
	}
	return *l.PainNextMorning > 5 || l.PainBefore != nil && *l.PainNextMorning-*l.PainBefore >= 2
}

// Worsened reports whether a session's leg symptoms spread further down
// the leg or brought new numbness or weakness: never acceptable pain
// (clinical.md 5.2).
func (l Log) Worsened() bool {
	return l.LegSymptoms == "further_down" || l.NewNumbnessOrWeakness
}

// CheckLog checks a log against the plan it belongs to: the week is in
// the plan, a session's date is its plan day, nothing is in the future.
// start is day 1 of week 1 and today the person's current date.
func CheckLog(l Log, start, today time.Time) validate.Errors {
	var e validate.Errors
	d, err := time.Parse(time.DateOnly, l.Date)
	if err != nil {
		e.Add("date", "date must be a day as YYYY-MM-DD")
		return e
	}
	start, today = dateOnly(start), dateOnly(today)
	switch {
	case d.After(today):
		e.Add("date", fmt.Sprintf("date %s is in the future; log a session on or after the day it happens", l.Date))
	case d.Before(start):
		e.Add("date", fmt.Sprintf("date %s is before your plan started (%s)", l.Date, start.Format(time.DateOnly)))
	case l.Kind == KindSession:
		want := start.AddDate(0, 0, (l.Week-1)*7+l.Day-1)
		if !want.Equal(d) {
			e.Add("date", fmt.Sprintf("week %d, day %d of your plan is %s, not %s", l.Week, l.Day, want.Format(time.DateOnly), l.Date))
		}
	}
	if days := int(d.Sub(start).Hours() / 24); days >= PlanWeeks*7 {
		e.Add("week", fmt.Sprintf("date %s is after the last week of your plan", l.Date))
	}
	return e
}

// PlanDay is the week and day (1-based) of a date in a plan that started
// on start; ok is false outside the plan's weeks.
func PlanDay(start, date time.Time) (week, day int, ok bool) {
	days := int(dateOnly(date).Sub(dateOnly(start)).Hours() / 24)
	if days < 0 || days >= PlanWeeks*7 {
		return 0, 0, false
	}
	return days/7 + 1, days%7 + 1, true
}

// PlanDate is the calendar date of a plan day.
func PlanDate(start time.Time, week, day int) time.Time {
	return dateOnly(start).AddDate(0, 0, (week-1)*7+day-1)
}

func dateOnly(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
