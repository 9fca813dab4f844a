package chart

import (
	"fmt"
	"math"
	"time"
)

// WeekMinutes is one week's moderate (aerobic) minutes.
type WeekMinutes struct {
	Label   string    // "Week 3"
	Start   time.Time // the week's first day
	Minutes int       // done
	Planned int       // in the plan; 0 for weeks outside it
}

const (
	minW, minH          = 640, 256
	minLeft, minRight   = 48, 12
	minTop, minBottom   = 14, 60
	minPlotW, minPlotH  = minW - minLeft - minRight, minH - minTop - minBottom
	minLabelTicks       = 12
	minutesChartClass   = "chart-minutes"
	minutesEmptyMessage = "No weeks to show yet"
	minBar              = 4  // px: the least height of a bar with minutes
	maxLabelledBars     = 16 // weeks up to which each bar shows its number
)

// Minutes draws weekly moderate minutes as bars against a target line
// (150 minutes a week for adults).
func Minutes(id string, weeks []WeekMinutes, target int) Chart {
	title := "Moderate activity minutes per week"
	ch := Chart{ID: id, Title: title, Table: Table{Caption: title, Head: []string{"Week", "From", "Moderate minutes", "Planned", fmt.Sprintf("Goal of %d reached", target)}}}
	if len(weeks) == 0 {
		c := newCanvas(id, minutesChartClass, minW, minH, title, "No weeks to show yet.")
		ch.SVG, ch.Empty = c.empty(minutesEmptyMessage), true
		return ch
	}
	top, met, total := target, 0, 0
	for _, w := range weeks {
		top = max(top, w.Minutes)
		total += w.Minutes
		if w.Minutes >= target {
			met++
		}
	}
	top = int(math.Ceil(float64(top)*1.1/50)) * 50
	if top <= 0 {
		top = 50
	}
	reached := "the goal not reached yet"
	if met > 0 {
		reached = fmt.Sprintf("the goal reached in %d %s", met, plural(met, "week", "weeks"))
	}
	desc := fmt.Sprintf("Bars for %d %s from %s to %s, against a goal of %d minutes a week: %d in all, %s.",
		len(weeks), plural(len(weeks), "week", "weeks"), Day(weeks[0].Start), Day(weeks[len(weeks)-1].Start), target, total, reached)
	c := newCanvas(id, minutesChartClass, minW, minH, title, desc)
	y := func(v float64) float64 { return minTop + minPlotH - v*minPlotH/float64(top) }
	step := 50
	for top/step > 6 {
		step *= 2
	}
	for v := 0; v <= top; v += step {
		c.line(minLeft, y(float64(v)), minW-minRight, y(float64(v)), "grid")
		c.text(minLeft-6, y(float64(v))+4, "end", "tick", fmt.Sprint(v))
	}
	slot := float64(minPlotW) / float64(len(weeks))
	bw := slot * 0.7
	if len(weeks) > 60 {
		bw = slot * 0.85
	}
	// A few short bars on a scale that reaches the goal are hard to see:
	// each week's planned minutes are drawn as an outline behind its bar,
	// a bar is at least minBar high, and with few weeks each bar carries
	// its number.
	labelled := len(weeks) <= maxLabelledBars
	for i, w := range weeks {
		x := minLeft + slot*float64(i) + (slot-bw)/2
		if w.Planned > 0 {
			ph := float64(min(w.Planned, top)) * minPlotH / float64(top)
			c.rect(x, y(0)-ph, bw, ph, "planned")
		}
		class := "bar"
		if w.Minutes >= target {
			class += " bar-met"
		}
		h := float64(w.Minutes) * minPlotH / float64(top)
		if w.Minutes > 0 && h < minBar {
			h = minBar
		}
		c.rect(x, y(0)-h, bw, h, class)
		if labelled && w.Minutes > 0 {
			c.text(x+bw/2, y(0)-h-4, "middle", "value bar-value", fmt.Sprint(w.Minutes))
		}
	}
	nTicks := minLabelTicks
	if len(weeks) > 30 {
		nTicks = 5
	}
	for _, i := range ticks(len(weeks), nTicks) {
		label := fmt.Sprint(i + 1)
		if len(weeks) > 30 {
			label = weeks[i].Start.Format("Jan 2006")
		}
		c.text(minLeft+slot*(float64(i)+0.5), minH-minBottom+18, "middle", "tick", label)
	}
	if len(weeks) <= 30 {
		// the axis title under the numbers, with room of its own
		c.text(minLeft+minPlotW/2, minH-6, "middle", "tick axis-title", "week of the plan")
	}
	c.line(minLeft, y(float64(target)), minW-minRight, y(float64(target)), "target")
	c.text(minW-minRight-2, y(float64(target))-5, "end", "target-label", fmt.Sprintf("goal: %d min", target))
	ch.SVG = c.done()
	ch.Legend = []Key{{"key-bar", "Minutes done"}, {"key-met", "Weeks that reached the goal"}, {"key-planned", "Minutes planned (outline)"}, {"key-target", fmt.Sprintf("Goal: %d minutes (dashed line)", target)}}
	for _, w := range weeks {
		planned := "–"
		if w.Planned > 0 {
			planned = fmt.Sprint(w.Planned)
		}
		reached := "no"
		if w.Minutes >= target {
			reached = "yes"
		}
		ch.Table.Rows = append(ch.Table.Rows, []string{w.Label, Day(w.Start), fmt.Sprint(w.Minutes), planned, reached})
	}
	return ch
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
