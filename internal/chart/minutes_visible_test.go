package chart

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMinutesAfterTheFirstSessionCanBeSeen: one short week on a scale
// that reaches the 150-minute goal was a sliver of a bar. The week now
// shows its planned minutes as an outline, a bar of at least minBar and
// its number.
func TestMinutesAfterTheFirstSessionCanBeSeen(t *testing.T) {
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	svg := string(Minutes("m", []WeekMinutes{{Label: "Week 1", Start: start, Minutes: 3, Planned: 60}}, 150).SVG)
	bar := regexp.MustCompile(`<rect [^>]*height="([0-9.]+)" class="bar"/>`).FindStringSubmatch(svg)
	if bar == nil {
		t.Fatalf("no bar:\n%s", svg)
	}
	if h, _ := strconv.ParseFloat(bar[1], 64); h < minBar {
		t.Errorf("the bar is %v px high, want at least %d", h, minBar)
	}
	if !strings.Contains(svg, `class="planned"/>`) {
		t.Error("no outline of the planned minutes")
	}
	if !strings.Contains(svg, `class="value bar-value">3</text>`) {
		t.Error("the bar does not carry its number")
	}
	var many []WeekMinutes
	for i := range maxLabelledBars + 1 {
		many = append(many, WeekMinutes{Label: "w", Start: start.AddDate(0, 0, 7*i), Minutes: 20})
	}
	if svg := string(Minutes("m", many, 150).SVG); strings.Contains(svg, "bar-value") {
		t.Error("numbers on more bars than fit")
	}
}
