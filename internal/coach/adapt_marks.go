package coach

import (
	"fmt"
	"slices"
)

// mark responds at once to exercises of a session marked too painful,
// known on plan day n (clinical.md 5.2: reduce what hurts; issue 11).
// The first mark puts the library's easier version in the exercise's
// place, or leaves it out where there is none, for the rest of that
// week and the next; the exercise is never made harder again. A second
// mark takes it, with its harder steps, out of the plan. It reports
// whether the exercises allowed changed.
func (a *adapter) mark(l Log, n int) bool {
	if l.Kind != KindSession || n >= PlanWeeks*7 {
		return false
	}
	b := a.b
	changed := false
	for _, it := range l.Items {
		e, ok := b.lib.Get(it.Exercise)
		if !ok || it.Skipped != "too_painful" || slices.Contains(a.marks[e.ID], l.Date) {
			continue
		}
		a.marks[e.ID] = append(a.marks[e.ID], l.Date)
		if a.onlyAerobic(e) {
			a.shortBouts(e, l, n)
			continue
		}
		if len(a.marks[e.ID]) >= 2 {
			delete(b.swap, e.ID)
			delete(a.swapUntil, e.ID)
			changed = a.dropPainful(e, n) || changed
			continue
		}
		b.noProgress[e.ID] = true
		// A harder step waiting to come back after its own mark stays
		// out: its easier version is too painful now.
		for _, h := range b.lib.harderSteps(e) {
			if _, waiting := b.swap[h.ID]; waiting {
				delete(b.swap, h.ID)
				delete(a.swapUntil, h.ID)
				changed = a.excludeHarder(h, e, n) || changed
			}
		}
		until := max(l.Week+1, weekOf(n))
		a.swapUntil[e.ID] = dayIndex(until, 7)
		b.swap[e.ID] = ""
		easier := find(b.allowed[e.Block], e.Easier)
		if _, marked := b.swap[e.Easier]; easier != nil && !marked {
			b.swap[e.ID] = easier.ID
		}
		instead := "we leave it out of your sessions"
		if easier != nil && b.swap[e.ID] == easier.ID {
			instead = "we put its easier version, " + lowerName(easier) + ", in its place"
		}
		end := fmt.Sprintf("until the end of week %d", until)
		if until > PlanWeeks {
			end = "until the end of the plan"
		}
		a.adjust(weekOf(n), dayOf(n), ChangeSwap, e.ID, fmt.Sprintf("You marked %s as too painful on %s, so %s %s %s, and it will not get harder. %s",
			lowerName(e), dayName(l.Date), instead, a.from(n), end, a.againWords(e, "If it is too painful again when it comes back")))
	}
	return changed
}

// onlyAerobic reports whether e is the plan's one aerobic option.
func (a *adapter) onlyAerobic(e *Exercise) bool {
	pool := a.b.allowed[Aerobic]
	return e.Block == Aerobic && len(pool) == 1 && pool[0] == e
}

// shortBouts answers a "too painful" mark on the plan's only aerobic
// option: it is not removed (clinical.md 0 rule 2; 5.5: reduce, don't
// stop, short frequent walks) but split into short bouts with rests, at
// most 3 minutes for the rest of that week and the next, then 2 minutes
// for the rest of the plan after a second mark, with half the time.
func (a *adapter) shortBouts(e *Exercise, l Log, n int) {
	b := a.b
	b.noProgress[e.ID] = true
	if len(a.marks[e.ID]) >= 2 {
		delete(b.swap, e.ID)
		delete(a.swapUntil, e.ID)
		b.painfulBout[e.ID] = MinWalk
		a.adjust(weekOf(n), dayOf(n), ChangeSwap, e.ID, fmt.Sprintf("You marked %s as too painful twice (on %s and %s). It is your plan's only aerobic activity, so it stays, %s, in bouts of about %d minutes with a rest between them and half the time. "+
			"Please ask a physiotherapist about other ways to keep active that may suit your back better, such as a pool or an exercise bike.",
			lowerName(e), dayName(a.marks[e.ID][0]), dayName(a.marks[e.ID][1]), a.from(n), MinWalk))
		return
	}
	until := max(l.Week+1, weekOf(n))
	a.swapUntil[e.ID] = dayIndex(until, 7)
	b.swap[e.ID] = ""
	b.painfulBout[e.ID] = 3
	a.adjust(weekOf(n), dayOf(n), ChangeSwap, e.ID, fmt.Sprintf("You marked %s as too painful on %s. It is your plan's only aerobic activity, so instead of leaving it out we split it %s into bouts of about 3 minutes with a rest between them, and half the time, until the end of week %d. "+
		"If it is too painful again, mark it again.", lowerName(e), dayName(l.Date), a.from(n), min(until, PlanWeeks)))
}

