package coach

import (
	"fmt"
	"strconv"
)

// TrendMinSessions is the fewest sessions with a pain-before answer a
// week needs for its mean to count in the week-on-week trend.
const TrendMinSessions = 2

// painRising reports whether pain is trending up week on week when week
// w begins (clinical.md 5.2, third criterion: pain should not increase
// from week to week): the mean pain before sessions rose in each of the
// three weeks before w (w-3 < w-2 < w-1), by at least one point in all,
// each of them with at least TrendMinSessions sessions known by w's
// first day. means are the three weekly means, in words.
func (a *adapter) painRising(w int) (means [3]string, ok bool) {
	if w < 4 {
		return means, false
	}
	var m [3]float64
	for j := range 3 {
		k := w - 3 + j
		sum, n := 0, 0
		for i, l := range a.h.Logs {
			if l.Kind == KindSession && l.Week == k && l.PainBefore != nil && a.ev[i].known <= dayIndex(w, 1) {
				sum += *l.PainBefore
				n++
			}
		}
		if n < TrendMinSessions {
			return means, false
		}
		m[j] = float64(sum) / float64(n)
		means[j] = strconv.FormatFloat(m[j], 'f', -1, 64)
		if len(means[j]) > 3 {
			means[j] = fmt.Sprintf("%.1f", m[j])
		}
	}
	return means, m[0] < m[1] && m[1] < m[2] && m[2]-m[0] >= 1
}

// readyForDirection allows the directional harder step (the sphinx
// moving on to the press-up) from week w, at a plan level of 4 or more,
// once the two most recent sessions known by w's start show that the
// direction helps (clinical.md 3.4: let the symptom response decide;
// 5.5: about two sessions back to baseline). Both sessions must be done,
// within the pain rule and without spreading or new numbness or
// weakness; for a person with leg symptoms, the symptoms must also have
// moved closer to the back or gone after both.
func (a *adapter) readyForDirection(w, level int) {
	b := a.b
	if b.dirReady || level < 4 || b.c.Direction != Extension {
		return
	}
	pool := b.allowed[Mobility]
	sphinx := find(pool, "sphinx")
	if sphinx == nil || b.noProgress[sphinx.ID] {
		return
	}
	var next *Exercise
	for _, id := range []string{"prone-press-up", "cobra"} {
		if next = find(pool, id); next != nil {
			break
		}
	}
	if next == nil {
		return
	}
	legs := b.p.LegPain != "" && b.p.LegPain != "none"
	var last []Log
	for i := len(a.h.Logs) - 1; i >= 0 && len(last) < 2; i-- {
		if l := a.h.Logs[i]; l.Kind == KindSession && l.Done && a.ev[i].known <= dayIndex(w, 1) {
			last = append(last, l)
		}
	}
	if len(last) < 2 {
		return
	}
	for _, l := range last {
		if l.BreaksPainRule() || l.Worsened() || legs && l.LegSymptoms != "closer" && l.LegSymptoms != "gone" {
			return
		}
	}
	b.dirReady = true
	why := "after your last two sessions your leg symptoms moved closer to your back or went"
	if !legs {
		why = "your last two sessions went well, within the pain rule"
	}
	a.adjust(w, 0, ChangeProgress, next.ID, fmt.Sprintf("From week %d the sphinx moves on to the %s, a deeper backward bend: %s.",
		w, lowerName(next), why))
}
