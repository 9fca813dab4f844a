package chart

import (
	"fmt"
	"strings"
	"time"
)

// Status is what happened on a day of the calendar.
type Status string

// Day statuses, from best to none.
const (
	Done     Status = "done"     // the session (or logged activity) was done
	Partly   Status = "partly"   // some of the session was done
	Missed   Status = "missed"   // a planned session day passed without one
	Rest     Status = "rest"     // a rest day in the plan
	Upcoming Status = "upcoming" // a planned session still to come
	NoPlan   Status = "none"     // outside the plan, nothing logged
)

// statusLabel is how a status is said in the legend and the table.
var statusLabel = map[Status]string{
	Done: "done", Partly: "partly done", Missed: "missed", Rest: "rest day", Upcoming: "still to come", NoPlan: "no plan",
}

// CalendarDay is one day of the calendar.
type CalendarDay struct {
	Date   time.Time
	Status Status
}

const (
	calCell, calGap     = 14.0, 3.0
	calLeft, calTop     = 30.0, 18.0
	calBandWeeks        = 52
	calBandGap          = 26.0
	calTitlesUpTo       = 400 // days drawn one by one with a hover title; longer histories are one path per status
	calendarChartClass  = "chart-calendar"
	calendarEmptyString = "No days to show yet"
)

// Calendar draws days as a heat map: one column per week (of seven days
// counted from the first), one row per day of that week; histories
// longer than a year wrap into bands of 52 weeks. The table counts each
// week's days by status.
func Calendar(id string, ds []CalendarDay) Chart {
	title := "Sessions day by day"
	ch := Chart{ID: id, Title: title, Table: Table{Caption: title, Head: []string{"Week", "From", "Done", "Partly done", "Missed", "Rest days"}}}
	for _, s := range []Status{Done, Partly, Missed, Rest, Upcoming, NoPlan} {
		ch.Legend = append(ch.Legend, Key{"cell-" + string(s), statusLabel[s]})
	}
	if len(ds) == 0 {
		c := newCanvas(id, calendarChartClass, 320, 150, title, "No days to show yet.")
		ch.SVG, ch.Empty = c.empty(calendarEmptyString), true
		return ch
	}
	first := dateOnly(ds[0].Date)
	weeks := (days(first, ds[len(ds)-1].Date))/7 + 1
	cols := min(weeks, calBandWeeks)
	bands := (weeks + calBandWeeks - 1) / calBandWeeks
	pitch := calCell + calGap
	bandH := 7*pitch + calBandGap
	w := int(calLeft + float64(cols)*pitch + 4)
	h := int(calTop + float64(bands)*bandH - calBandGap + 4)
	count := map[Status]int{}
	for _, d := range ds {
		count[d.Status]++
	}
	desc := fmt.Sprintf("%d days from %s to %s, one column per week and one row per day: %d done, %d partly done, %d missed, %d rest days.",
		len(ds), Day(first), Day(ds[len(ds)-1].Date), count[Done], count[Partly], count[Missed], count[Rest])
	c := newCanvas(id, calendarChartClass, w, h, title, desc)
	c.b.Grow(len(ds) * 28)
	labelEvery := 1
	if cols > 13 {
		labelEvery = 4
	}
	for b := range bands {
		by := calTop + float64(b)*bandH
		c.text(calLeft-6, by+calCell-3, "end", "tick", "day 1")
		c.text(calLeft-6, by+6*pitch+calCell-3, "end", "tick", "day 7")
		for col := 0; col < cols && b*calBandWeeks+col < weeks; col++ {
			wk := b*calBandWeeks + col
			if wk%labelEvery == 0 {
				c.text(calLeft+float64(col)*pitch+calCell/2, by-5, "middle", "tick", fmt.Sprint(wk+1))
			}
		}
	}
	type weekCount struct{ done, partly, missed, rest int }
	perWeek := make([]weekCount, weeks)
	merged := len(ds) > calTitlesUpTo
	type statusPaths struct{ box, mark strings.Builder }
	paths := map[Status]*statusPaths{}
	for _, d := range ds {
		n := days(first, d.Date)
		if n < 0 {
			continue
		}
		wk, row := n/7, n%7
		b, col := wk/calBandWeeks, wk%calBandWeeks
		x := calLeft + float64(col)*pitch
		y := calTop + float64(b)*bandH + float64(row)*pitch
		if merged {
			// One path per status: a long history stays small.
			p := paths[d.Status]
			if p == nil {
				p = &statusPaths{}
				p.box.Grow(len(ds) * 24)
				paths[d.Status] = p
			}
			moveTo(&p.box, x+0.5, y+0.5)
			p.box.WriteString("h13v13h-13z")
			switch d.Status {
			case Missed:
				moveTo(&p.mark, x+3, y+3)
				p.mark.WriteString("l8 8")
			case Partly:
				moveTo(&p.mark, x+calCell-0.5, y+0.5)
				p.mark.WriteString("v13h-13z")
			}
		} else {
			c.raw(`<g class="cell cell-`, string(d.Status), `">`)
			c.raw(`<title>`, esc(Day(d.Date)+": "+statusLabel[d.Status]), `</title>`)
			c.rect(x+0.5, y+0.5, calCell-1, calCell-1, "box")
			switch d.Status {
			case Missed:
				c.line(x+3, y+3, x+calCell-3, y+calCell-3, "mark")
			case Partly:
				c.raw(`<path d="M`, num(x+calCell-0.5), ` `, num(y+0.5), ` L`, num(x+calCell-0.5), ` `, num(y+calCell-0.5), ` L`, num(x+0.5), ` `, num(y+calCell-0.5), ` Z" class="half"/>`)
			}
			c.raw(`</g>`)
		}
		switch d.Status {
		case Done:
			perWeek[wk].done++
		case Partly:
			perWeek[wk].partly++
		case Missed:
			perWeek[wk].missed++
		case Rest:
			perWeek[wk].rest++
		}
	}
	for _, st := range []Status{Done, Partly, Missed, Rest, Upcoming, NoPlan} {
		if p := paths[st]; p != nil {
			c.raw(`<g class="cell cell-`, string(st), `"><path class="box" d="`, p.box.String(), `"/>`)
			if p.mark.Len() > 0 {
				class := "mark"
				if st == Partly {
					class = "half"
				}
				c.raw(`<path class="`, class, `" d="`, p.mark.String(), `"/>`)
			}
			c.raw(`</g>`)
		}
	}
	ch.SVG = c.done()
	for i, wc := range perWeek {
		ch.Table.Rows = append(ch.Table.Rows, []string{fmt.Sprint(i + 1), Day(first.AddDate(0, 0, 7*i)),
			fmt.Sprint(wc.done), fmt.Sprint(wc.partly), fmt.Sprint(wc.missed), fmt.Sprint(wc.rest)})
	}
	return ch
}

// moveTo writes a path's "M x y".
func moveTo(b *strings.Builder, x, y float64) {
	b.WriteByte('M')
	writeNum(b, x)
	b.WriteByte(' ')
	writeNum(b, y)
}
