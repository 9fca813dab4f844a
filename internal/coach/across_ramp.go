package coach

import (
	"strings"
	"time"
)

// rampSettings keeps a change of days or minutes within the plan's growth
// rule (rule V3, with P3): from the first settings change on, no week
// takes more than a fifth, or 10 minutes, above the highest week laid out
// before it. A week over that limit is laid out again with fewer minutes
// a day (its days before the change keep theirs), so the plan climbs to
// the new time over the coming weeks; fewer minutes apply at once, since
// they are never over the limit. It says whether any week was held back.
func rampSettings(out *Result, segs []Segment, start time.Time, h History) bool {
	first := 0
	for i := 1; i < len(segs) && first == 0; i++ {
		if !sameSettings(*segs[i-1].Profile, *segs[i].Profile) {
			first = i
		}
	}
	if first == 0 {
		return false
	}
	changeDay := max(0, int(dateOnly(segs[first].From).Sub(start).Hours()/24))
	type key struct{ seg, minutes int }
	cache := map[key]Result{}
	ramped, highest := false, 0
	for wi := range out.Weeks {
		w := &out.Weeks[wi]
		if dayIndex(w.Week, 7) < changeDay {
			highest = max(highest, w.TotalMinutes)
			continue
		}
		limit := max(highest*6/5, highest+10)
		s := segmentAt(segs, start, dayIndex(w.Week, 7))
		q := *segs[s].Profile
		for m := q.MinutesPerDay; w.TotalMinutes > limit && m > 1; {
			m = max(1, min(m-1, m*limit/max(1, w.TotalMinutes)))
			k := key{s, m}
			run, ok := cache[k]
			if !ok {
				qm := q
				qm.MinutesPerDay = m
				run = AdaptWith(qm, segs[s].Library, *segs[s].Choices, h)
				cache[k] = run
			}
			if wi >= len(run.Weeks) {
				break
			}
			for di := range w.Days {
				if n := dayIndex(w.Week, w.Days[di].Day); n >= changeDay && segmentAt(segs, start, n) == s && di < len(run.Weeks[wi].Days) {
					w.Days[di] = run.Weeks[wi].Days[di]
				}
			}
			weekTotals(w)
			ramped = true
		}
		highest = max(highest, w.TotalMinutes)
	}
	return ramped
}

// weekTotals sums a week's minutes again from its days.
func weekTotals(w *Week) {
	w.TotalMinutes, w.ModerateMinutes = 0, 0
	for _, d := range w.Days {
		for _, it := range d.Items {
			w.TotalMinutes += it.Minutes
			if it.Block == Aerobic {
				w.ModerateMinutes += it.Minutes
			}
		}
	}
}

// rampNote is what the settings adjustment adds when rampSettings held a
// week back.
const rampNote = " Your plan builds up to your new time over the coming weeks, by at most a fifth (or 10 minutes) a week, so that the extra load comes on gradually."

// withRampNote adds rampNote to the first settings adjustment.
func withRampNote(notes []Adjustment) {
	for i := range notes {
		if notes[i].Change == ChangeSettings && !strings.HasSuffix(notes[i].Reason, rampNote) {
			notes[i].Reason += rampNote
			return
		}
	}
}
