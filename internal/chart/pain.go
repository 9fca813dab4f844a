package chart

import (
	"fmt"
	"slices"
	"time"
)

// PainPoint is one session's pain scores (0-10); nil when not answered.
type PainPoint struct {
	Date          time.Time
	Before, After *int
}

// WeeklyAfter is how many days of history the pain chart draws day by
// day; longer histories are drawn as weekly averages.
const WeeklyAfter = 183

// pain chart geometry
const (
	painW, painH           = 640, 290
	painLeft, painRight    = 40, 12
	painTop, painBottom    = 14, 34
	painPlotW, painPlotH   = painW - painLeft - painRight, painH - painTop - painBottom
	markersUpTo            = 120
	markerRadius           = 6.0
	smallMarkerRadius      = 3.5
	markerShift            = 6.0 // before left, after right of the day
	averageWindowDays      = 7
	painRuleLimit          = 5
	painMax                = 10
	painTickEvery          = 2
	painLabelTicks         = 5
	painChartClass         = "chart-pain"
	painEmpty              = "No pain scores logged yet"
	painRuleLabel          = "5: the pain rule’s limit"
	painAverageDescription = "the average of pain after sessions over the 7 days up to each session"
)

// series is what the pain chart draws: one value per x position.
type series struct {
	dates                 []time.Time
	before, after, avg    []float64
	hasB, hasA, hasAvg    []bool
	weekly                bool
	beforeN, afterN, avgN int
}

// Average7 is the rolling average of pain after sessions over the 7
// days up to and including each point's date (ok false when none of
// those days has a score). pts must be sorted by date.
func Average7(pts []PainPoint) (avg []float64, ok []bool) {
	avg, ok = make([]float64, len(pts)), make([]bool, len(pts))
	lo, sum, n := 0, 0, 0
	for i, p := range pts {
		if p.After != nil {
			sum += *p.After
			n++
		}
		for days(pts[lo].Date, p.Date) >= averageWindowDays {
			if pts[lo].After != nil {
				sum -= *pts[lo].After
				n--
			}
			lo++
		}
		if n > 0 {
			avg[i], ok[i] = float64(sum)/float64(n), true
		}
	}
	return avg, ok
}

func painSeries(pts []PainPoint) series {
	var s series
	if len(pts) == 0 {
		return s
	}
	if days(pts[0].Date, pts[len(pts)-1].Date) < WeeklyAfter {
		s.dates = make([]time.Time, len(pts))
		s.before, s.after = make([]float64, len(pts)), make([]float64, len(pts))
		s.hasB, s.hasA = make([]bool, len(pts)), make([]bool, len(pts))
		for i, p := range pts {
			s.dates[i] = dateOnly(p.Date)
			if p.Before != nil {
				s.before[i], s.hasB[i] = float64(*p.Before), true
			}
			if p.After != nil {
				s.after[i], s.hasA[i] = float64(*p.After), true
			}
		}
		s.avg, s.hasAvg = Average7(pts)
	} else {
		// Weekly means, weeks counted from the first score.
		s.weekly = true
		first := dateOnly(pts[0].Date)
		type acc struct{ sb, nb, sa, na int }
		var weeks []acc
		for _, p := range pts {
			w := days(first, p.Date) / 7
			for len(weeks) <= w {
				weeks = append(weeks, acc{})
			}
			if p.Before != nil {
				weeks[w].sb += *p.Before
				weeks[w].nb++
			}
			if p.After != nil {
				weeks[w].sa += *p.After
				weeks[w].na++
			}
		}
		for i, a := range weeks {
			s.dates = append(s.dates, first.AddDate(0, 0, 7*i))
			s.before = append(s.before, mean(a.sb, a.nb))
			s.hasB = append(s.hasB, a.nb > 0)
			s.after = append(s.after, mean(a.sa, a.na))
			s.hasA = append(s.hasA, a.na > 0)
		}
	}
	for i := range s.dates {
		s.beforeN += b2i(s.hasB[i])
		s.afterN += b2i(s.hasA[i])
		if s.avg != nil {
			s.avgN += b2i(s.hasAvg[i])
		}
	}
	return s
}

