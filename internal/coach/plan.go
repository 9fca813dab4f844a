package coach

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// PlanWeeks is the length of a plan (clinical.md 5.6).
const PlanWeeks = 12

// ModerateGoal is the weekly moderate-activity target (WHO 2020).
const ModerateGoal = 150

// MinWalk is the shortest aerobic bout planned, in minutes: after a
// flare or on a short day, walking stays as a short bout rather than
// going (clinical.md 5.5: reduce, don't stop; short frequent walks).
const MinWalk = 2

// activePatterns spread the active days of a week so that rest falls
// between them; index = number of active days (at most 6: one rest day).
var activePatterns = [][]int{nil, {1}, {1, 4}, {1, 3, 5}, {1, 2, 4, 6}, {1, 2, 3, 5, 6}, {1, 2, 3, 4, 5, 6}}

// Plan screens the profile and, when no red flag refers the person
// elsewhere, builds a 12-week plan. It is pure and deterministic.
func Plan(p Profile, lib *Library) Result { return PlanWith(p, lib, Choices{}) }

// PlanWith is Plan obeying the member's swaps and a clinician's
// prescriptions (choices_apply.go).
func PlanWith(p Profile, lib *Library, ch Choices) Result {
	if ref := Screen(p); ref != nil {
		return Result{Status: StatusReferred, Referral: ref, Advice: referralAdvice(ref), Excluded: []Excluded{}, Adjustments: []Adjustment{}}
	}
	c := Classify(p)
	b := newBuilder(p, lib, c, ch)
	b.schedule()
	return Result{Status: StatusPlan, Advice: b.advice(), Classification: &c, Weeks: b.weeks, Excluded: b.excluded(), Adjustments: []Adjustment{}}
}

type builder struct {
	p       Profile
	lib     *Library
	c       Classification
	out     map[string]exclusion
	allowed map[Block][]*Exercise
	notes   []string
	weeks   []Week

	active      []int
	strengthDay map[int]bool
	balanceDay  map[int]bool
	gentleStart bool
	light       bool
	highest     int // the most minutes of any week laid out so far

	// Set by the adapter from what the logs report; the zero values
	// give the plan as made.
	swap       map[string]string // marked too painful: its easier version for now ("" = left out)
	noProgress map[string]bool   // marked too painful: never made harder
	dirReady   bool              // the directional harder step is allowed (clinical.md 3.4)
	walkBout   int               // with stenosis, the longest walking bout in minutes (0: 5)
	itemCap    map[string]int    // after a flare or spreading, the longest each item was done before (nil: none)
	// painfulBout: the only aerobic option, marked too painful, stays in
	// bouts of at most this many minutes.
	painfulBout map[string]int
	// trim keeps mobility and strength lean so that a budget of about 200
	// minutes a week reaches 150 moderate minutes (WHO 2020).
	trim trimming
	// firstWeek is the week each exercise first came into the plan;
	// planning (laying out a week 12 to size the weeks) counts every
	// exercise as in the plan from week 3.
	firstWeek map[string]int
	planning  bool
	noNew     bool // set by the adapter: only exercises already done come in (A6)
	// ran is the running seconds of each week laid out (walk-run), ranNow
	// those of the week being laid out.
	ran    []int
	ranNow int

	member map[string]string // the member's swaps: exercise -> alternative (choices_apply.go)
	added  []addedItem       // exercises a clinician added, at their dose
	// rxLimits name the clinicians' prescriptions that can leave a plan
	// without aerobic work (a weekly cap, an excluded aerobic exercise),
	// for the advice (clinical review 2, L8, L9).
	rxLimits []string
	// rxBalance name the clinicians' exclusions of balance exercises,
	// which can leave a plan without balance work (clinical review 4, N3).
	rxBalance []string
}

// progressionOnly: an aerobic exercise with an easier step (walk-run
// intervals) is reached from it, never chosen directly (walkRunFor).
func progressionOnly(e *Exercise) bool { return e.Block == Aerobic && e.Easier != "" }

