package coach

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"supple/internal/validate"
)

// ChangePrescription is the adjustment a clinician's prescription makes;
// ChangeSettings is the one a change of days, minutes or equipment makes.
const (
	ChangePrescription = "prescription"
	ChangeSettings     = "settings"
)

// SwapError is a swap the coach refuses: the alternative is unknown, in
// another block, or not allowed for this person. It reads as a 422 on
// the field "with" (Unwrap gives the validation error).
type SwapError struct {
	Exercise, With string
	Reason         string // a sentence for the member
}

func (e *SwapError) Error() string { return e.Reason }

// Unwrap makes the refusal a field error on "with".
func (e *SwapError) Unwrap() error { return validate.Errors{{Field: "with", Message: e.Reason}} }

// PrescriptionError is a prescription the coach refuses. Rating and
// Condition name the rating that needs the clinician's confirmation
// (ConfirmedAvoid) when it is the reason.
type PrescriptionError struct {
	Field     string
	Rating    Rating
	Condition string
	Reason    string
}

func (e *PrescriptionError) Error() string { return e.Reason }

// Unwrap makes the refusal a field error.
func (e *PrescriptionError) Unwrap() error {
	return validate.Errors{{Field: e.Field, Message: e.Reason}}
}

// Dose ranges a prescription may set.
var prescribedRanges = map[string][2]int{"sets": {1, 6}, "reps": {0, 30}, "hold_seconds": {0, 120}, "minutes": {0, 90}}

// chosenBuilder is the builder for a profile with the choices in force.
func chosenBuilder(p Profile, lib *Library, ch Choices) *builder {
	return newBuilder(p.Normal(), lib, Classify(p.Normal()), ch)
}

// Alternatives are the exercises the member may pick instead of
// exercise: the same block, allowed for their conditions, capability and
// equipment (and not left out by a clinician), and each the first step
// of its family, since a harder step is reached by progression. Nil
// when exercise is unknown.
func Alternatives(p Profile, lib *Library, ch Choices, exercise string) []*Exercise {
	x, ok := lib.Get(exercise)
	if !ok {
		return nil
	}
	b := chosenBuilder(p, lib, ch)
	pool := b.allowed[x.Block]
	lead := directionLead(p, x)
	var out []*Exercise
	for _, e := range pool {
		if e.ID != x.ID && !lib.isHarderStep(e, pool) && family(e.ID) != family(x.ID) && !engineOrdered(e) && !daily(e) && !daily(x) && !b.seatedVersionFor(e) &&
			(lead == "" || e.Tags.Direction == lead) {
			out = append(out, e)
		}
	}
	return out
}

// seatedVersions are the seated versions of standing exercises, meant
// for wheelchair users (P5e). The chair back extension is an upper-back
// exercise of its own (issue 15), so it is not one of them.
var seatedVersions = []string{"pelvic-tilt-seated", "seated-bracing", "chair-push-up", "seated-band-row"}

// seatedVersionFor: e is a seated version that this person, who can
// stand, is not offered as a swap (clinical review 2, L7).
func (b *builder) seatedVersionFor(e *Exercise) bool {
	return slices.Contains(seatedVersions, e.ID) && !b.rotatable(e)
}

// engineOrdered says whether e comes into a plan only in the engine's own
// order, never by a swap (rule V6): impact work outside the aerobic block
// (heel drops) follows weeks of strength and balance (R9, ROS 2022).
func engineOrdered(e *Exercise) bool {
	return e.Block != Aerobic && (e.Tags.Impact == "moderate" || e.Tags.Impact == "high")
}

// directionLead is the direction of movement x keeps when it matches the
// one that eases the person's pain (an extension exercise when bending
// forward or sitting is worse, a flexion one the other way round), or ""
// (rule V7: the direction lead is swapped only for the same direction;
// Long 2004, notes §3.4).
func directionLead(p Profile, x *Exercise) string {
	ext, flex := directionSignals(p.Normal())
	switch {
	case x.Tags.Direction == "extension" && len(ext) > 0 && len(flex) == 0:
		return "extension"
	case x.Tags.Direction == "flexion" && len(flex) > 0 && len(ext) == 0:
		return "flexion"
	}
	return ""
}