func mean(sum, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Pain draws pain before and after each session over time with the
// 7-day average of pain after (y 0-10). Histories longer than about six
// months are drawn as weekly averages.
func Pain(id string, pts []PainPoint) Chart { return PainSince(id, pts, time.Time{}) }

// PainSince is Pain with the day the member's current plan began marked
// by a vertical line when earlier scores (from an earlier plan) come
// before it; a zero planStart marks nothing.
func PainSince(id string, pts []PainPoint, planStart time.Time) Chart {
	pts = slices.Clone(pts)
	slices.SortStableFunc(pts, func(a, b PainPoint) int { return a.Date.Compare(b.Date) })
	pts = slices.DeleteFunc(pts, func(p PainPoint) bool { return p.Before == nil && p.After == nil })
	title := "Pain before and after sessions"
	ch := Chart{ID: id, Title: title, Table: Table{Caption: title}}
	s := painSeries(pts)
	if len(s.dates) == 0 {
		c := newCanvas(id, painChartClass, painW, painH, title, "No pain scores have been logged yet.")
		ch.SVG, ch.Empty = c.empty(painEmpty), true
		ch.Table.Head = []string{"Date", "Pain before", "Pain after"}
		return ch
	}
	first, last := s.dates[0], s.dates[len(s.dates)-1]
	span := days(first, last)
	var desc string
	if s.weekly {
		desc = fmt.Sprintf("Weekly averages of pain from 0 to 10, before and after sessions, for %d weeks from %s to %s.", len(s.dates), Day(first), Day(last))
	} else {
		desc = fmt.Sprintf("Pain from 0 to 10 before and after %d %s from %s to %s, with %s.", len(s.dates), plural(len(s.dates), "session", "sessions"), Day(first), Day(last), painAverageDescription)
	}
	c := newCanvas(id, painChartClass, painW, painH, title, desc)
	x := func(d time.Time) float64 {
		if span == 0 {
			return painLeft + painPlotW/2
		}
		return painLeft + float64(days(first, d))*painPlotW/float64(span)
	}
	y := func(v float64) float64 { return painTop + painPlotH - v*painPlotH/painMax }
	for v := 0; v <= painMax; v += painTickEvery {
		c.line(painLeft, y(float64(v)), painW-painRight, y(float64(v)), "grid")
		c.text(painLeft-6, y(float64(v))+4, "end", "tick", fmt.Sprint(v))
	}
	c.line(painLeft, y(painRuleLimit), painW-painRight, y(painRuleLimit), "rule")
	c.text(painW-painRight-2, y(painRuleLimit)-4, "end", "rule-label", painRuleLabel)
	marked := !planStart.IsZero() && first.Before(dateOnly(planStart)) && !dateOnly(planStart).After(last)
	if marked {
		px := x(dateOnly(planStart))
		c.line(px, painTop, px, painTop+painPlotH, "rule plan-start")
		c.text(px+3, painTop+12, "start", "rule-label", "new plan")
	}
	for _, i := range ticks(len(s.dates), painLabelTicks) {
		label := shortDay(s.dates[i])
		if span > 300 {
			label = s.dates[i].Format("Jan 2006")
		}
		anchor := "middle"
		if len(s.dates) > 1 && i == 0 {
			anchor = "start"
		} else if len(s.dates) > 1 && i == len(s.dates)-1 {
			anchor = "end"
		}
		c.text(x(s.dates[i]), painH-painBottom+18, anchor, "tick", label)
	}
	// Before is drawn a little left of the day and after a little right,
	// so equal scores stay two marks; the shift shrinks with dense data.
	shift := markerShift
	if span > 0 {
		shift = min(shift, painPlotW/float64(span)/4)
	}
	r := markerRadius
	if span > 0 {
		r = max(smallMarkerRadius, min(r, painPlotW/float64(span)/3))
	}
	xs, xb, xa := make([]float64, len(s.dates)), make([]float64, len(s.dates)), make([]float64, len(s.dates))
	yb, ya, yv := make([]float64, len(s.dates)), make([]float64, len(s.dates)), make([]float64, len(s.dates))
	for i, d := range s.dates {
		xs[i], yb[i], ya[i] = x(d), y(s.before[i]), y(s.after[i])
		xb[i], xa[i] = xs[i]-shift, xs[i]+shift
		if s.avg != nil {
			yv[i] = y(s.avg[i])
		}
	}
	c.path(xb, yb, s.hasB, "line line-before")
	c.path(xa, ya, s.hasA, "line line-after")
	if s.avg != nil {
		c.path(xs, yv, s.hasAvg, "line line-average")
	}
	if len(s.dates) <= markersUpTo {
		for i := range xs {
			if s.hasB[i] {
				c.raw(`<circle cx="`, num(xb[i]), `" cy="`, num(yb[i]), `" r="`, num(r), `" class="dot dot-before"/>`)
			}
			if s.hasA[i] {
				c.rect(xa[i]-r, ya[i]-r, 2*r, 2*r, "dot dot-after")
			}
		}
	}
	ch.SVG = c.done()
	if s.weekly {
		ch.Legend = []Key{{"key-before", "Average pain before (dashed)"}, {"key-after", "Average pain after"}, {"key-rule", "The pain rule’s limit, 5"}}
	} else {
		ch.Legend = []Key{{"key-before", "Pain before (circles, dashed)"}, {"key-after", "Pain after (squares)"}, {"key-average", "7-day average of pain after (thick)"}, {"key-rule", "The pain rule’s limit, 5"}}
	}
	if marked {
		ch.Legend = append(ch.Legend, Key{"key-rule", "“new plan”: the day your current plan began; scores left of it are from an earlier plan"})
	}
	if s.weekly {
		ch.Table.Head = []string{"Week from", "Average pain before", "Average pain after"}
	} else {
		ch.Table.Head = []string{"Date", "Pain before", "Pain after", "7-day average after"}
	}
	for i, d := range s.dates {
		row := []string{Day(d), score(s.before[i], s.hasB[i]), score(s.after[i], s.hasA[i])}
		if !s.weekly {
			row = append(row, score(s.avg[i], s.hasAvg[i]))
		}
		ch.Table.Rows = append(ch.Table.Rows, row)
	}
	return ch
}

func score(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return one(v)
}