func newBuilder(p Profile, lib *Library, c Classification, ch Choices) *builder {
	b := &builder{p: p, lib: lib, c: c, out: eligibility(p, lib, c), allowed: map[Block][]*Exercise{},
		swap: map[string]string{}, noProgress: map[string]bool{}, painfulBout: map[string]int{}, firstWeek: map[string]int{}}
	b.prescribe(ch)
	for _, blk := range []Block{Mobility, Strength, Balance, Aerobic} {
		b.allowed[blk] = b.pool(blk)
	}
	b.active = activePatterns[min(p.DaysPerWeek, 6)]
	b.strengthDay = map[int]bool{}
	for _, d := range strengthDays(b.active) {
		b.strengthDay[d] = true
	}
	b.balanceDay = map[int]bool{}
	for i, d := range b.active {
		if i < 3 || len(b.active) <= 3 {
			b.balanceDay[d] = true
		}
	}
	b.gentleStart = p.PainNow >= 7 || (c.Duration == Acute && p.PainNow >= 6)
	b.trimForModerate()
	return b
}

// pool lists the block's plannable exercises, best first. When the rules
// leave nothing, neutral exercises that were only rated "caution" are let
// back in (clinical.md section 9: fall back to neutral options).
func (b *builder) pool(blk Block) []*Exercise {
	var list []*Exercise
	for _, e := range b.lib.All() {
		if e.Block == blk && !e.Avoid && !progressionOnly(e) {
			if _, out := b.out[e.ID]; !out {
				list = append(list, e)
			}
		}
	}
	if len(list) == 0 {
		for _, e := range b.lib.All() {
			x, out := b.out[e.ID]
			if e.Block == blk && !e.Avoid && !progressionOnly(e) && out && x.soft && e.Tags.Direction == "neutral" && !e.Tags.EndRange {
				delete(b.out, e.ID)
				list = append(list, e)
				if note := fmt.Sprintf("%s is in your plan as a neutral option although it needs care with your conditions: keep it small and comfortable, and ask a physical therapist to check it.", e.Name); !slices.Contains(b.notes, note) {
					b.notes = append(b.notes, note)
				}
			}
		}
	}
	cols := ratingColumns(b.p, b.c)
	score := func(e *Exercise) int {
		s := 0
		for _, c := range cols {
			if e.RatingFor(c) == Prefer {
				s += 2
			}
		}
		switch {
		case e.Tags.Direction == b.c.Direction && b.c.Direction != Neutral:
			s += 3
		case e.Tags.Direction == "neutral":
			s++
		}
		if e.Tags.EndRange {
			s--
		}
		if blk == Aerobic {
			s += aerobicBonus(b.p, e)
		}
		s += b.bodyBonus(e)
		return s
	}
	sort.SliceStable(list, func(i, j int) bool { return score(list[i]) > score(list[j]) })
	if blk == Aerobic {
		landSecond(list)
	}
	return list
}

func aerobicBonus(p Profile, e *Exercise) int {
	switch {
	case e.ID == "cycling" && has(p.Conditions, "spinal_stenosis"):
		return 5 // clinical.md 4.2: cycling is better tolerated than upright walking
	case e.ID == "brisk-walking":
		return 1 // needs nothing, safe for nearly everyone
	}
	return 0
}

// strengthDays picks two (three with five or more active days)
// non-consecutive active days.
func strengthDays(active []int) []int {
	var days []int
	want := 2
	if len(active) >= 5 {
		want = 3
	}
	for _, d := range active {
		if len(days) == want {
			break
		}
		if len(days) == 0 || d-days[len(days)-1] >= 2 {
			days = append(days, d)
		}
	}
	return days
}

// startDaily is the first week's minutes a day: below tolerance
// (clinical.md 5.3): about 10 minutes for sedentary people or high pain.
func (b *builder) startDaily() int {
	d := map[string]int{"sedentary": 10, "light": 15, "moderate": 20, "active": 25}[b.p.ActivityLevel]
	if b.p.PainNow >= 7 {
		d = 10
	}
	if b.gentleStart {
		d = min(d, 15)
	}
	return min(d, b.p.MinutesPerDay)
}