// CheckSwap says whether the member may use with instead of exercise
// (nil) or why not (*SwapError).
func CheckSwap(p Profile, lib *Library, ch Choices, exercise, with string) error {
	x, ok := lib.Get(exercise)
	if !ok {
		return &SwapError{Exercise: exercise, With: with, Reason: fmt.Sprintf("%q is not an exercise of the library.", exercise)}
	}
	w, ok := lib.Get(with)
	switch {
	case !ok:
		return &SwapError{Exercise: exercise, With: with, Reason: fmt.Sprintf("%q is not an exercise of the library.", with)}
	case w.ID == x.ID:
		return &SwapError{Exercise: exercise, With: with, Reason: fmt.Sprintf("%s cannot be swapped for itself.", w.Name)}
	case w.Block != x.Block:
		return &SwapError{Exercise: exercise, With: with, Reason: fmt.Sprintf("%s is a %s exercise and %s a %s one: a swap stays in the same part of the session.", w.Name, w.Block, x.Name, x.Block)}
	}
	if slices.ContainsFunc(Alternatives(p, lib, ch, exercise), func(e *Exercise) bool { return e.ID == with }) {
		return nil
	}
	b := chosenBuilder(p, lib, ch)
	reason := fmt.Sprintf("%s is a harder step that your plan reaches by progression, not a starting exercise.", w.Name)
	if out, ok := b.out[w.ID]; ok {
		reason = out.reason
	} else if d := directionLead(p, x); d != "" && w.Tags.Direction != d {
		reason = fmt.Sprintf("%s bends you in the direction that eases your pain (%s), which is the part of your plan with the best evidence for you; it can be swapped only for another %s exercise, or ask your physiotherapist.", x.Name, d, d)
	} else if b.seatedVersionFor(w) {
		reason = fmt.Sprintf("%s is the seated version, for people who use a wheelchair; the standing exercises in your plan work more of your body.", w.Name)
	} else if daily(w) || daily(x) {
		reason = "Pelvic-floor squeezes are a daily item of their own in pregnancy, not one of the strength exercises, so they are not swapped."
	} else if engineOrdered(w) {
		reason = fmt.Sprintf("%s comes into your plan in its own time, after weeks of strength and balance work; it is not picked by a swap.", w.Name)
	} else if family(w.ID) == family(x.ID) {
		reason = fmt.Sprintf("%s is a version of %s: your plan already moves between them as you progress.", w.Name, lowerName(x))
	}
	return &SwapError{Exercise: exercise, With: with, Reason: reason}
}

// CheckProfileSwaps checks the swaps given with a profile, each as
// CheckSwap does, in the order of their exercise ids; the errors are on
// the field "swaps" and name the exercise.
func CheckProfileSwaps(p Profile, lib *Library) validate.Errors {
	var e validate.Errors
	for _, x := range slices.Sorted(maps.Keys(p.Swaps)) {
		if err := CheckSwap(p, lib, Choices{}, x, p.Swaps[x]); err != nil {
			e.Add("swaps", fmt.Sprintf("swaps: %s: %s", x, err.Error()))
		}
	}
	return e
}

// ProfileChoices moves the swaps given with a profile into choices that
// apply from the plan's first day, from: the profile it returns has none.
func ProfileChoices(p Profile, from time.Time) (Profile, Choices) {
	if len(p.Swaps) == 0 {
		p.Swaps = nil
		return p, Choices{}
	}
	ch := Choices{Swaps: map[string]Swap{}}
	for x, with := range p.Swaps {
		ch.Swaps[x] = Swap{With: with, From: from}
	}
	p.Swaps = nil
	return p, ch
}

