package coach

import (
	"fmt"

	"supple/internal/validate"
)

// CheckLogAgainstPlan refuses a session log that contradicts the plan
// of its day (res, the plan as adapted to the other logs): a rest day,
// the same exercise listed twice, an item both done and skipped, or an
// exercise skipped or marked too painful that was not planned that day.
// An exercise done in place of a planned one is accepted (people may
// swap in an exercise they prefer). Errors name the item, as in
// "items[2].exercise". Activity logs are not checked against the plan.
func CheckLogAgainstPlan(l Log, res Result) validate.Errors {
	var e validate.Errors
	if l.Kind != KindSession {
		return nil
	}
	if res.Status != StatusPlan || l.Week < 1 || l.Week > len(res.Weeks) || l.Day < 1 || l.Day > 7 {
		e.Add("week", fmt.Sprintf("week %d is not in your plan", l.Week))
		return e
	}
	day := res.Weeks[l.Week-1].Days[l.Day-1]
	if day.Rest {
		e.Add("day", fmt.Sprintf("week %d, day %d is a rest day in your plan; log what you did there as an activity (kind \"activity\")", l.Week, l.Day))
		return e
	}
	planned := map[string]bool{}
	for _, it := range day.Items {
		planned[it.Exercise] = true
	}
	seen := map[string]int{}
	for i, it := range l.Items {
		name := fmt.Sprintf("items[%d]", i)
		if j, ok := seen[it.Exercise]; ok {
			e.Add(name+".exercise", fmt.Sprintf("%s is listed twice, in items[%d] and items[%d]; list each exercise once", it.Exercise, j, i))
			continue
		}
		seen[it.Exercise] = i
		switch {
		case it.Done && it.Skipped != "":
			e.Add(name+".skipped", fmt.Sprintf("%s cannot be both done and %s; send done false with skipped, or done true without it", it.Exercise, words(it.Skipped)))
		case it.Skipped != "" && !planned[it.Exercise]:
			e.Add(name+".exercise", fmt.Sprintf("%s was not in your plan on week %d, day %d, so it cannot be %s; list only that day's exercises as skipped or too painful",
				it.Exercise, l.Week, l.Day, map[string]string{"skipped": "skipped", "too_painful": "marked too painful"}[it.Skipped]))
		}
	}
	return e
}