// weeklyTargets sets each week's total minutes: from the start, up by at
// most 20% or 10 minutes (whichever is larger) over the highest earlier
// week, toward 150 moderate minutes plus the other blocks by week 12, or
// what the time budget allows. Weeks 4 and 8 are lighter when the goal is
// still reached by week 12 (clinical.md 5.3-5.4).
func (b *builder) weeklyTargets() []int {
	n := len(b.active)
	capacity := n * b.p.MinutesPerDay
	goal := min(capacity, ModerateGoal+b.nonAerobicPerWeek())
	t := make([]int, PlanWeeks+1)
	t[1] = b.startDaily() * n
	highest := t[1]
	high := make([]int, PlanWeeks+1) // high[k]: the highest of weeks 1..k
	high[1] = t[1]
	for w := 2; w <= PlanWeeks; w++ {
		next := min(goal, capacity, maxStep(highest))
		if w >= 3 {
			// Keep within 30% (or 20 minutes) over two weeks (clinical.md
			// 5.4), unless that would miss the goal by week 12.
			gentle := min(next, high[w-2]+max(int(math.Floor(float64(high[w-2])*0.3)), 20))
			if reachesWithin(max(highest, gentle), goal, PlanWeeks-w) {
				next = gentle
			}
		}
		next = max(next, t[1])
		high[w] = max(high[w-1], next)
		if (w == 4 || w == 8) && reachesWithin(highest, goal, PlanWeeks-w) {
			light := int(math.Round(float64(highest) * 0.8))
			if light < next {
				t[w] = max(light, t[1])
				continue
			}
		}
		t[w] = next
		highest = max(highest, next)
	}
	return t
}

func maxStep(highest int) int {
	return highest + max(int(math.Floor(float64(highest)*0.2)), 10)
}

// reaches reports whether growth from highest reaches goal in weeks weeks,
// keeping to both the weekly and the two-week limit.
func reachesWithin(highest, goal, weeks int) bool {
	prev2, prev := highest, highest
	for range weeks {
		next := min(goal, maxStep(prev), prev2+max(int(math.Floor(float64(prev2)*0.3)), 20))
		prev2, prev = prev, max(prev, next)
	}
	return prev >= goal
}

// nonAerobicPerWeek is what mobility, strength and balance take in a
// full week 12, found by laying out its sessions with the whole budget.
func (b *builder) nonAerobicPerWeek() int {
	b.planning = true
	defer func() { b.planning = false }()
	n := 0
	for i, d := range b.active {
		for _, it := range b.session(PlanWeeks, d, i, b.p.MinutesPerDay) {
			if it.Block != Aerobic {
				n += it.Minutes
			}
		}
	}
	return n
}

func (b *builder) schedule() {
	targets := b.weeklyTargets()
	for w := 1; w <= PlanWeeks; w++ {
		b.addWeek(w, w, targets[w])
	}
}

// addWeek lays out week w with the dose of week level (the same week
// unless the logs held or eased the plan) and target minutes.
func (b *builder) addWeek(w, level, target int) {
	wl := b.beginWeek(w, level, target)
	for d := 1; d <= 7; d++ {
		b.layDay(wl, d)
	}
	b.endWeek(wl)
}

// weekLayout is a week being laid out day by day; the adapter may ease
// the days still to come (level and daily minutes) part way through.
type weekLayout struct {
	week   Week
	level  int
	target int   // the weekly minutes the days still to come are laid out for
	daily  []int // minutes of each active day, by index
	ai     int   // the next active day's index
	cap    int   // when > 0, the most minutes of any day still to come
}

func (b *builder) beginWeek(w, level, target int) *weekLayout {
	b.light = target < b.highest // a lighter week eases every block
	b.highest = max(b.highest, target)
	return &weekLayout{week: Week{Week: w}, level: level, target: target, daily: split(target, len(b.active), b.p.MinutesPerDay)}
}

// ease lays out the rest of the week with the dose of week level and
// target minutes a week, lighter in every block.
func (b *builder) ease(wl *weekLayout, level, target int) {
	wl.level, wl.target, wl.daily = level, target, split(target, len(b.active), b.p.MinutesPerDay)
	b.light = true
}

