package coach

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// what names what a log was about: "the session on Tuesday 13 October",
// or "your cycling on Tuesday 13 October" for outside activity.
func (a *adapter) what(l Log) string {
	if l.Kind == KindActivity && len(l.Items) > 0 {
		name := l.Items[0].Exercise
		if e, ok := a.b.lib.Get(name); ok {
			name = strings.ToLower(e.Name)
		}
		return fmt.Sprintf("your %s on %s", name, dayName(l.Date))
	}
	return "the session on " + dayName(l.Date)
}

func (a *adapter) painWords(l Log) string {
	when := a.what(l)
	if w := a.severeWords(l, when); w != "" {
		return w
	}
	if l.highBefore() {
		b := *l.PainBefore
		switch {
		case l.PainAfter != nil && *l.PainAfter >= b+HighPainRise:
			return fmt.Sprintf("your pain rose from %d/10 before to %d/10 after %s", b, *l.PainAfter, when)
		case l.PainDuring != nil && *l.PainDuring >= b+HighPainRise:
			return fmt.Sprintf("your pain rose from %d/10 before to %d/10 during %s", b, *l.PainDuring, when)
		case l.PainNextMorning != nil:
			return fmt.Sprintf("the morning after %s your pain was %d/10, above the %d/10 you started with", when, *l.PainNextMorning, b)
		}
	}
	switch {
	case l.PainDuring != nil && *l.PainDuring > 5 && (l.PainAfter == nil || *l.PainDuring >= *l.PainAfter):
		return fmt.Sprintf("your pain reached %d/10 during %s", *l.PainDuring, when)
	case l.PainAfter != nil && *l.PainAfter > 5:
		return fmt.Sprintf("your pain reached %d/10 after %s", *l.PainAfter, when)
	case l.PainNextMorning != nil && l.PainBefore != nil && *l.PainNextMorning-*l.PainBefore >= 2:
		return fmt.Sprintf("the morning after %s your pain was %d/10, %d points above the %d/10 you started with", when, *l.PainNextMorning, *l.PainNextMorning-*l.PainBefore, *l.PainBefore)
	case l.PainNextMorning != nil:
		return fmt.Sprintf("the morning after %s your pain was still %d/10", when, *l.PainNextMorning)
	}
	return "your pain went above the limit after " + when
}

// severeWords names severe pain, or resting pain well above the
// baseline, or is empty.
func (a *adapter) severeWords(l Log, when string) string {
	before, morning := a.aboveBaseline(l)
	switch {
	case atLeast(l.PainDuring, SevereDuring):
		return fmt.Sprintf("your pain reached %d/10 during %s, severe pain", *l.PainDuring, when)
	case atLeast(l.PainAfter, SevereDuring):
		return fmt.Sprintf("your pain reached %d/10 after %s, severe pain", *l.PainAfter, when)
	case atLeast(l.PainBefore, SevereResting) || before:
		return fmt.Sprintf("your pain was %d/10 before %s, well above the %d/10 you had when the plan began", *l.PainBefore, when, a.b.p.PainNow)
	case atLeast(l.PainNextMorning, SevereResting) || morning:
		return fmt.Sprintf("the morning after %s your pain was %d/10, well above the %d/10 you had when the plan began", when, *l.PainNextMorning, a.b.p.PainNow)
	}
	return ""
}

func (a *adapter) worseWords(l Log) string {
	when := a.what(l)
	switch {
	case l.LegSymptoms == "further_down" && l.NewNumbnessOrWeakness:
		return "your leg symptoms spread further down the leg and you noticed new numbness or weakness after " + when
	case l.NewNumbnessOrWeakness:
		return "you noticed new numbness or weakness after " + when
	}
	return "your leg symptoms spread further down the leg after " + when
}

// dayName is "Tuesday 1 December" for a YYYY-MM-DD date.
func dayName(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.Format("Monday 2 January")
}

// lowerName is an exercise's name inside a sentence: "bird dog".
func lowerName(e *Exercise) string {
	if e.Name == "" {
		return e.ID
	}
	return strings.ToLower(e.Name[:1]) + e.Name[1:]
}

func itoa(n int) string { return strconv.Itoa(n) }

// andList joins names as "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
