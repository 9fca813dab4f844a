package coach

import "fmt"

// The walk-run path back to running (issue 15: the runner got no way
// back to running). Walk-run intervals are the harder step of brisk
// walking: for someone who was active before, with mild pain (3 or less),
// no leg symptoms and not pregnant (eligibility; docs/clinical-rules.md R10), they take the
// walking days' place from week 5, after four weeks of walking. Each
// 5-minute block starts with 1 minute of easy running, a quarter more
// every two weeks (WalkRunSeconds); the session's minutes keep to the
// weekly growth limits (P3), so running time grows by less than 30% over
// two weeks (clinical.md 5.4: graded running; 4.9: high impact is
// "caution, build up" in chronic pain).

// WalkRunWeek is the first week of walk-run intervals.
const WalkRunWeek = 5

// WalkRunBlock is the length of one walk-run block, in minutes.
const WalkRunBlock = 5

// walkRunFor is the walk-run step of aer, when aer is brisk walking, the
// step is allowed and day is a running day (runDay); otherwise aer. Marked too painful, in short bouts
// or excluded by the logs, walking stays walking; after spreading, it
// comes in only if it was already done (nothing new, A6).
func (b *builder) walkRunFor(aer *Exercise, week, day int) *Exercise {
	if aer.ID != "brisk-walking" || aer.Harder == "" || week < WalkRunWeek || !runDay(b.active, day, week) || b.noProgress[aer.ID] || b.painfulBout[aer.ID] > 0 || b.intervalWalking() {
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

// WalkRunSeconds is the running time in each block for the week: 60
// seconds in weeks 5 and 6, then a quarter more every two weeks, in
// whole 15 seconds (75, 90, 105), so that the running time grows by less
// than 30% over two weeks (clinical.md 5.4; Nielsen 2014).
func WalkRunSeconds(week int) int {
	r := 60
	for range max(0, (week-WalkRunWeek)/2) {
		r = r * 5 / 4 / 15 * 15
	}
	return r
}

// runWords says a running time in words: "1 minute", "1 minute 15 seconds".
func runWords(sec int) string {
	m, s := sec/60, sec%60
	words := fmt.Sprintf("%d minute", m)
	if m != 1 {
		words += "s"
	}
	if s > 0 {
		words += fmt.Sprintf(" %d seconds", s)
	}
	return words
}

func whyWalkRun(week int) string {
	return fmt.Sprintf("Your way back to running: in each %d-minute block, run easily for %s and walk briskly for the rest. "+
		"The running part grows a little every two weeks while your back takes it well; if a session breaks the pain rule, walk the next one instead. "+
		"It counts toward 150 moderate minutes a week (WHO 2020).", WalkRunBlock, runWords(WalkRunSeconds(week)))
}

// ranWithin reports whether a walk-run session of minutes fits the
// week's running: less than 30% more than the more of the two weeks
// before (clinical.md 5.4; Nielsen 2014), and counts it when it does.
// The first week with running has nothing to compare with.
func (b *builder) ranWithin(minutes, week int) bool {
	if b.planning {
		return true
	}
	run := max(1, minutes/WalkRunBlock) * WalkRunSeconds(week)
	before := 0
	for _, r := range b.ran[max(0, len(b.ran)-2):] {
		before = max(before, r)
	}
	if before > 0 && (b.ranNow+run)*10 > before*13 {
		return false
	}
	b.ranNow += run
	return true
}

// runDay says whether an active day may be a running day: the active
// days taken in order, each one the day after the last running day
// skipped, so that running days are never consecutive and walking fills
// the days between (rule V5; clinical.md 5.4, Nielsen 2014: consecutive
// impact days are the overload pattern of a return to running). At most
// WalkRunDays(week) a week; day 7 is not one when day 1 is, since it runs
// into the next week's day 1.
func runDay(active []int, day, week int) bool {
	last, n, first := -1, 0, 0
	for _, d := range active {
		if d == last+1 || d == 7 && first == 1 {
			continue
		}
		if n == WalkRunDays(week) {
			return false
		}
		if n == 0 {
			first = d
		}
		if d == day {
			return true
		}
		last, n = d, n+1
	}
	return false
}

// WalkRunDays is how many running days a week may have: 3 in weeks 5 to
// 8, then 4 (clinical review 2, M4; rule V5), brisk walking on the others.
func WalkRunDays(week int) int {
	if week <= 8 {
		return 3
	}
	return 4
}