func (b *builder) layDay(wl *weekLayout, d int) {
	day := Day{Day: d, Rest: true, Items: []Item{}}
	if wl.ai < len(b.active) && b.active[wl.ai] == d {
		day.Rest = false
		m := wl.daily[wl.ai]
		if wl.cap > 0 {
			m = min(m, wl.cap)
		}
		day.Items = b.session(wl.level, d, wl.ai, m)
		// A dose below the shortest exercise left (after spreading
		// held a week under the floor) is a day without a session,
		// never a session of nothing.
		if len(day.Items) == 0 {
			day.Rest, day.Items = true, []Item{}
		}
		wl.ai++
	}
	for _, it := range day.Items {
		if _, ok := b.firstWeek[it.Exercise]; !ok {
			b.firstWeek[it.Exercise] = wl.week.Week
		}
		wl.week.TotalMinutes += it.Minutes
		if it.Block == Aerobic {
			wl.week.ModerateMinutes += it.Minutes
		}
	}
	wl.week.Days = append(wl.week.Days, day)
}

func (b *builder) endWeek(wl *weekLayout) {
	b.weeks = append(b.weeks, wl.week)
	b.ran = append(b.ran, b.ranNow)
	b.ranNow = 0
}

// split shares total minutes over n days, none above perDay.
func split(total, n, perDay int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = min(perDay, total/n)
		if i < total%n {
			out[i] = min(perDay, out[i]+1)
		}
	}
	return out
}

// session fills one active day with exactly minutes minutes.
func (b *builder) session(week, day, index, minutes int) []Item {
	var items []Item
	left := minutes
	add := func(e *Exercise, m int, why string, sets int) {
		it := Item{Exercise: e.ID, Block: e.Block, Minutes: m, Sets: sets, Reps: e.Dose.Reps, HoldSeconds: e.Dose.HoldSeconds, Why: why}
		if e.Block == Aerobic {
			it.Sets, it.Reps, it.HoldSeconds = b.bouts(e, m), 0, 0
			if bout := b.painfulBout[e.ID]; bout > 0 && m > bout {
				it.Sets = (m + bout - 1) / bout
			}
		}
		items = append(items, it)
		left -= m
	}
	gentle := b.gentleStart && week == 1

	// Mobility every active day, in the preferred direction.
	nMob := 1
	if minutes >= 15 {
		nMob = 2
	}
	if minutes >= 30 && !b.light && !b.trim.mobility {
		nMob = 3
	}
	for i, e := range b.swapped(b.mobilityFor(week, nMob+len(b.swap)), Mobility, nMob) {
		m := DoseMinutes(e, e.Dose.Sets, e.Dose.Reps, e.Dose.HoldSeconds)
		if i > 0 && left-m < MinWalk || m > left {
			break // a further stretch only with room for the walk (issue 15, finding M3)
		}
		add(e, m, b.whyMobility(e), e.Dose.Sets)
	}
	// Pelvic-floor squeezes every active day in pregnancy, from week 1,
	// outside the strength slots (clinical review 2, M8).
	if e := b.dailyPelvicFloor(); e != nil {
		sets, reps, hold := b.strengthDose(e, week)
		if m := DoseMinutes(e, sets, reps, hold); m <= left-MinWalk || m <= left && b.aerobicFor(index) == nil {
			add(e, m, e.Why+whyPelvicFloor, sets)
			items[len(items)-1].Reps, items[len(items)-1].HoldSeconds = reps, hold
		}
	}
	// Balance from week 2 for people aged 65 or more.
	if !gentle && b.p.Age >= 65 && week >= 2 && b.balanceDay[day] {
		if e := b.swapOne(b.chosenOne(b.progressed(b.allowed[Balance], week)), Balance); e != nil {
			if m := DoseMinutes(e, e.Dose.Sets, e.Dose.Reps, e.Dose.HoldSeconds); left >= m+5 {
				add(e, m, b.whyBalance(), e.Dose.Sets)
			}
		}
	}
	// Strength on two or three non-consecutive days from week 3.
	if !gentle && week >= 3 && b.strengthDay[day] {
		n := 2
		if week >= 7 && minutes >= 40 && !b.light && !b.trim.strength {
			n = 3
		}
		// The walk stays on strength days (issue 15): after the first
		// strength exercise, the next comes in only with room left for
		// the shortest aerobic bout.
		walkRoom := 0
		if b.aerobicFor(index) != nil {
			// Half of a strength day stays aerobic, so that growing
			// strength doses do not eat the walk (finding M3; WHO 2020:
			// 150 moderate minutes is the first target).
			walkRoom = max(MinWalk, minutes/2)
		}
		for i, e := range b.swapped(b.strengthFor(week, n+len(b.swap)), Strength, n) {
			room := walkRoom
			if i == 0 {
				room = min(walkRoom, MinWalk) // strength on 2 days comes first (WHO 2020)
			}
			sets, reps, hold := b.strengthDose(e, week)
			m := DoseMinutes(e, sets, reps, hold)
			if m > left-walkRoom && sets > e.Dose.Sets {
				// The walk comes first: the extra set waits for a longer day.
				sets = e.Dose.Sets
				m = DoseMinutes(e, sets, reps, hold)
			}
			if m > left-room {
				break
			}
			add(e, m, b.whyStrength(e), sets)
			items[len(items)-1].Reps, items[len(items)-1].HoldSeconds = reps, hold
		}
	}
	// Aerobic work with what is left. Marked too painful with no other
	// aerobic option, it stays in short bouts and takes half of it
	// (clinical.md 0 rule 2, 4.7, 5.5: short frequent walks). Time no
	// exercise takes is not shown: the session is shorter.
	if aer := b.chosenOne(b.aerobicFor(index)); aer != nil && left >= MinWalk {
		aer = b.walkRunFor(aer, week, day)
		if aer.Easier != "" && !b.ranWithin(left, week) {
			aer = b.lib.byID[aer.Easier] // the week's running is used up: this one is a walk
		}
		m, why := left, b.whyAerobic(aer, gentle)
		if aer.Easier != "" {
			why = whyWalkRun(week)
		}
		if bout := b.painfulBout[aer.ID]; bout > 0 {
			m = max(MinWalk, left/2)
			why = fmt.Sprintf("You marked %s as too painful, so it is in short bouts of about %d minutes with a rest between them: moving a little often helps more than stopping. Stop a bout if it hurts.", lowerName(aer), bout)
		}
		if c := b.itemCap[aer.ID]; c > 0 {
			m = min(m, max(MinWalk, c)) // after a flare or spreading: no longer than done before (re-review N4, N12)
		}
		add(aer, m, why, 1) // walk-run: one go, its blocks in the why (the pages read sets as bouts with rests)
	}
	return b.withPrescribed(day, minutes, items)
}

