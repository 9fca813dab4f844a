package coach

import "fmt"

// The walk-run path back to running (issue 15: the runner got no way
// back to running). Walk-run intervals are the harder step of brisk
// walking: for someone who was active before, with mild pain (3 or less),
// no leg symptoms and not pregnant (eligibility; docs/clinical-rules.md R10), they take the
// walking days' place from week 5, after four weeks of walking. Each
// 5-minute block has 1 minute of easy running in weeks 5 and 6, 2 in
// weeks 7 and 8, 3 in weeks 9 and 10 and 4 in weeks 11 and 12: the
// session's minutes do not change, only their running share, so the
// weekly growth limits hold (clinical.md 5.4: graded running, no more
// than about 30% more over two weeks; 4.9: high impact is "caution,
// build up" in chronic pain).

// WalkRunWeek is the first week of walk-run intervals.
const WalkRunWeek = 5

// WalkRunBlock is the length of one walk-run block, in minutes.
const WalkRunBlock = 5

// walkRunFor is the walk-run step of aer, when aer is brisk walking and
// the step is allowed; otherwise aer. Marked too painful, in short bouts
// or excluded by the logs, walking stays walking; after spreading, it
// comes in only if it was already done (nothing new, A6).
func (b *builder) walkRunFor(aer *Exercise, week int) *Exercise {
	if aer.ID != "brisk-walking" || aer.Harder == "" || week < WalkRunWeek || b.noProgress[aer.ID] || b.painfulBout[aer.ID] > 0 || b.intervalWalking() {
		return aer
	}
	wr, ok := b.lib.Get(aer.Harder)
	if !ok || wr.Avoid {
		return aer
	}
	_, out := b.out[wr.ID]
	_, marked := b.swap[wr.ID]
	if _, done := b.firstWeek[wr.ID]; out || marked || b.noNew && !done {
		return aer
	}
	return wr
}

// runMinutes is the running minutes in each block for the week.
func runMinutes(week int) int {
	return min(WalkRunBlock-1, 1+(week-WalkRunWeek)/2)
}

func whyWalkRun(week int) string {
	run := runMinutes(week)
	unit := "minutes"
	if run == 1 {
		unit = "minute"
	}
	return fmt.Sprintf("Your way back to running: in each %d-minute block, run easily for %d %s and walk briskly for the rest. "+
		"The running part grows every two weeks while your back takes it well; if a session breaks the pain rule, walk the next one instead. "+
		"It counts toward 150 moderate minutes a week (WHO 2020).", WalkRunBlock, run, unit)
}