// CheckPrescription checks a clinician's prescription for this person:
// a known exercise, a dose in range, and, for an exercise the rules
// leave out (rated avoid, or a rule that never bends), the clinician's
// confirmation. The error is validate.Errors or *PrescriptionError.
func CheckPrescription(p Profile, lib *Library, rx Prescription) error {
	var e validate.Errors
	if rx.Reason == "" {
		e.Add("reason", "reason is needed: the member sees it with the change")
	}
	switch rx.Kind {
	case PrescribeExclude, PrescribeAdd:
		if _, ok := lib.Get(rx.Exercise); !ok {
			e.Add(rx.Kind, fmt.Sprintf("%q is not an exercise of the library", rx.Exercise))
			return e
		}
	case PrescribeCapMinutes:
		if rx.CapMinutes < 10 || rx.CapMinutes > 600 {
			e.Add("cap_minutes", fmt.Sprintf("cap_minutes must be from 10 to 600, not %d", rx.CapMinutes))
		}
	case PrescribeReviewOn:
		if !validDate(rx.ReviewOn) {
			e.Add("review_on", fmt.Sprintf("review_on must be a date as YYYY-MM-DD, not %q", rx.ReviewOn))
		}
	default:
		e.Add("kind", fmt.Sprintf("kind must be exclude, add, cap_minutes or review_on, not %q", rx.Kind))
	}
	if rx.Kind != PrescribeAdd {
		return e.Err()
	}
	if rx.Dose == nil {
		e.Add("dose", "dose is needed to add an exercise")
		return e
	}
	d := *rx.Dose
	for _, n := range []struct {
		v    int
		name string
	}{{d.Sets, "sets"}, {d.Reps, "reps"}, {d.HoldSeconds, "hold_seconds"}, {d.Minutes, "minutes"}} {
		if r := prescribedRanges[n.name]; n.v < r[0] || n.v > r[1] {
			e.Add("dose."+n.name, fmt.Sprintf("dose.%s must be from %d to %d, not %d", n.name, r[0], r[1], n.v))
		}
	}
	if d.Reps == 0 && d.HoldSeconds == 0 && d.Minutes == 0 {
		e.Add("dose", "dose needs reps, hold_seconds or minutes")
	}
	if len(e) > 0 {
		return e
	}
	ex, _ := lib.Get(rx.Exercise)
	if m := PrescribedMinutes(ex, d); m > MaxPrescribedMinutes {
		e.Add("dose", fmt.Sprintf("this dose of %s takes about %d minutes a session; one prescribed item may take at most %d", ex.Name, m, MaxPrescribedMinutes))
		return e
	}
	if m := prescribedMinutes(ex, d, 1); p.MinutesPerDay > 0 && m > p.MinutesPerDay {
		e.Add("dose", fmt.Sprintf("one set of this dose of %s takes about %d minutes, more than the %d minutes a day the member has", ex.Name, m, p.MinutesPerDay))
		return e
	}
	x, ok := unconfirmed(p, lib, rx)
	switch {
	case !ok:
		return nil
	case x.Never:
		return &PrescriptionError{Field: "add", Condition: x.Key, Reason: x.Reason + " No confirmation can add it."}
	}
	pe := &PrescriptionError{Field: "confirmed_avoid", Condition: x.Key, Reason: x.Reason + " Confirm to add it anyway."}
	if col, isRating := strings.CutPrefix(x.Key, "rating:"); isRating {
		pe.Rating, pe.Condition = Avoid, col
	}
	return pe
}

func conditionLabel(col string) string {
	if n := conditionName[col]; n != "" {
		return n
	}
	return col
}

// prescribe takes the choices in force into a new builder, before its
// pools are made: a clinician's exclusions join the exercises left out,
// a weekly cap bounds the daily budget, and the member's swaps and the
// added exercises wait for the sessions.
func (b *builder) prescribe(ch Choices) {
	b.member = maps.Clone(b.p.Swaps)
	if b.member == nil {
		b.member = map[string]string{}
	}
	for x, s := range ch.Swaps {
		b.member[x] = s.With
	}
	b.p.MinutesPerDay = DayBudget(b.p, ch.Prescriptions)
	for _, rx := range ch.Prescriptions {
		switch rx.Kind {
		case PrescribeExclude:
			if e, ok := b.lib.Get(rx.Exercise); ok {
				from := dayName(dateOnly(rx.From).Format(time.DateOnly))
				b.out[e.ID] = exclusion{reason: fmt.Sprintf("%s is left out of your plan from %s: %s removed it: %s",
					e.Name, from, byLine(rx), rx.Reason), rx: rx.ID}
				// Its harder steps go with it: the same movement, harder,
				// must not fill the place the clinician emptied (rule I7).
				for id, n := e.Harder, 0; id != "" && n < maxSteps; n++ {
					h, ok := b.lib.Get(id)
					if !ok {
						break
					}
					if _, out := b.out[h.ID]; !out {
						b.out[h.ID] = exclusion{reason: fmt.Sprintf("%s is left out of your plan from %s: it is a harder step of %s, which %s removed: %s",
							h.Name, from, lowerName(e), byLine(rx), rx.Reason), rx: rx.ID}
					}
					id = h.Harder
				}
				switch took := fmt.Sprintf("%s took %s out of your plan", byLine(rx), lowerName(e)); e.Block {
				case Aerobic:
					b.rxLimits = append(b.rxLimits, took)
				case Balance:
					b.rxBalance = append(b.rxBalance, took)
				}
			}
		case PrescribeCapMinutes:
			if rx.CapMinutes > 0 {
				b.rxLimits = append(b.rxLimits, fmt.Sprintf("%s set a limit of %d minutes a week", byLine(rx), rx.CapMinutes))
			}
		case PrescribeAdd:
			e, ok := b.lib.Get(rx.Exercise)
			if _, bars := unconfirmed(b.p, b.lib, rx); !ok || rx.Dose == nil || bars || rx.paused != "" {
				continue // not planned until the clinician confirms it (prescriptionText says so)
			}
			b.added = append(b.added, addedItem{e: e, dose: *rx.Dose})
		}
	}
	for _, a := range b.added {
		delete(b.out, a.e.ID) // planned by the clinician, so not "left out"
	}
}

