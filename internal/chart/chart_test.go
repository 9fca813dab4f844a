package chart

import (
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var day0 = time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC)

func ip(n int) *int { return &n }

// painDays makes n daily sessions with a slowly easing pain.
func painDays(n int) []PainPoint {
	var out []PainPoint
	for i := range n {
		p := PainPoint{Date: day0.AddDate(0, 0, i), Before: ip(6 - i*5/max(n, 1)), After: ip((7 - i*6/max(n, 1) + i%3) % 11)}
		if i%9 == 4 {
			p.After = nil // not answered
		}
		out = append(out, p)
	}
	return out
}

func calendarDays(n int) []CalendarDay {
	statuses := []Status{Done, Done, Rest, Partly, Done, Missed, Rest}
	var out []CalendarDay
	for i := range n {
		out = append(out, CalendarDay{Date: day0.AddDate(0, 0, i), Status: statuses[i%7]})
	}
	return out
}

func minuteWeeks(n int) []WeekMinutes {
	var out []WeekMinutes
	for i := range n {
		out = append(out, WeekMinutes{Label: "Week " + strconv.Itoa(i+1), Start: day0.AddDate(0, 0, 7*i), Minutes: 40 + i*13%170, Planned: 50 + i*10})
	}
	return out
}

var painOutcome = Outcome{ID: "pain-checkins", Title: "Pain at check-ins", Measure: "pain", Baseline: 6, BaselineLabel: "Start", Max: 10}

func cases() map[string]Chart {
	scores := []Score{{"Week 1", 6}, {"Week 2", 5}, {"Week 3", 5}, {"Week 4", 3}}
	return map[string]Chart{
		"pain-empty":       Pain("pain", nil),
		"pain-one":         Pain("pain", painDays(1)),
		"pain-12-weeks":    Pain("pain", painDays(84)),
		"pain-year":        Pain("pain", painDays(400)),
		"minutes-empty":    Minutes("minutes", nil, 150),
		"minutes-one":      Minutes("minutes", minuteWeeks(1), 150),
		"minutes-12-weeks": Minutes("minutes", minuteWeeks(12), 150),
		"minutes-3-years":  Minutes("minutes", minuteWeeks(157), 150),
		"calendar-empty":   Calendar("calendar", nil),
		"calendar-one":     Calendar("calendar", calendarDays(1)),
		"calendar-12-week": Calendar("calendar", calendarDays(84)),
		"calendar-year":    Calendar("calendar", calendarDays(400)),
		"calendar-3-years": Calendar("calendar", calendarDays(1100)),
		"outcome-empty":    painOutcome.Draw(nil),
		"outcome-one":      painOutcome.Draw(scores[:1]),
		"outcome-four":     painOutcome.Draw(scores),
	}
}

// The SVGs match the reviewed golden files (go test ./internal/chart
// -update rewrites them after a deliberate change).
func TestGolden(t *testing.T) {
	for name, ch := range cases() {
		path := filepath.Join("testdata", name+".svg")
		got := []byte(string(ch.SVG) + "\n")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run with -update to create it)", name, err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s; run go test -update after checking the change", name, path)
		}
	}
}

