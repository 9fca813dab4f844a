package coach

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ChangeLibrary is the adjustment a library update makes to the weeks to
// come.
const ChangeLibrary = "library"

// Segment is what a plan follows from a date on: a library, and the
// profile and choices in force (nil: the previous segment's; for the
// first, AdaptAcross's profile and no choices). A settings change, a swap
// or a prescription starts a segment as a library update does.
type Segment struct {
	From    time.Time // the first plan day this segment lays out
	Library *Library
	Profile *Profile
	Choices *Choices
}

// AdaptAcross is Adapt for a plan that has lived through library
// updates. Segments are in date order; the first is the library the plan
// was made with, and its From is ignored (it holds from the start). Each
// day of the plan is laid out by the library in use on that day, so days
// already lived stay as they were; each update that changes this
// person's days to come adds a ChangeLibrary adjustment naming what
// changed. Everything else (advice, exclusions, referrals, the other
// adjustments) is the latest library's answer.
func AdaptAcross(p Profile, segs []Segment, h History) Result {
	segs = resolved(p, segs)
	pauseNewCautions(segs)
	n := len(segs) - 1
	last := AdaptWith(*segs[n].Profile, segs[n].Library, *segs[n].Choices, h)
	if last.Status != StatusPlan || n == 0 && len(segs[0].Choices.Swaps)+len(segs[0].Choices.Prescriptions) == 0 && sameSettings(p, *segs[0].Profile) {
		return last
	}
	start := dateOnly(h.Start)
	runs := make([]Result, len(segs))
	runs[n] = last
	for i := range n {
		runs[i] = AdaptWith(*segs[i].Profile, segs[i].Library, *segs[i].Choices, h)
	}
	out := last
	out.Weeks = slices.Clone(last.Weeks)
	var notes []Adjustment
	for i := 1; i < len(segs); i++ {
		from := max(0, int(dateOnly(segs[i].From).Sub(start).Hours()/24))
		if from >= PlanWeeks*7 {
			break
		}
		if segs[i].Library == segs[i-1].Library {
			continue
		}
		if a, ok := libraryChange(segs[i-1].Library, segs[i].Library, runs[i-1], runs[i], start, from); ok {
			notes = append(notes, a)
		}
	}
	for wi := range out.Weeks {
		w := out.Weeks[wi]
		w.Days = slices.Clone(w.Days)
		for di := range w.Days {
			n := dayIndex(w.Week, w.Days[di].Day)
			run := runs[segmentAt(segs, start, n)]
			if wi < len(run.Weeks) && di < len(run.Weeks[wi].Days) {
				w.Days[di] = run.Weeks[wi].Days[di]
			}
		}
		weekTotals(&w)
		out.Weeks[wi] = w
	}
	ramped := rampSettings(&out, segs, start, h)
	notes = append(notes, inputNotes(p, segs, out, start)...)
	if ramped {
		withRampNote(notes)
	}
	slices.SortStableFunc(notes, func(a, b Adjustment) int { return startDay(a) - startDay(b) })
	out.Excluded = swappedOut(out, segs[n], start)
	out.Adjustments = mergeAdjustments(last.Adjustments, notes)
	return out
}

// segmentAt is the index of the segment that lays out plan day n.
func segmentAt(segs []Segment, start time.Time, n int) int {
	at := 0
	for i := 1; i < len(segs); i++ {
		if int(dateOnly(segs[i].From).Sub(start).Hours()/24) <= n {
			at = i
		}
	}
	return at
}

// mergeAdjustments puts the library notes among the others, in plan-day
// order (a note goes after the changes of its own day).
func mergeAdjustments(adj, notes []Adjustment) []Adjustment {
	out := slices.Clone(adj)
	for _, a := range notes {
		at := len(out)
		for i, b := range out {
			if startDay(b) > startDay(a) {
				at = i
				break
			}
		}
		out = slices.Insert(out, at, a)
	}
	if out == nil {
		out = []Adjustment{}
	}
	return out
}

func startDay(a Adjustment) int { return dayIndex(a.Week, max(a.Day, 1)) }

// libraryChange compares what two libraries lay out for this person from
// plan day from on, and says what changed (false: nothing did).
func libraryChange(oldLib, newLib *Library, before, after Result, start time.Time, from int) (Adjustment, bool) {
	type dose struct{ sets, reps, hold, minutes int }
	doses := func(r Result) (map[string][]dose, []string) {
		m := map[string][]dose{}
		var order []string
		for _, w := range r.Weeks {
			for _, d := range w.Days {
				if dayIndex(w.Week, d.Day) < from {
					continue
				}
				for _, it := range d.Items {
					if _, ok := m[it.Exercise]; !ok {
						order = append(order, it.Exercise)
					}
					m[it.Exercise] = append(m[it.Exercise], dose{it.Sets, it.Reps, it.HoldSeconds, it.Minutes})
				}
			}
		}
		return m, order
	}
	was, wasOrder := doses(before)
	now, nowOrder := doses(after)
	var added, removed, changed []string
	for _, id := range nowOrder {
		switch d, ok := was[id]; {
		case !ok:
			added = append(added, exerciseName(newLib, id))
		case !slices.Equal(d, now[id]):
			changed = append(changed, exerciseName(newLib, id))
		}
	}
	for _, id := range wasOrder {
		if _, ok := now[id]; !ok {
			removed = append(removed, exerciseName(oldLib, id))
		}
	}
	if len(added)+len(removed)+len(changed) == 0 {
		return Adjustment{}, false
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "new in your plan: "+andList(added))
	}
	if len(removed) > 0 {
		parts = append(parts, "no longer in it: "+andList(removed))
	}
	if len(changed) > 0 {
		parts = append(parts, "a different dose: "+andList(changed))
	}
	a := Adjustment{Week: weekOf(from), Day: dayOf(from), Change: ChangeLibrary,
		Reason: fmt.Sprintf("The exercise library was updated (version %s → %s): from %s on, %s. "+
			"The days you have already lived stay as they were.", oldLib.Version(), newLib.Version(),
			dayName(start.AddDate(0, 0, from).Format(time.DateOnly)), strings.Join(parts, "; "))}
	if a.Day == 1 {
		a.Day = 0
	}
	return a, true
}

func exerciseName(lib *Library, id string) string {
	if e, ok := lib.Get(id); ok {
		return lowerName(e)
	}
	return id
}