// maxSteps bounds a walk along an exercise's harder steps (the library
// has chains of two or three).
const maxSteps = 8

// DayBudget is the minutes a plan day has: the member's minutes a day,
// or fewer under a clinician's weekly cap spread over the active days.
func DayBudget(p Profile, rxs []Prescription) int {
	m := p.MinutesPerDay
	days := len(activePatterns[min(max(p.DaysPerWeek, 0), 6)])
	for _, rx := range rxs {
		if rx.Kind == PrescribeCapMinutes && days > 0 && rx.CapMinutes > 0 {
			m = max(1, min(m, rx.CapMinutes/days))
		}
	}
	return m
}

// AddMisfit says whether an added exercise fits no plan day: one set of
// its dose takes need minutes, more than the budget of a day under the
// prescriptions rxs (DayBudget). Such an add is left out of every day
// (trimPrescribed); an activity is shortened instead, so it always fits.
func AddMisfit(p Profile, lib *Library, rx Prescription, rxs []Prescription) (need, budget int, misfit bool) {
	e, ok := lib.Get(rx.Exercise)
	if rx.Kind != PrescribeAdd || rx.Dose == nil || !ok || e.Block == Aerobic {
		return 0, 0, false
	}
	need, budget = prescribedMinutes(e, *rx.Dose, 1), DayBudget(p, rxs)
	return need, budget, need > budget
}

// addedItem is an exercise a clinician added, at their dose.
type addedItem struct {
	e    *Exercise
	dose Dose
}

func byLine(rx Prescription) string {
	if rx.By == "" {
		return "your physio"
	}
	return "your physio " + rx.By
}