// bouts is how many bouts an aerobic item of m minutes is laid out in:
// short bouts with rests for interval walking (clinical.md 4.2) and for
// seated aerobic work (clinical.md 5.3; clinical review 3, L6), else one.
func (b *builder) bouts(e *Exercise, m int) int {
	bout := 0
	switch {
	case e.ID == "brisk-walking" && b.intervalWalking():
		bout = b.bout()
	case wheelchairAerobic(e):
		bout = wheelchairBout
	}
	if bout == 0 || m <= bout {
		return 1
	}
	return (m + bout - 1) / bout
}

// PelvicFloor is the pelvic-floor squeezes' id: in pregnancy a daily
// item of its own, not one of the strength slots, because it is not the
// whole-body strength work of WHO 2020's 2 days (clinical.md 4.5: daily
// pelvic-floor training, 2019 Canadian guideline; clinical review 2, M8).
const PelvicFloor = "pelvic-floor"

// daily reports whether e is planned every active day outside the
// strength slots (PelvicFloor).
func daily(e *Exercise) bool { return e.ID == PelvicFloor }

// dailyPelvicFloor is the pelvic-floor squeezes when they are planned:
// allowed for the person (pregnancy) and not left out.
func (b *builder) dailyPelvicFloor() *Exercise {
	if b.p.PregnancyWeeks == 0 {
		return nil
	}
	return b.swapOne(find(b.allowed[Strength], PelvicFloor), Strength)
}