// Every chart is well-formed XML with role="img", a <title> and a <desc>
// it is labelled by, a viewBox and a width of 100%, no NaN or infinity,
// and the same output for the same input.
func TestEveryChartIsAccessibleAndWellFormed(t *testing.T) {
	again := cases()
	for name, ch := range cases() {
		s := string(ch.SVG)
		if s != string(again[name].SVG) {
			t.Errorf("%s: not deterministic", name)
		}
		dec := xml.NewDecoder(strings.NewReader(s))
		var root *xml.StartElement
		titles, descs := map[string]bool{}, map[string]bool{}
		depth := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: not well-formed: %v", name, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				if root == nil {
					c := se.Copy()
					root = &c
				}
				for _, a := range se.Attr {
					if a.Name.Local == "id" && depth == 1 && se.Name.Local == "title" {
						titles[a.Value] = true
					}
					if a.Name.Local == "id" && depth == 1 && se.Name.Local == "desc" {
						descs[a.Value] = true
					}
				}
				depth++
			}
			if _, ok := tok.(xml.EndElement); ok {
				depth--
			}
		}
		attr := map[string]string{}
		for _, a := range root.Attr {
			attr[a.Name.Local] = a.Value
		}
		if root.Name.Local != "svg" || attr["role"] != "img" || attr["width"] != "100%" || !strings.HasPrefix(attr["viewBox"], "0 0 ") {
			t.Errorf("%s: root %s %v", name, root.Name.Local, attr)
		}
		ids := strings.Fields(attr["aria-labelledby"])
		if len(ids) != 2 || !titles[ids[0]] || !descs[ids[1]] {
			t.Errorf("%s: aria-labelledby %q does not name its <title> and <desc>", name, attr["aria-labelledby"])
		}
		for _, bad := range []string{"NaN", "Inf", "style="} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
		if ch.Table.Caption == "" || len(ch.Table.Head) == 0 {
			t.Errorf("%s: no table caption or head", name)
		}
		for i, r := range ch.Table.Rows {
			if len(r) != len(ch.Table.Head) {
				t.Errorf("%s: table row %d has %d cells for %d columns", name, i, len(r), len(ch.Table.Head))
			}
		}
		if strings.HasSuffix(name, "-empty") != ch.Empty {
			t.Errorf("%s: Empty = %v", name, ch.Empty)
		}
	}
}

var (
	dotRE  = regexp.MustCompile(`class="dot dot-before"`)
	cellRE = regexp.MustCompile(`<g class="cell cell-(\w+)">`)
	barRE  = regexp.MustCompile(`class="bar( bar-met)?"`)
	pathRE = regexp.MustCompile(`<path d="([^"]+)" class="line line-(\w+)"/>`)
)

func TestPainChartPoints(t *testing.T) {
	tests := []struct {
		name         string
		pts          []PainPoint
		rows, dots   int
		weekly       bool
		lines        []string
		firstDateRow string
	}{
		{"empty", nil, 0, 0, false, nil, ""},
		{"only unanswered", []PainPoint{{Date: day0}}, 0, 0, false, nil, ""},
		{"one", painDays(1), 1, 1, false, []string{"before", "after", "average"}, "7 Sep 2026"},
		{"twelve weeks", painDays(84), 84, 84, false, []string{"before", "after", "average"}, "7 Sep 2026"},
		{"more than 120 points: lines only", painDays(150), 150, 0, false, []string{"before", "after", "average"}, "7 Sep 2026"},
		{"a year: weekly, with markers", painDays(400), 58, 58, true, []string{"before", "after"}, "7 Sep 2026"},
		{"three years: weekly", painDays(1100), 158, 0, true, []string{"before", "after"}, "7 Sep 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := Pain("p", tt.pts)
			if len(ch.Table.Rows) != tt.rows {
				t.Errorf("%d table rows, want %d", len(ch.Table.Rows), tt.rows)
			}
			if n := len(dotRE.FindAllString(string(ch.SVG), -1)); n != tt.dots {
				t.Errorf("%d markers, want %d", n, tt.dots)
			}
			var lines []string
			for _, m := range pathRE.FindAllStringSubmatch(string(ch.SVG), -1) {
				lines = append(lines, m[2])
			}
			if strings.Join(lines, ",") != strings.Join(tt.lines, ",") {
				t.Errorf("lines %v, want %v", lines, tt.lines)
			}
			if tt.rows > 0 && ch.Table.Rows[0][0] != tt.firstDateRow {
				t.Errorf("first row %v", ch.Table.Rows[0])
			}
			if weekly := len(ch.Table.Head) == 3; tt.rows > 0 && weekly != tt.weekly {
				t.Errorf("weekly = %v, want %v", weekly, tt.weekly)
			}
		})
	}
}

