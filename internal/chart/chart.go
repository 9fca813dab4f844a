// Package chart draws supple's progress charts as server-rendered SVG:
// no script, no dependencies. Every chart comes with its data as a table
// for screen readers, names itself with <title> and <desc>, and takes its
// colours from CSS classes (currentColor and custom properties), so dark
// mode follows the page. Output is deterministic for the same input.
package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// Chart is one drawn chart and the same data as a table.
type Chart struct {
	ID    string
	Title string
	SVG   template.HTML // safe: every text in it is escaped
	Table Table
	Empty bool // nothing to draw yet; the SVG says so
	// Legend names what each mark means; Class styles its swatch.
	Legend []Key
}

// Key is one entry of a chart's legend.
type Key struct {
	Class, Label string
}

// Table is a chart's data for screen readers and for reading exact values.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// canvas writes one SVG document.
type canvas struct {
	b    strings.Builder
	w, h int
}

func newCanvas(id, class string, w, h int, title, desc string) *canvas {
	c := &canvas{w: w, h: h}
	c.b.Grow(4096)
	c.b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart `)
	c.b.WriteString(class)
	c.b.WriteString(`" viewBox="0 0 `)
	c.b.WriteString(strconv.Itoa(w))
	c.b.WriteByte(' ')
	c.b.WriteString(strconv.Itoa(h))
	c.b.WriteString(`" width="100%" role="img" aria-labelledby="`)
	c.b.WriteString(esc(id) + `-title ` + esc(id) + `-desc">`)
	c.b.WriteString(`<title id="` + esc(id) + `-title">` + esc(title) + `</title>`)
	c.b.WriteString(`<desc id="` + esc(id) + `-desc">` + esc(desc) + `</desc>`)
	return c
}

func (c *canvas) raw(s ...string) {
	for _, x := range s {
		c.b.WriteString(x)
	}
}

// attrs writes a, the number x, b and the number y.
func (c *canvas) attrs(a string, x float64, b string, y float64) {
	c.b.WriteString(a)
	writeNum(&c.b, x)
	c.b.WriteString(b)
	writeNum(&c.b, y)
}

// text writes a text element; anchor is start, middle or end.
func (c *canvas) text(x, y float64, anchor, class, s string) {
	c.attrs(`<text x="`, x, `" y="`, y)
	c.raw(`" text-anchor="`, anchor, `" class="`, class, `">`, esc(s), `</text>`)
}

func (c *canvas) line(x1, y1, x2, y2 float64, class string) {
	c.attrs(`<line x1="`, x1, `" y1="`, y1)
	c.attrs(`" x2="`, x2, `" y2="`, y2)
	c.raw(`" class="`, class, `"/>`)
}

func (c *canvas) rect(x, y, w, h float64, class string) {
	c.attrs(`<rect x="`, x, `" y="`, y)
	c.attrs(`" width="`, w, `" height="`, h)
	c.raw(`" class="`, class, `"/>`)
}

// path draws a line through the points, broken where a point is missing.
func (c *canvas) path(xs []float64, ys []float64, ok []bool, class string) {
	var d strings.Builder
	pen := false
	for i := range xs {
		if !ok[i] {
			pen = false
			continue
		}
		if pen {
			d.WriteString(" L")
		} else {
			if d.Len() > 0 {
				d.WriteByte(' ')
			}
			d.WriteByte('M')
		}
		writeNum(&d, xs[i])
		d.WriteByte(' ')
		writeNum(&d, ys[i])
		pen = true
	}
	if d.Len() == 0 {
		return
	}
	c.raw(`<path d="`, d.String(), `" class="`, class, `"/>`)
}

func (c *canvas) done() template.HTML {
	c.b.WriteString(`</svg>`)
	return template.HTML(c.b.String()) // #nosec: built from numbers and escaped text only
}

// empty draws the frame of a chart with nothing in it yet.
func (c *canvas) empty(msg string) template.HTML {
	c.rect(0.5, 0.5, float64(c.w)-1, float64(c.h)-1, "frame")
	c.text(float64(c.w)/2, float64(c.h)/2+5, "middle", "empty-text", msg)
	return c.done()
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// num formats a coordinate with at most one decimal; never NaN or Inf.
func num(f float64) string {
	var b [24]byte
	return string(appendNum(b[:0], f))
}

// appendNum appends num(f) to dst.
func appendNum(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		f = 0
	}
	f = math.Round(f*10) / 10
	if f == math.Trunc(f) {
		return strconv.AppendFloat(dst, f, 'f', 0, 64)
	}
	return strconv.AppendFloat(dst, f, 'f', 1, 64)
}

// writeNum writes num(f) to b without a string in between.
func writeNum(b *strings.Builder, f float64) {
	var s [24]byte
	b.Write(appendNum(s[:0], f))
}

// one formats a value for people: one decimal, none when whole.
func one(f float64) string { return num(f) }

// days between two dates (calendar days, UTC).
func days(a, b time.Time) int {
	return int(math.Round(dateOnly(b).Sub(dateOnly(a)).Hours() / 24))
}

func dateOnly(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Day formats a date as in the tables: "2 Jan 2026".
func Day(t time.Time) string { return t.Format("2 Jan 2006") }

func shortDay(t time.Time) string { return t.Format("2 Jan") }

// ticks picks up to n evenly spaced indexes of 0..count-1, always with
// the first and the last.
func ticks(count, n int) []int {
	if count <= 0 {
		return nil
	}
	if count <= n {
		out := make([]int, count)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, 0, n)
	for i := range n {
		out = append(out, int(math.Round(float64(i)*float64(count-1)/float64(n-1))))
	}
	return out
}

// HTML is the table as HTML (class chart-table, the first cell of each
// row a row header), every cell escaped. Built here rather than in a
// template: a three-year history has thousands of cells.
func (t Table) HTML() template.HTML {
	var b strings.Builder
	b.Grow(64 + len(t.Rows)*len(t.Head)*16)
	b.WriteString(`<table class="chart-table"><caption>` + esc(t.Caption) + `</caption><thead><tr>`)
	for _, h := range t.Head {
		b.WriteString(`<th scope="col">` + esc(h) + `</th>`)
	}
	b.WriteString("</tr></thead><tbody>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for i, c := range r {
			if i == 0 {
				b.WriteString(`<th scope="row">` + esc(c) + `</th>`)
			} else {
				b.WriteString(`<td>` + esc(c) + `</td>`)
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>")
	return template.HTML(b.String()) // #nosec: every cell is escaped
}
