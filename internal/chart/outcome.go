package chart

import (
	"fmt"
)

// Score is one check-in's score.
type Score struct {
	Label string // "Week 3"
	Value float64
}

// Outcome describes an outcome chart: scores of check-ins against where
// the person started.
type Outcome struct {
	ID, Title     string
	Measure       string // "pain", "activity score"
	Baseline      float64
	BaselineLabel string // "Start"
	Max           float64
	HigherBetter  bool
}

const (
	outW, outH          = 640, 190
	outLeft, outRight   = 34, 12
	outTop, outBottom   = 18, 34
	outPlotW, outPlotH  = outW - outLeft - outRight, outH - outTop - outBottom
	outcomeChartClass   = "chart-outcome"
	outcomeEmptyMessage = "No check-ins yet"
)

// Draw draws the scores as a line with their values, and the baseline
// as a dashed line.
func (o Outcome) Draw(scores []Score) Chart {
	if o.Max <= 0 {
		o.Max = 10
	}
	ch := Chart{ID: o.ID, Title: o.Title, Table: Table{Caption: o.Title, Head: []string{"Check-in", capitalize(o.Measure), "Change from the start"}}}
	better := "lower is better"
	if o.HigherBetter {
		better = "higher is better"
	}
	if len(scores) == 0 {
		c := newCanvas(o.ID, outcomeChartClass, outW, outH, o.Title, "No check-ins yet.")
		ch.SVG, ch.Empty = c.empty(outcomeEmptyMessage), true
		return ch
	}
	lastV := scores[len(scores)-1].Value
	desc := fmt.Sprintf("%s from 0 to %s (%s) at %d %s, against %s at the start; the latest is %s, a change of %s.",
		capitalize(o.Measure), one(o.Max), better, len(scores), plural(len(scores), "check-in", "check-ins"), one(o.Baseline), one(lastV), signed(lastV-o.Baseline))
	c := newCanvas(o.ID, outcomeChartClass, outW, outH, o.Title, desc)
	y := func(v float64) float64 { return outTop + outPlotH - v*outPlotH/o.Max }
	for v := 0.0; v <= o.Max; v += o.Max / 2 {
		c.line(outLeft, y(v), outW-outRight, y(v), "grid")
		c.text(outLeft-6, y(v)+4, "end", "tick", one(v))
	}
	c.line(outLeft, y(o.Baseline), outW-outRight, y(o.Baseline), "baseline")
	c.text(outW-outRight-2, y(o.Baseline)-5, "end", "baseline-label", "start: "+one(o.Baseline))
	n := len(scores)
	x := func(i int) float64 {
		if n == 1 {
			return outLeft + outPlotW/2
		}
		return outLeft + 20 + float64(i)*(outPlotW-40)/float64(n-1)
	}
	xs, ys, ok := make([]float64, n), make([]float64, n), make([]bool, n)
	for i, s := range scores {
		xs[i], ys[i], ok[i] = x(i), y(s.Value), true
	}
	c.path(xs, ys, ok, "line line-outcome")
	every := (n + 5) / 6
	for i, s := range scores {
		c.raw(`<circle cx="`, num(xs[i]), `" cy="`, num(ys[i]), `" r="4" class="dot dot-outcome"/>`)
		if i%every == 0 || i == n-1 && (n-1)%every >= every/2 {
			c.text(xs[i], ys[i]-8, "middle", "value", one(s.Value))
			c.text(xs[i], outH-outBottom+18, "middle", "tick", s.Label)
		}
	}
	ch.SVG = c.done()
	ch.Legend = []Key{{"key-outcome", capitalize(o.Measure) + " at each check-in"}, {"key-baseline", "The starting point (dashed)"}}
	ch.Table.Rows = append(ch.Table.Rows, []string{o.BaselineLabel, one(o.Baseline), "–"})
	for _, s := range scores {
		ch.Table.Rows = append(ch.Table.Rows, []string{s.Label, one(s.Value), signed(s.Value - o.Baseline)})
	}
	return ch
}

func signed(f float64) string {
	if f > 0 {
		return "+" + one(f)
	}
	if f == 0 {
		return "0"
	}
	return "−" + one(-f)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-32) + s[1:]
	}
	return s
}