// The unsorted input is drawn in date order, and the points lie inside
// the plot (0 at the bottom, 10 at the top).
func TestPainChartOrderAndScale(t *testing.T) {
	pts := []PainPoint{{Date: day0.AddDate(0, 0, 2), Before: ip(10)}, {Date: day0, Before: ip(0)}}
	ch := Pain("p", pts)
	if ch.Table.Rows[0][0] != "7 Sep 2026" || ch.Table.Rows[1][1] != "10" {
		t.Fatalf("rows %v", ch.Table.Rows)
	}
	m := pathRE.FindStringSubmatch(string(ch.SVG))
	// the plot runs from x 40 to 628; before is drawn 6 to the left
	if m == nil || m[1] != "M34 256 L622 14" {
		t.Errorf("before line %v", m)
	}
}

// One session with the same pain before and after draws two marks side
// by side (a circle left of the day, a square right of it), big enough
// to tell apart on a phone.
func TestPainMarkersDistinct(t *testing.T) {
	ch := Pain("p", []PainPoint{{Date: day0, Before: ip(4), After: ip(4)}})
	svg := string(ch.SVG)
	circle := regexp.MustCompile(`<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" class="dot dot-before"/>`).FindStringSubmatch(svg)
	square := regexp.MustCompile(`<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" class="dot dot-after"/>`).FindStringSubmatch(svg)
	if circle == nil || square == nil {
		t.Fatalf("markers missing:\n%s", svg)
	}
	cx, _ := strconv.ParseFloat(circle[1], 64)
	r, _ := strconv.ParseFloat(circle[3], 64)
	sx, _ := strconv.ParseFloat(square[1], 64)
	w, _ := strconv.ParseFloat(square[3], 64)
	if r < 5 || w < 10 {
		t.Errorf("markers too small: r %v, square %v", r, w)
	}
	if cx+r > sx {
		t.Errorf("before (x %v, r %v) and after (x %v..%v) overlap or are not before-left, after-right", cx, r, sx, sx+w)
	}
	if math.Abs(mustF(circle[2])-(mustF(square[2])+w/2)) > 0.1 {
		t.Errorf("equal scores at different heights: %v vs %v", circle[2], square[2])
	}
}