// whyPelvicFloor follows the entry's own purpose (R5).
const whyPelvicFloor = " Every active day, from the first week (2019 Canadian guideline; ACOG 2020), on top of your strength exercises, which work the larger muscles."

// whyBalance: balance from 65 (WHO 2020); with a walking aid the hand
// stays on the support (clinical review 2, M2).
func (b *builder) whyBalance() string {
	const why = "Balance practice on 3 days a week helps prevent falls from age 65 (WHO 2020)."
	if b.p.MobilityAid == AidWalking {
		return why + " With your walking aid, keep a hand on the counter the whole time, even when it feels easy."
	}
	if b.p.fallCostly() {
		as := "As getting up from the floor is hard for you"
		if b.p.FloorAssumedHard() {
			as = "As your plan takes getting up from the floor as hard for you"
		}
		return why + " " + as + ", keep a hand on the counter the whole time, even when it feels easy: a fall costs most then."
	}
	return why
}

// mobilityFor picks n mobility exercises for the week; with an extension
// preference the sphinx leads and progresses to the press-up or cobra
// from week 4, once sessions have shown that the direction helps
// (dirReady, clinical.md 3.4 and 4.3).
func (b *builder) mobilityFor(week, n int) []*Exercise {
	var list []*Exercise
	pool := b.allowed[Mobility]
	if b.c.Direction == Extension {
		if sphinx := find(pool, "sphinx"); sphinx != nil {
			lead := sphinx
			if week >= 4 && b.dirReady && !b.noProgress[sphinx.ID] {
				for _, id := range []string{"prone-press-up", "cobra"} {
					if e := find(pool, id); e != nil {
						lead = e
						break
					}
				}
			}
			list = append(list, lead)
		}
	}
	want := n + turns(week)
	for _, e := range pool {
		if len(list) >= want {
			break
		}
		if slices.Contains(list, e) || sameFamily(list, e) || (b.c.Direction == Extension && (e.ID == "prone-press-up" || e.ID == "cobra" || e.ID == "sphinx")) {
			continue
		}
		if b.lib.isHarderStep(e, pool) || len(list) >= n && !b.rotatable(e) {
			continue
		}
		list = append(list, e)
	}
	if n == 1 && b.c.Direction == Neutral && !b.flexionRelieves() {
		return rotatedOne(list, turns(week))
	}
	return rotated(list, n, turns(week))
}

// strengthFor picks n strength exercises, each family at its step for the
// week (a harder step every four weeks when it is allowed).
func (b *builder) strengthFor(week, n int) []*Exercise {
	var list []*Exercise
	want := n + turns(week)
	for _, e := range b.allowed[Strength] {
		if len(list) >= want {
			break
		}
		if daily(e) || b.lib.isHarderStep(e, b.allowed[Strength]) || sameFamily(list, e) || len(list) >= n && !b.rotatable(e) {
			continue
		}
		list = append(list, e)
	}
	// Each family at its step for the week; one rotated in starts at its
	// first step.
	fresh := turns(week) > 0 && n >= 2 && len(list) > n
	list = rotated(list, n, turns(week))
	for i, e := range list {
		if !fresh || i != n-1 {
			list[i] = b.step(e, (week-3)/4, b.allowed[Strength], week)
		}
	}
	return list
}

func (b *builder) progressed(pool []*Exercise, week int) *Exercise {
	for _, e := range pool {
		if !b.lib.isHarderStep(e, pool) {
			return b.step(e, (week-2)/4, pool, week)
		}
	}
	return nil
}

// aerobicFor alternates the two best aerobic options across active days.
func (b *builder) aerobicFor(index int) *Exercise {
	pool := b.allowed[Aerobic]
	if len(b.swap) > 0 {
		// An aerobic exercise marked too painful gives way to another, or
		// is left out where there is none.
		kept := slices.DeleteFunc(slices.Clone(pool), func(e *Exercise) bool { _, marked := b.swap[e.ID]; return marked })
		if len(kept) == 0 {
			return b.painfulOnly(pool)
		}
		pool = kept
	}
	switch {
	case len(pool) == 0:
		return nil
	case b.gentleStart && len(b.weeks) == 0:
		if w := find(pool, "brisk-walking"); w != nil {
			return w
		}
	case len(pool) >= 2 && index%2 == 1:
		return b.waterTurn(pool, pool[1])
	}
	return b.waterTurn(pool, pool[0])
}

