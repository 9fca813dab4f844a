package coach

import "fmt"

// NotImprovingWeeks is how many plan weeks of logs show whether pain is
// improving (clinical.md 2.2: failure to improve after about a month;
// 7: a change of 2 points is the smallest that matters).
const NotImprovingWeeks = 4

// notImproving is the advice to see a clinician when, after
// NotImprovingWeeks weeks of logs known today, the mean resting pain
// (before sessions and the next morning) of the latest logged week is 4
// or more and not at least BaselineRise points below pain_now, the
// baseline; firmer at 50 or over with a new episode (2.2). It is empty
// otherwise.
func (a *adapter) notImproving() string {
	first, last := 0, 0
	for i, l := range a.h.Logs {
		if l.Kind != KindSession || a.ev[i].known > a.todayIndex() {
			continue
		}
		if first == 0 {
			first = l.Week
		}
		last = max(last, l.Week)
	}
	if first == 0 || last-first+1 < NotImprovingWeeks {
		return ""
	}
	sum, n := 0, 0
	for i, l := range a.h.Logs {
		if l.Kind != KindSession || l.Week != last || a.ev[i].known > a.todayIndex() {
			continue
		}
		for _, p := range []*int{l.PainBefore, l.PainNextMorning} {
			if p != nil {
				sum, n = sum+*p, n+1
			}
		}
	}
	if n == 0 {
		return ""
	}
	mean := float64(sum) / float64(n)
	base := a.b.p.PainNow
	if mean < 4 || mean <= float64(base-BaselineRise) {
		return ""
	}
	msg := fmt.Sprintf("Your pain has not improved over %d weeks of your plan: about %.0f/10 before sessions and the next morning in week %d, against %d/10 when you started. "+
		"Back pain that is not getting better after about a month is worth a check: ", last-first+1, mean, last, base)
	if newEpisodeOver50(a.b.p) {
		return msg + "because you are 50 or over and this episode is new, please see a physiotherapist or doctor within the next week. You can keep to this plan gently meanwhile."
	}
	return msg + "please see a physiotherapist or doctor in the next week or two. You can keep to this plan gently meanwhile."
}

// todayIndex is the plan day of today.
func (a *adapter) todayIndex() int { return int(a.today.Sub(a.start).Hours() / 24) }
