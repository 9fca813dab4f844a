package progress

import "strings"

// Outcomes compare the weekly check-ins with the start: pain against the
// answer given when the plan was made (Change), the activities of the
// PSFS against the first check-in that scored them.
type Outcomes struct {
	Count int          `json:"count"` // check-ins so far
	Pain  PainOutcome  `json:"pain"`
	PSFS  *PSFSOutcome `json:"psfs"` // null until a check-in scores activities
}

// PainOutcome is pain at the latest check-in against the plan's start.
type PainOutcome struct {
	Baseline   int         `json:"baseline"`
	Latest     *int        `json:"latest"` // null before the first check-in
	Change     int         `json:"change"` // latest minus baseline: below 0 is better
	Meaningful bool        `json:"meaningful"`
	Series     []WeekScore `json:"-"`
}

// WeekScore is one check-in's score, by plan week.
type WeekScore struct {
	Week  int     `json:"week"`
	Value float64 `json:"value"`
}

// PSFSOutcome compares the latest check-in's activities with the same
// activities (by name, whatever the case) at the first check-in that
// scored any. The average is over the activities both scored, so that a
// changed choice of activities does not count as a change in them.
type PSFSOutcome struct {
	Scored     int              `json:"scored"`   // check-ins with activity scores
	Compared   int              `json:"compared"` // activities of the latest scored at the first too
	Baseline   float64          `json:"baseline_average"`
	Latest     float64          `json:"latest_average"`
	Change     float64          `json:"change"` // above 0 is better
	Meaningful bool             `json:"meaningful"`
	Activities []ActivityChange `json:"activities"`
	First      []PSFSActivity   `json:"-"` // the first scored check-in's activities: the baseline
	Series     []WeekScore      `json:"-"` // each check-in's average over the first check-in's activities
}

// ActivityChange is one activity of the latest check-in against the first.
type ActivityChange struct {
	Activity   string `json:"activity"`
	Baseline   *int   `json:"baseline"` // null when the first check-in did not score it
	Now        int    `json:"now"`
	Change     int    `json:"change"`
	Meaningful bool   `json:"meaningful"`
}

// Compare measures the check-ins against the start (painNow, the pain
// the plan was made with).
func Compare(painNow int, cs []Checkin) Outcomes {
	o := Outcomes{Count: len(cs), Pain: PainOutcome{Baseline: painNow}}
	for _, c := range cs {
		o.Pain.Series = append(o.Pain.Series, WeekScore{Week: c.Week, Value: float64(c.Pain)})
	}
	if len(cs) > 0 {
		latest := cs[len(cs)-1].Pain
		o.Pain.Latest = &latest
		o.Pain.Change, o.Pain.Meaningful = Change(painNow, latest)
	}
	var scored []Checkin
	for _, c := range cs {
		if len(c.PSFS) > 0 {
			scored = append(scored, c)
		}
	}
	if len(scored) == 0 {
		return o
	}
	first, last := scored[0].PSFS, scored[len(scored)-1].PSFS
	p := &PSFSOutcome{Scored: len(scored), Activities: []ActivityChange{}, First: first}
	for _, c := range scored {
		if avg, n := averageOver(c.PSFS, first); n > 0 {
			p.Series = append(p.Series, WeekScore{Week: c.Week, Value: avg})
		}
	}
	sumB, sumN, n := 0, 0, 0
	for _, act := range last {
		ac := ActivityChange{Activity: act.Activity, Now: act.Score}
		if b, ok := scoreOf(first, act.Activity); ok {
			ac.Baseline, ac.Change = &b, act.Score-b
			ac.Meaningful = len(scored) > 1 && ac.Change >= PSFSMeaningfulActivity
			sumB, sumN, n = sumB+b, sumN+act.Score, n+1
		}
		p.Activities = append(p.Activities, ac)
	}
	p.Compared = n
	if n > 0 {
		p.Baseline, p.Latest = float64(sumB)/float64(n), float64(sumN)/float64(n)
		p.Change = p.Latest - p.Baseline
		p.Meaningful = len(scored) > 1 && p.Change >= PSFSMeaningfulAverage
	}
	o.PSFS = p
	return o
}

// scoreOf is the score of the named activity.
func scoreOf(acts []PSFSActivity, name string) (int, bool) {
	for _, a := range acts {
		if strings.EqualFold(strings.TrimSpace(a.Activity), strings.TrimSpace(name)) {
			return a.Score, true
		}
	}
	return 0, false
}

// averageOver is the average score of the activities of acts that are
// also in of, and how many there were.
func averageOver(acts, of []PSFSActivity) (float64, int) {
	sum, n := 0, 0
	for _, a := range acts {
		if _, ok := scoreOf(of, a.Activity); ok {
			sum += a.Score
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(sum) / float64(n), n
}
