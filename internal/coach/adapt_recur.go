package coach

import (
	"fmt"
	"slices"
)

// RecurFlares is how many flares at about one session length (within
// 20% of the shortest) keep later sessions at the longest done without a
// flare (clinical.md 5.5: a flare that keeps recurring means the dose is
// too high and is worth a clinician's look; re-review N11).
const RecurFlares = 3

const recurAdvice = "Your back has flared up again and again at sessions of about the same length, so we keep your sessions at the length you have managed without a flare. " +
	"Flare-ups that keep coming back are worth a check: please see a physiotherapist or doctor, who can help find what sets them off."

// sessionMinutes is the minutes of a session: its items done, or the
// day's planned items when it lists none.
func (a *adapter) sessionMinutes(l Log) int {
	m := 0
	if len(l.Items) == 0 {
		if day, ok := a.day(l.Week, l.Day); ok {
			for _, it := range day.Items {
				m += it.Minutes
			}
		}
		return m
	}
	for _, it := range l.Items {
		if it.Done {
			m += it.Minutes
		}
	}
	return m
}

// recurCap is the longest session to plan from day n after RecurFlares
// flares known by then at about one session length: the longest session
// done within the pain rule that was shorter than the shortest of them
// (0: no cap).
func (a *adapter) recurCap(n int) int {
	var flared []int
	for i, l := range a.h.Logs {
		if f := a.ev[i].flare; f >= 0 && f <= n && l.Kind == KindSession {
			flared = append(flared, a.sessionMinutes(l))
		}
	}
	if len(flared) < RecurFlares {
		return 0
	}
	lo := slices.Min(flared)
	near := 0
	for _, m := range flared {
		if m*5 <= lo*6 {
			near++
		}
	}
	if near < RecurFlares {
		return 0
	}
	best := 0
	for i, l := range a.h.Logs {
		if a.ev[i].known <= n && l.Kind == KindSession && l.Done && !a.breaks(l) && !l.Worsened() {
			if m := a.sessionMinutes(l); m < lo {
				best = max(best, m)
			}
		}
	}
	return best
}

// capRecurring keeps the sessions of the week being laid out at the
// recurring-flare cap, and says so once. The cap stays for the rest of
// the plan (lowered only by new recurring flares below it).
func (a *adapter) capRecurring(w int, wl *weekLayout) {
	c := a.recurCap(dayIndex(w, 1))
	switch {
	case c > 0 && (a.recurMinutes == 0 || c < a.recurMinutes):
		a.recurMinutes = c
	case a.recurMinutes > 0:
		c = a.recurMinutes // the cap stays once set
	default:
		return
	}
	if wl.cap == 0 || c < wl.cap {
		wl.cap = c
	}
	if !a.recurring {
		a.recurring = true
		a.adjust(w, 0, ChangeHold, "", fmt.Sprintf("From week %d your sessions stay at about %d minutes at most: your back flared up %d times or more at sessions of about the same length, and %d minutes is the longest you have managed without a flare. "+
			"Please see a physiotherapist or doctor about flare-ups that keep coming back.", w, c, RecurFlares, c))
	}
}