// dropPainful takes an exercise marked too painful twice out of the plan
// from day n, with its harder steps.
func (a *adapter) dropPainful(e *Exercise, n int) bool {
	b := a.b
	changed := false
	why := fmt.Sprintf("you marked it as too painful twice (on %s and %s)", dayName(a.marks[e.ID][0]), dayName(a.marks[e.ID][1]))
	for i, x := range append([]*Exercise{e}, b.lib.harderSteps(e)...) {
		if o, out := b.out[x.ID]; out && !o.soft {
			continue
		}
		reason := fmt.Sprintf("%s is out of your plan %s: %s.", x.Name, a.from(n), why)
		say := fmt.Sprintf("We took %s out of your plan %s: %s. If you would like to try it again later, ask a physiotherapist first.", lowerName(x), a.from(n), why)
		if i > 0 {
			reason = fmt.Sprintf("%s is out of your plan %s: it is a harder step of %s, which you marked as too painful twice.", x.Name, a.from(n), lowerName(e))
			say = fmt.Sprintf("We will also leave out %s %s: it is a harder step of %s.", lowerName(x), a.from(n), lowerName(e))
		}
		b.out[x.ID] = exclusion{reason: reason}
		a.excluded = append(a.excluded, Excluded{Exercise: x.ID, Reason: reason, Kind: KindRule})
		a.adjust(weekOf(n), dayOf(n), ChangeExclude, x.ID, say)
		changed = true
	}
	return changed
}

// excludeHarder takes out, from day n, a harder step h of an exercise e
// marked too painful.
func (a *adapter) excludeHarder(h, e *Exercise, n int) bool {
	if o, out := a.b.out[h.ID]; out && !o.soft {
		return false
	}
	reason := fmt.Sprintf("%s is out of your plan %s: it is a harder step of %s, which you marked as too painful.", h.Name, a.from(n), lowerName(e))
	a.b.out[h.ID] = exclusion{reason: reason}
	a.excluded = append(a.excluded, Excluded{Exercise: h.ID, Reason: reason, Kind: KindRule})
	a.adjust(weekOf(n), dayOf(n), ChangeExclude, h.ID, fmt.Sprintf("We took %s out of your plan %s: you marked it as too painful before, and now its easier version, %s, too.", lowerName(h), a.from(n), lowerName(e)))
	return true
}

// endSwaps ends, at the start of week w, the swaps of exercises marked
// too painful once: they come back at the same level, never harder.
func (a *adapter) endSwaps(w int) {
	var ids []string
	for id, until := range a.swapUntil {
		if until < dayIndex(w, 1) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		delete(a.swapUntil, id)
		delete(a.b.swap, id)
		delete(a.b.painfulBout, id)
		if e, ok := a.b.lib.Get(id); ok {
			a.adjust(w, 0, ChangeSwap, id, fmt.Sprintf("From week %d %s can come back into your sessions, at the same level as before: it will not get harder. %s",
				w, lowerName(e), a.againWords(e, "If it is still too painful")))
		}
	}
}

// againWords says what marking e too painful again does: the only
// aerobic option stays, in shorter bouts (clinical.md 0 rule 2, 5.5);
// anything else leaves the plan.
func (a *adapter) againWords(e *Exercise, when string) string {
	if e.Block == Aerobic && !slices.ContainsFunc(a.b.allowed[Aerobic], func(x *Exercise) bool { return x != e }) {
		return when + ", mark it again: it stays in your plan in shorter bouts, because it is your only aerobic exercise and moving a little often helps more than stopping."
	}
	return when + ", mark it again and we will take it out of your plan."
}