func mustF(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func TestAverage7(t *testing.T) {
	mk := func(day int, after *int) PainPoint { return PainPoint{Date: day0.AddDate(0, 0, day), After: after} }
	tests := []struct {
		name string
		pts  []PainPoint
		want []string // one decimal, "-" for none
	}{
		{"one", []PainPoint{mk(0, ip(4))}, []string{"4"}},
		{"window of seven days", []PainPoint{mk(0, ip(2)), mk(3, ip(4)), mk(6, ip(6)), mk(7, ip(8)), mk(13, ip(1))},
			[]string{"2", "3", "4", "6", "4.5"}},
		{"unanswered days do not count", []PainPoint{mk(0, nil), mk(1, ip(5)), mk(2, nil)}, []string{"-", "5", "5"}},
		{"a gap longer than the window", []PainPoint{mk(0, ip(9)), mk(30, nil)}, []string{"9", "-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			avg, ok := Average7(tt.pts)
			var got []string
			for i := range avg {
				if math.IsNaN(avg[i]) {
					t.Fatal("NaN")
				}
				if !ok[i] {
					got = append(got, "-")
				} else {
					got = append(got, one(avg[i]))
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMinutesBars(t *testing.T) {
	weeks := []WeekMinutes{{Label: "Week 1", Start: day0, Minutes: 0}, {Label: "Week 2", Start: day0.AddDate(0, 0, 7), Minutes: 150, Planned: 120}, {Label: "Week 3", Start: day0.AddDate(0, 0, 14), Minutes: 400}}
	ch := Minutes("m", weeks, 150)
	bars := barRE.FindAllStringSubmatch(string(ch.SVG), -1)
	if len(bars) != 3 || bars[0][1] != "" || bars[1][1] == "" || bars[2][1] == "" {
		t.Errorf("bars %v", bars)
	}
	if got := ch.Table.Rows[1]; strings.Join(got, "|") != "Week 2|14 Sep 2026|150|120|yes" {
		t.Errorf("row %v", got)
	}
	if ch.Table.Rows[0][3] != "–" || ch.Table.Rows[0][4] != "no" {
		t.Errorf("row %v", ch.Table.Rows[0])
	}
	if !strings.Contains(string(ch.SVG), "goal: 150 min") || !strings.Contains(string(ch.SVG), "550 in all, the goal reached in 2 weeks") {
		t.Error("no goal line or description")
	}
	if n := len(barRE.FindAllString(string(Minutes("m", minuteWeeks(157), 150).SVG), -1)); n != 157 {
		t.Errorf("three years: %d bars", n)
	}
}

func TestCalendarCells(t *testing.T) {
	for _, tt := range []struct {
		days, cells, rows int
		bands             int
	}{{1, 1, 1, 1}, {84, 84, 12, 1}, {400, 400, 58, 2}, {1100, 1100, 158, 4}} {
		ch := Calendar("c", calendarDays(tt.days))
		cells := cellRE.FindAllStringSubmatch(string(ch.SVG), -1)
		if tt.days > calTitlesUpTo {
			// one group per status, one square per day
			cells = make([][]string, strings.Count(string(ch.SVG), "h13v13h-13z"))
			if g := len(cellRE.FindAllString(string(ch.SVG), -1)); g != 4 {
				t.Errorf("%d days: %d status groups, want 4", tt.days, g)
			}
		}
		if len(cells) != tt.cells || len(ch.Table.Rows) != tt.rows {
			t.Errorf("%d days: %d cells, %d rows", tt.days, len(cells), len(ch.Table.Rows))
		}
		if n := strings.Count(string(ch.SVG), ">day 1<"); n != tt.bands {
			t.Errorf("%d days: %d bands, want %d", tt.days, n, tt.bands)
		}
	}
	ch := Calendar("c", calendarDays(7))
	if got := strings.Join(ch.Table.Rows[0], "|"); got != "1|7 Sep 2026|3|1|1|2" {
		t.Errorf("week 1 counts %s", got)
	}
	if !strings.Contains(string(ch.SVG), "<title>12 Sep 2026: missed</title>") {
		t.Error("a missed day has no tooltip")
	}
}

func TestOutcomeChange(t *testing.T) {
	ch := painOutcome.Draw([]Score{{"Week 2", 5}, {"Week 6", 3.5}})
	want := [][]string{{"Start", "6", "–"}, {"Week 2", "5", "−1"}, {"Week 6", "3.5", "−2.5"}}
	for i, r := range want {
		if strings.Join(ch.Table.Rows[i], "|") != strings.Join(r, "|") {
			t.Errorf("row %d: %v, want %v", i, ch.Table.Rows[i], r)
		}
	}
	if !strings.Contains(string(ch.SVG), "the latest is 3.5, a change of −2.5") {
		t.Error("description lacks the change")
	}
}

// Text given by people (activity names, labels) is escaped.
func TestTextIsEscaped(t *testing.T) {
	o := Outcome{ID: `x"><script>`, Title: `<b>&"`, Measure: "score", Max: 10}
	s := string(o.Draw([]Score{{`<img src=x onerror=alert(1)>`, 3}}).SVG)
	if strings.Contains(s, "<script>") || strings.Contains(s, "<img") || strings.Contains(s, "<b>") {
		t.Errorf("unescaped text: %s", s)
	}
	if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
		t.Errorf("escaped chart is not well-formed: %v", err)
	}
}

func TestTableHTMLEscapes(t *testing.T) {
	tb := Table{Caption: "A & B", Head: []string{"When", "<Score>"}, Rows: [][]string{{"Week 1", `"3"`}, {"<b>x</b>", "4"}}}
	want := "<table class=\"chart-table\"><caption>A &amp; B</caption><thead><tr><th scope=\"col\">When</th><th scope=\"col\">&lt;Score&gt;</th></tr></thead><tbody>\n" +
		"<tr><th scope=\"row\">Week 1</th><td>&#34;3&#34;</td></tr>\n<tr><th scope=\"row\">&lt;b&gt;x&lt;/b&gt;</th><td>4</td></tr>\n</tbody></table>"
	if got := string(tb.HTML()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
