package web

import (
	"fmt"
	"strings"

	"supple/internal/coach"
)

// profileAnswers words every answer behind a plan, in the order /start
// asks them, as question (Value) and answer (Label): no stored code
// ("disc_herniation") reaches the page.
func profileAnswers(p coach.Profile) []Option {
	p = p.Normal()
	legs := labelOf(legPainOptions, p.LegPain)
	if p.LegPain == "both_legs" && p.BothLegsOnset != "" {
		legs += ". " + labelOf(bothLegsOnsetOptions, p.BothLegsOnset)
	}
	cleared := "No"
	if p.ClearedByClinician {
		cleared = "Yes: a clinician has checked the warning signs and cleared me to exercise"
	}
	pregnant := "No"
	if p.PregnancyWeeks > 0 {
		pregnant = fmt.Sprintf("Yes, %d %s", p.PregnancyWeeks, plural(p.PregnancyWeeks, "week", "weeks"))
	}
	out := []Option{
		{"Age", itoa(p.Age)},
		{"Pregnant", pregnant},
		{"Pain when you answered", itoa(p.PainNow) + " out of 10"},
		{"How long this episode had lasted", fmt.Sprintf("%d %s", p.DurationWeeks, plural(p.DurationWeeks, "week", "weeks"))},
		{"Pain in the legs", legs},
		{"Checked by a doctor or physical therapist", cleared},
		{"What makes the pain worse", labelsOf(movementOptions, p.WorseWith, "nothing in particular")},
		{"What eases it", labelsOf(movementOptions, p.BetterWith, "nothing in particular")},
		{"Conditions a doctor has told you about", labelsOf(conditionOptions, p.Conditions, "none")},
	}
	out = append(out, bodyAnswers(p)...)
	out = append(out, Option{"How active you are", labelOf(activityOptions, p.ActivityLevel)})
	if p.ActivityLevel == "active" || p.ActivityLevel == "moderate" { // asked of moderately active and active people (rule V5; clinical review 3, L7)
		ran := "No: the plan keeps to brisk walking rather than running"
		switch {
		case p.RanBefore && p.ActivityLevel == "moderate":
			ran = "Yes: once you are active again, the plan can include a gentle way back to running"
		case p.RanBefore:
			ran = "Yes: with mild pain, the plan can include a gentle way back to running"
		}
		out = append(out, Option{"Ran before this back pain", ran})
	}
	return append(out,
		Option{"What you can use", labelsOf(accessOptions, p.Access, "none of these: exercises at home only")},
		Option{"Time", fmt.Sprintf("up to %d minutes a day, %d %s a week", p.MinutesPerDay, p.DaysPerWeek, plural(p.DaysPerWeek, "day", "days"))},
	)
}

// labelsOf words a list of answers, in the order given, or none when
// the list is empty.
func labelsOf(opts []Option, values []string, none string) string {
	if len(values) == 0 {
		return none
	}
	words := make([]string, len(values))
	for i, v := range values {
		words[i] = labelOf(opts, v)
	}
	return strings.Join(words, "; ")
}
