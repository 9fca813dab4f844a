package coach

import (
	"fmt"
	"strconv"
)

// TrendMinSessions is the fewest sessions with a pain-before answer a
// week needs for its mean to count in the week-on-week trend.
const TrendMinSessions = 2

// trendSeries are the answers the week-on-week trend follows, with
// their words: pain before, pain after and pain the next morning
// (clinical.md 5.2: pain and stiffness should not increase from week to
// week).
var trendSeries = []struct {
	words string
	pain  func(Log) *int
}{
	{"before sessions", func(l Log) *int { return l.PainBefore }},
	{"after sessions", func(l Log) *int { return l.PainAfter }},
	{"the morning after sessions", func(l Log) *int { return l.PainNextMorning }},
}

// TrendAboveStart is how far, in points, a weekly mean may stay above
// the first logged week's before the plan moves forward again after a
// rising trend (clinical.md 7: about 2 points is a meaningful change).
const TrendAboveStart = 2

// weekMean is the mean of series s in week k over the sessions known by
// week w's first day (ok false with fewer than TrendMinSessions).
func (a *adapter) weekMean(s, k, w int) (float64, bool) {
	sum, n := 0, 0
	for i, l := range a.h.Logs {
		if p := trendSeries[s].pain(l); l.Kind == KindSession && l.Week == k && p != nil && a.ev[i].known <= dayIndex(w, 1) {
			sum += *p
			n++
		}
	}
	return float64(sum) / float64(max(n, 1)), n >= TrendMinSessions
}

// painRising reports whether pain is trending up week on week when week
// w begins (clinical.md 5.2, third criterion): the weekly mean of pain
// before, after or the next morning rose in each of the three weeks
// before w (w-3 < w-2 < w-1), by at least one point in all, each of them
// with at least TrendMinSessions answers known by w's first day. It says
// which, in words, and the three weekly means.
func (a *adapter) painRising(w int) (what string, means [3]string, ok bool) {
	if w < 4 {
		return "", means, false
	}
	for s := range trendSeries {
		var m [3]float64
		enough := true
		for j := range 3 {
			var has bool
			if m[j], has = a.weekMean(s, w-3+j, w); !has {
				enough = false
				break
			}
			means[j] = meanWords(m[j])
		}
		if enough && m[0] < m[1] && m[1] < m[2] && m[2]-m[0] >= 1 {
			return trendSeries[s].words, means, true
		}
	}
	return "", means, false
}

// aboveStart reports whether, when week w begins, a weekly mean of week
// w-1 is still TrendAboveStart points or more above the first logged
// week's.
func (a *adapter) aboveStart(w int) bool {
	first := a.firstLogged(w)
	if first >= w-1 {
		return false
	}
	for s := range trendSeries {
		base, ok1 := a.weekMean(s, first, w)
		last, ok2 := a.weekMean(s, w-1, w)
		if ok1 && ok2 && last-base >= TrendAboveStart {
			return true
		}
	}
	return false
}

func meanWords(m float64) string {
	s := strconv.FormatFloat(m, 'f', -1, 64)
	if len(s) > 3 {
		s = fmt.Sprintf("%.1f", m)
	}
	return s
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
		if a.breaks(l) || l.Worsened() || legs && l.LegSymptoms != "closer" && l.LegSymptoms != "gone" {
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
