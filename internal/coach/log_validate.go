package coach

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"supple/internal/validate"
)

// ValidateLog is the one check of a log's own values, whichever way it
// arrived (the API's JSON, a web form, an import): kind, plan week and
// day, dates, pain scores 0-10, leg symptoms, warning signs, items and
// the note (validate.Text, multiline, at most MaxNoteRunes). Errors name
// the field, as in "pain_after" or "items[2].minutes". Whether the log
// fits the member's plan is CheckLog's and CheckLogAgainstPlan's
// question. The progress service calls it before it stores a log.
func ValidateLog(l Log) validate.Errors {
	var e validate.Errors
	if l.Kind != KindSession && l.Kind != KindActivity {
		e.Add("kind", "kind must be session or activity")
	}
	planDay := func(v int, name string, hi int) {
		if (v != 0 || l.Kind == KindSession) && (v < 1 || v > hi) {
			e.Add(name, fmt.Sprintf("%s must be from %d to %d, not %d", name, 1, hi, v))
		}
	}
	planDay(l.Week, "week", PlanWeeks)
	planDay(l.Day, "day", 7)
	for _, p := range []struct {
		v    *int
		name string
	}{{l.PainBefore, "pain_before"}, {l.PainDuring, "pain_during"}, {l.PainAfter, "pain_after"}, {l.PainNextMorning, "pain_next_morning"}} {
		if p.v != nil && (*p.v < 0 || *p.v > 10) {
			e.Add(p.name, fmt.Sprintf("%s must be from 0 (no pain) to 10 (worst imaginable), not %d", p.name, *p.v))
		}
	}
	day := func(v, name string, required bool) {
		if v == "" && !required {
			return
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			e.Add(name, fmt.Sprintf("%s must be a day as YYYY-MM-DD, not %q", name, v))
		}
	}
	day(l.Date, "date", true)
	day(l.Recorded, "recorded", false)
	day(l.MorningRecorded, "morning_recorded", false)
	if !slices.Contains(LegSymptomValues, l.LegSymptoms) {
		e.Add("leg_symptoms", "leg_symptoms must be one of "+strings.Join(LegSymptomValues, ", "))
	}
	flags := append(slices.Clone(EmergencyFlags), UrgentFlags...)
	for _, f := range l.RedFlags {
		if !slices.Contains(flags, f) {
			e.Add("red_flags", fmt.Sprintf("red_flags: %q is not one of %s", f, strings.Join(flags, ", ")))
			break
		}
	}
	if len(l.Items) > MaxLogItems {
		e.Add("items", fmt.Sprintf("items: a session has at most %d items", MaxLogItems))
	}
	for i, it := range l.Items {
		e = append(e, validateItem(it, fmt.Sprintf("items[%d]", i))...)
	}
	if l.Kind == KindActivity {
		// An activity is logged because it was done: it lasted at least a
		// minute (a session's item may be done without its minutes).
		for i, it := range l.Items {
			if it.Done && it.Minutes == 0 {
				e.Add(fmt.Sprintf("items[%d].minutes", i), "minutes must be from 1 to 600 for an activity that was done")
			}
		}
	}
	if l.Kind == KindActivity && len(l.Items) == 0 {
		e.Add("items", "an activity log needs at least one item, such as {\"exercise\": \"cycling\", \"minutes\": 25, \"done\": true}")
	}
	validate.Text(&e, "note", l.Note, MaxNoteRunes, true)
	return e
}

// MaxLogItems is the most items one log holds.
const MaxLogItems = 40

// validateItem checks one item of a log; name is its field ("items[2]").
func validateItem(it LogItem, name string) validate.Errors {
	var e validate.Errors
	switch {
	case it.Exercise == "" || len(it.Exercise) > 64 || validate.TextProblem(it.Exercise, false) != "":
		e.Add(name+".exercise", "exercise is required: an exercise id such as brisk-walking")
	case it.Minutes < 0 || it.Minutes > 600:
		e.Add(name+".minutes", fmt.Sprintf("minutes must be from 0 to 600, not %d", it.Minutes))
	case it.Skipped != "" && it.Skipped != "skipped" && it.Skipped != "too_painful":
		e.Add(name+".skipped", "skipped must be skipped or too_painful")
	}
	return e
}