// chosen puts, in a list of exercises the plan would use, the member's
// alternative in place of each exercise they swapped, where the
// alternative is allowed now (not left out, not marked too painful);
// otherwise the engine's choice stays (a safe fallback that
// choiceNotes words). An alternative already in the list is not
// repeated.
func (b *builder) chosen(list []*Exercise) []*Exercise {
	if len(b.member) == 0 {
		return list
	}
	out := list[:0:0]
	for _, e := range list {
		if x := b.chosenOne(e); !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func (b *builder) chosenOne(e *Exercise) *Exercise {
	if e == nil || len(b.member) == 0 {
		return e
	}
	with, ok := b.member[e.ID]
	if !ok {
		return e
	}
	if _, painful := b.swap[with]; painful {
		return e
	}
	if w := find(b.allowed[e.Block], with); w != nil {
		return w
	}
	return e
}

// withPrescribed adds the clinician's exercises to a session of minutes
// minutes, at their dose: mobility and aerobic work on every active day,
// strength and balance on their days. Safety still acts: an exercise
// marked too painful is left out, a lighter week takes a set off, and
// the engine's aerobic time gives way so the day keeps its budget.
func (b *builder) withPrescribed(day, minutes int, items []Item) []Item {
	if len(b.added) == 0 || len(items) == 0 {
		return items
	}
	for _, a := range b.added {
		// The engine's own item of it gives way to the prescribed one.
		items = slices.DeleteFunc(items, func(it Item) bool { return it.Exercise == a.e.ID })
		if _, painful := b.swap[a.e.ID]; painful {
			continue
		}
		if a.e.Block == Strength && !b.strengthDay[day] || a.e.Block == Balance && !b.balanceDay[day] {
			continue
		}
		sets := max(1, a.dose.Sets)
		if b.light && sets > 1 {
			sets--
		}
		m := prescribedMinutes(a.e, a.dose, sets)
		it := Item{Exercise: a.e.ID, Block: a.e.Block, Minutes: m, Sets: sets, Reps: a.dose.Reps, HoldSeconds: a.dose.HoldSeconds,
			Why: "Your physio added this exercise at this dose; keep to it, and stop if it hurts more than usual."}
		if a.e.Block == Aerobic {
			it.Sets, it.Reps, it.HoldSeconds = 1, 0, 0
		}
		at := len(items)
		if i := slices.IndexFunc(items, func(it Item) bool { return it.Block == Aerobic }); i >= 0 {
			at = i
		}
		items = slices.Insert(items, at, it)
	}
	return b.trimPrescribed(b.fitDay(items, minutes), minutes)
}

// MaxPrescribedMinutes is the longest one prescribed item may take
// (rule V2): longer is a slip of the keyboard or a misunderstanding.
const MaxPrescribedMinutes = 60

// PrescribedMinutes is what a prescribed dose of e takes (rule R4).
func PrescribedMinutes(e *Exercise, d Dose) int { return prescribedMinutes(e, d, max(1, d.Sets)) }

func prescribedMinutes(e *Exercise, d Dose, sets int) int {
	if d.Minutes > 0 {
		return d.Minutes
	}
	reps, hold := d.Reps, d.HoldSeconds
	if reps == 0 && hold == 0 {
		reps, hold = e.Dose.Reps, e.Dose.HoldSeconds
	}
	return DoseMinutes(e, sets, reps, hold)
}

// trimPrescribed keeps a day with prescribed items within its budget
// once the engine's aerobic time has given way (rule V2): the last
// prescribed item loses sets (down to one), a prescribed activity
// minutes, and one that still cannot fit is left out that day. The
// budget is the member's minutes, or the clinician's own cap, so the cap
// bounds prescribed items too. A trimmed item says so.
func (b *builder) trimPrescribed(items []Item, minutes int) []Item {
	total := 0
	for _, it := range items {
		total += it.Minutes
	}
	for i := len(items) - 1; i >= 0 && total > minutes; i-- {
		k := slices.IndexFunc(b.added, func(a addedItem) bool { return a.e.ID == items[i].Exercise })
		if k < 0 {
			continue
		}
		a, it := b.added[k], &items[i]
		was := it.Minutes
		if it.Block == Aerobic {
			it.Minutes = max(0, it.Minutes-(total-minutes))
		} else {
			for it.Sets > 1 && total-was+it.Minutes > minutes {
				it.Sets--
				it.Minutes = prescribedMinutes(a.e, a.dose, it.Sets)
			}
		}
		total += it.Minutes - was
		// Still over at one set: the engine's own strength, balance and
		// mobility items give way to the clinician's, the last first.
		for j := len(items) - 1; j >= 0 && total > minutes && it.Minutes > 0; j-- {
			if items[j].Block != Aerobic && !slices.ContainsFunc(b.added, func(a addedItem) bool { return a.e.ID == items[j].Exercise }) {
				total -= items[j].Minutes
				items = slices.Delete(items, j, j+1)
				if j < i {
					i--
				}
				it = &items[i]
			}
		}
		if total > minutes || it.Minutes == 0 {
			total -= it.Minutes
			items = slices.Delete(items, i, i+1)
			continue
		}
		it.Why = fmt.Sprintf("Your physio added this exercise at %s; your day has %d minutes, so today it is %s to fit. Stop if it hurts more than usual.",
			DoseText(a.dose), minutes, itemDose(*it))
	}
	return items
}

// itemDose words an item's dose as DoseText does a prescription's.
func itemDose(it Item) string {
	if it.Block == Aerobic {
		return DoseText(Dose{Sets: 1, Minutes: it.Minutes})
	}
	return DoseText(Dose{Sets: it.Sets, Reps: it.Reps, HoldSeconds: it.HoldSeconds})
}

// fitDay takes the minutes a day is over its budget off the engine's
// aerobic item (down to MinWalk, then out), never off a prescribed one.
func (b *builder) fitDay(items []Item, minutes int) []Item {
	total := 0
	for _, it := range items {
		total += it.Minutes
	}
	for i := len(items) - 1; i >= 0 && total > minutes; i-- {
		it := &items[i]
		if it.Block != Aerobic || slices.ContainsFunc(b.added, func(a addedItem) bool { return a.e.ID == it.Exercise }) {
			continue
		}
		cut := min(total-minutes, it.Minutes-MinWalk)
		if cut > 0 {
			it.Minutes -= cut
			total -= cut
			if e, ok := b.lib.Get(it.Exercise); ok && it.Sets > 1 && b.painfulBout[it.Exercise] == 0 {
				it.Sets = b.bouts(e, it.Minutes)
			}
		}
	}
	return items
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