// painfulOnly is the aerobic option kept in short bouts when every one
// left is marked too painful (nil when none is).
func (b *builder) painfulOnly(pool []*Exercise) *Exercise {
	for _, e := range pool {
		if b.painfulBout[e.ID] > 0 {
			return e
		}
	}
	return nil
}

// sameFamily reports whether list already has a version of e: versions
// share an id prefix (pelvic-tilt, pelvic-tilt-standing; side-plank-wall).
func sameFamily(list []*Exercise, e *Exercise) bool {
	for _, x := range list {
		if strings.HasPrefix(e.ID, x.ID+"-") || strings.HasPrefix(x.ID, e.ID+"-") || family(x.ID) == family(e.ID) {
			return true
		}
	}
	return false
}

func family(id string) string {
	for _, f := range []string{"side-plank", "pelvic-tilt", "downward-dog", "knee-to-chest"} {
		if strings.HasPrefix(id, f) || strings.HasSuffix(id, f) {
			return f
		}
	}
	return id
}

func find(list []*Exercise, id string) *Exercise {
	for _, e := range list {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// isHarderStep reports whether an easier step of e is also allowed, so
// that e is reached by progression rather than chosen directly.
func (l *Library) isHarderStep(e *Exercise, pool []*Exercise) bool {
	return e.Easier != "" && find(pool, e.Easier) != nil
}

// step walks up to k harder steps from e while they are allowed; an
// exercise marked too painful is never made harder, and one is made
// harder only after StepWeeks weeks in the plan (R15), so a family new to
// the plan starts at its first step.
func (b *builder) step(e *Exercise, k int, pool []*Exercise, week int) *Exercise {
	for ; k > 0 && e.Harder != "" && !b.noProgress[e.ID] && b.weeksIn(e.ID, week) >= StepWeeks; k-- {
		h := find(pool, e.Harder)
		if h == nil {
			break
		}
		e = h
	}
	return e
}

// intervalWalking reports whether walking is planned in short bouts with
// sitting rests: with spinal stenosis, or when the person said walking
// makes their pain worse, or standing does and walking does not ease it —
// the pattern of neurogenic claudication even without a diagnosis
// (clinical.md 3.2, 3.4, 4.2). Someone whose walking eases their pain
// keeps walking in one go (3.4: the person's own response decides).
func (b *builder) intervalWalking() bool {
	return has(b.p.Conditions, "spinal_stenosis") || b.p.MobilityAid == AidWalking || has(b.p.WorseWith, "walking") ||
		has(b.p.WorseWith, "standing") && !has(b.p.BetterWith, "walking")
}

// flexionRelieves reports whether bending forward is the relieving
// direction: with spinal stenosis, or a flexion preference (walking,
// standing or bending backward worse, sitting or bending forward
// better; clinical.md 3.4, 4.2).
func (b *builder) flexionRelieves() bool {
	return has(b.p.Conditions, "spinal_stenosis") || b.c.Direction == Flexion
}

// bout is the longest walking bout with stenosis, in minutes.
func (b *builder) bout() int {
	if b.walkBout > 0 {
		return b.walkBout
	}
	return 5
}

// swapped puts, for exercises marked too painful, the easier version in
// their place, or leaves them out where there is none (the next one in
// the list, picked with room for them, comes in); it keeps n at most.
func (b *builder) swapped(list []*Exercise, blk Block, n int) []*Exercise {
	list = b.chosen(list)
	if len(b.swap) == 0 {
		return list
	}
	out := list[:0:0]
	for _, e := range list {
		if x := b.swapOne(e, blk); x != nil && !slices.Contains(out, x) && len(out) < n {
			out = append(out, x)
		}
	}
	return out
}

func (b *builder) swapOne(e *Exercise, blk Block) *Exercise {
	if e == nil {
		return nil
	}
	id, marked := b.swap[e.ID]
	if !marked {
		return e
	}
	return find(b.allowed[blk], id)
}
