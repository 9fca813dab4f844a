package coach

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// resolved fills each segment's library, profile and choices: nil is the
// previous segment's, and the first segment's is p and no choices.
func resolved(p Profile, segs []Segment) []Segment {
	out := slices.Clone(segs)
	for i := range out {
		if out[i].Library == nil && i > 0 {
			out[i].Library = out[i-1].Library
		}
		switch {
		case out[i].Profile != nil:
		case i == 0:
			out[i].Profile = &p
		default:
			out[i].Profile = out[i-1].Profile
		}
		switch {
		case out[i].Choices != nil:
		case i == 0:
			out[i].Choices = &Choices{}
		default:
			out[i].Choices = out[i-1].Choices
		}
	}
	return out
}

// inputNotes are the adjustments that the member's and the clinician's
// inputs make: each swap, undo, prescription and settings change on the
// plan day it starts (the first segment's against p, the profile the plan
// was made with), and each swap that falls back to the engine's choice
// because its alternative no longer fits.
func inputNotes(p Profile, segs []Segment, out Result, start time.Time) []Adjustment {
	var notes []Adjustment
	none := &Choices{}
	for i, s := range segs {
		from := 0
		if i > 0 {
			from = max(0, int(dateOnly(s.From).Sub(start).Hours()/24))
		}
		if from >= PlanWeeks*7 {
			break
		}
		until := PlanWeeks * 7
		if i+1 < len(segs) {
			until = min(until, max(0, int(dateOnly(segs[i+1].From).Sub(start).Hours()/24)))
		}
		prev, prevProfile := none, &p // the profile the plan was made with
		if i > 0 {
			prev, prevProfile = segs[i-1].Choices, segs[i-1].Profile
		}
		day := dayName(start.AddDate(0, 0, from).Format(time.DateOnly))
		note := func(change, exercise, reason string, rx ...int64) {
			a := Adjustment{Week: weekOf(from), Day: dayOf(from), Change: change, Exercise: exercise, Reason: reason}
			if len(rx) > 0 {
				a.Prescription = rx[0]
			}
			if a.Day == 1 {
				a.Day = 0
			}
			notes = append(notes, a)
		}
		if a, ok := settingsChange(*prevProfile, *s.Profile, day); ok {
			note(ChangeSettings, "", a)
		}
		for _, x := range sortedKeys(s.Choices.Swaps) {
			if w := s.Choices.Swaps[x].With; prev.Swaps[x].With != w {
				note(ChangeSwap, x, fmt.Sprintf("You chose %s instead of %s from %s on.", exerciseName(s.Library, w), exerciseName(s.Library, x), day))
			}
		}
		for _, x := range sortedKeys(prev.Swaps) {
			if _, kept := s.Choices.Swaps[x]; !kept {
				note(ChangeSwap, x, fmt.Sprintf("You undid your swap: %s is back instead of %s from %s on.", exerciseName(s.Library, x), exerciseName(s.Library, prev.Swaps[x].With), day))
			}
		}
		for _, rx := range s.Choices.Prescriptions {
			if !slices.ContainsFunc(prev.Prescriptions, func(p Prescription) bool { return p.ID == rx.ID }) {
				note(ChangePrescription, rx.Exercise, prescriptionText(*s.Profile, s.Library, rx, day), rx.ID)
			}
		}
		for _, rx := range s.Choices.Prescriptions {
			if rx.Kind == PrescribeAdd && slices.ContainsFunc(prev.Prescriptions, func(p Prescription) bool { return p.ID == rx.ID }) {
				_, was := unconfirmed(*prevProfile, s.Library, rx)
				if k := slices.IndexFunc(prev.Prescriptions, func(p Prescription) bool { return p.ID == rx.ID }); prev.Prescriptions[k].paused != "" {
					was = true
				}
				if _, now := unconfirmed(*s.Profile, s.Library, rx); (now || rx.paused != "") && !was {
					note(ChangePrescription, rx.Exercise, prescriptionText(*s.Profile, s.Library, rx, day))
				}
				_, _, wasOut := AddMisfit(*prevProfile, s.Library, rx, prev.Prescriptions)
				if _, _, out := AddMisfit(*s.Profile, s.Library, rx, s.Choices.Prescriptions); out != wasOut {
					note(ChangePrescription, rx.Exercise, misfitText(*s.Profile, s.Library, rx, s.Choices.Prescriptions, day, out), rx.ID)
				}
			}
		}
		for _, rx := range prev.Prescriptions {
			if !slices.ContainsFunc(s.Choices.Prescriptions, func(p Prescription) bool { return p.ID == rx.ID }) {
				note(ChangePrescription, rx.Exercise, fmt.Sprintf("From %s on, %s's prescription (%s) no longer applies; your plan follows its own rules there again. The days you have already lived stay as they were.",
					day, rx.By, prescriptionKind(s.Library, rx)), rx.ID)
			}
		}
		notes = append(notes, fallbacks(s, out, from, until, start)...)
	}
	return notes
}

// fallbacks finds, in days [from, until), the first day each swap of the
// segment did not apply: the engine's exercise is planned and the
// alternative is not.
func fallbacks(s Segment, out Result, from, until int, start time.Time) []Adjustment {
	var notes []Adjustment
	for _, x := range sortedKeys(s.Choices.Swaps) {
		w := s.Choices.Swaps[x].With
		if n, ok := firstDayWith(out, x, w, from, until); ok {
			a := Adjustment{Week: weekOf(n), Day: dayOf(n), Change: ChangeSwap, Exercise: x,
				Reason: fmt.Sprintf("From %s, %s is back in place of %s, which no longer fits your plan: %s Your choice stays saved, and %s comes back when it fits again.",
					dayName(start.AddDate(0, 0, n).Format(time.DateOnly)), exerciseName(s.Library, x), exerciseName(s.Library, w),
					whyNotNow(*s.Profile, s.Library, *s.Choices, out, w), exerciseName(s.Library, w))}
			if a.Day == 1 {
				a.Day = 0
			}
			notes = append(notes, a)
		}
	}
	return notes
}

func firstDayWith(out Result, x, w string, from, until int) (int, bool) {
	for _, wk := range out.Weeks {
		for _, d := range wk.Days {
			n := dayIndex(wk.Week, d.Day)
			if n < from || n >= until {
				continue
			}
			has := func(id string) bool {
				return slices.ContainsFunc(d.Items, func(it Item) bool { return it.Exercise == id })
			}
			if has(x) && !has(w) {
				return n, true
			}
		}
	}
	return 0, false
}

// whyNotNow says why an alternative is not planned now.
func whyNotNow(p Profile, lib *Library, ch Choices, out Result, w string) string {
	if _, ok := lib.Get(w); !ok {
		return "it is no longer in the exercise library."
	}
	if i := slices.IndexFunc(out.Excluded, func(e Excluded) bool { return e.Exercise == w }); i >= 0 {
		return out.Excluded[i].Reason
	}
	if x, ok := chosenBuilder(p, lib, ch).out[w]; ok {
		return x.reason
	}
	return "what your logs report has left it out for now."
}

// swappedOut words the exercises the member swapped out: what replaces
// them, and that the swap can be undone (never how to do them).
func swappedOut(out Result, last Segment, start time.Time) []Excluded {
	ex := slices.Clone(out.Excluded)
	from := func(t time.Time) string {
		if t.Before(start) {
			t = start
		}
		return dayName(dateOnly(t).Format(time.DateOnly))
	}
	for i, e := range ex {
		s, ok := last.Choices.Swaps[e.Exercise]
		if !ok || !planUses(out, s.With) {
			continue
		}
		ex[i].Reason = fmt.Sprintf("%s is not in your plan: you chose %s instead from %s. You can undo the swap at any time.",
			capital(exerciseName(last.Library, e.Exercise)), exerciseName(last.Library, s.With), from(s.From))
	}
	return ex
}

func planUses(r Result, id string) bool {
	for _, w := range r.Weeks {
		for _, d := range w.Days {
			if slices.ContainsFunc(d.Items, func(it Item) bool { return it.Exercise == id }) {
				return true
			}
		}
	}
	return false
}

// prescriptionText is what the member reads about a prescription.
func prescriptionText(p Profile, lib *Library, rx Prescription, day string) string {
	who := capital(byLine(rx))
	var pe *PrescriptionError
	refused := rx.Kind == PrescribeAdd && errors.As(CheckPrescription(p, lib, rx), &pe)
	if rx.paused != "" && (!refused || !strings.HasSuffix(pe.Reason, " No confirmation can add it.")) {
		return fmt.Sprintf("%s is paused from %s on: %s added it for you, but something new in your details needs their look first: %s %s needs to confirm it again before it comes back.",
			capital(exerciseName(lib, rx.Exercise)), day, byLine(rx), rx.paused, who)
	}
	if refused {
		if pe.Condition == "progression" { // rule V10: never by prescription
			return fmt.Sprintf("%s prescribed %s from %s on, but it cannot be added by a prescription, so it is left out: it comes in by your plan's own steps, from week %d and on days apart, for someone it suits. Their reason: %s",
				who, exerciseName(lib, rx.Exercise), day, WalkRunWeek, strings.TrimSpace(rx.Reason))
		}
		if never, ok := strings.CutSuffix(pe.Reason, " No confirmation can add it."); ok {
			// A capability or a rule no confirmation lifts: nothing for
			// the clinician to confirm (clinical review 4, low).
			return fmt.Sprintf("%s is out of your plan from %s on: %s added it for you, but with what your details now say it cannot be planned, and no confirmation can change that: %s Ask %s what could take its place.",
				capital(exerciseName(lib, rx.Exercise)), day, byLine(rx), never, byLine(rx))
		}
		if rx.ConfirmedAvoid {
			return fmt.Sprintf("%s is paused from %s on: %s confirmed it for you, but something new in your details needs their look first: %s %s needs to confirm it again before it comes back.",
				capital(exerciseName(lib, rx.Exercise)), day, byLine(rx), strings.TrimSuffix(pe.Reason, " Confirm to add it anyway."), who)
		}
		return fmt.Sprintf("%s prescribed %s from %s on, but it stays out of your plan until they confirm it: %s",
			who, exerciseName(lib, rx.Exercise), day, strings.TrimSuffix(pe.Reason, " Confirm to add it anyway."))
	}
	if _, _, out := AddMisfit(p, lib, rx, []Prescription{rx}); out && rx.Kind == PrescribeAdd {
		return misfitText(p, lib, rx, []Prescription{rx}, day, true) + " Their reason: " + strings.TrimSpace(rx.Reason)
	}
	var s string
	switch rx.Kind {
	case PrescribeExclude:
		s = fmt.Sprintf("%s removed %s from your plan from %s on", who, exerciseName(lib, rx.Exercise), day)
	case PrescribeAdd:
		dose := ""
		if rx.Dose != nil {
			dose = " at " + DoseText(*rx.Dose)
		}
		s = fmt.Sprintf("%s added %s%s from %s on", who, exerciseName(lib, rx.Exercise), dose, day)
		if rx.ConfirmedAvoid {
			s += " (it is usually left out for your conditions; they confirmed it for you)"
		}
	case PrescribeCapMinutes:
		s = fmt.Sprintf("%s set your plan to at most %d minutes a week from %s on", who, rx.CapMinutes, day)
	case PrescribeReviewOn:
		s = fmt.Sprintf("%s will review your plan on %s", who, dayName(rx.ReviewOn))
	default:
		s = fmt.Sprintf("%s changed your plan from %s on", who, day)
	}
	return s + ": " + strings.TrimSpace(rx.Reason)
}

// misfitText words an added exercise that stops fitting any day (out)
// or fits again.
func misfitText(p Profile, lib *Library, rx Prescription, rxs []Prescription, day string, out bool) string {
	need, budget, _ := AddMisfit(p, lib, rx, rxs)
	name := exerciseName(lib, rx.Exercise)
	if !out {
		return fmt.Sprintf("From %s on, %s that %s added fits your days again, and is back in your plan.", day, name, byLine(rx))
	}
	return fmt.Sprintf("From %s on, %s that %s added is left out: one set of it takes about %d minutes, and your day has %d. Ask %s to change the dose, or give your plan more minutes a day.",
		day, name, byLine(rx), need, budget, byLine(rx))
}

// settingsChange words a change of days, minutes or equipment.
func settingsChange(was, now Profile, day string) (string, bool) {
	var parts []string
	if was.DaysPerWeek != now.DaysPerWeek {
		parts = append(parts, fmt.Sprintf("%d days a week (was %d)", now.DaysPerWeek, was.DaysPerWeek))
	}
	if was.MinutesPerDay != now.MinutesPerDay {
		parts = append(parts, fmt.Sprintf("%d minutes a day (was %d)", now.MinutesPerDay, was.MinutesPerDay))
	}
	if !slices.Equal(sortedCopy(was.Access), sortedCopy(now.Access)) {
		parts = append(parts, fmt.Sprintf("equipment: %s (was %s)", accessList(now.Access), accessList(was.Access)))
	}
	if len(parts) == 0 {
		return "", false
	}
	return fmt.Sprintf("From %s on, your plan follows your new settings: %s. The days you have already lived stay as they were.",
		day, strings.Join(parts, ", ")), true
}

func sameSettings(a, b Profile) bool {
	_, changed := settingsChange(a, b, "")
	return !changed
}

func accessList(access []string) string {
	if len(access) == 0 {
		return "none"
	}
	var names []string
	for _, a := range sortedCopy(access) {
		if n := accessName[a]; n != "" {
			names = append(names, n)
		} else {
			names = append(names, a)
		}
	}
	return andList(names)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// prescriptionKind names a prescription in a few words.
func prescriptionKind(lib *Library, rx Prescription) string {
	switch rx.Kind {
	case PrescribeExclude:
		return "leave out " + exerciseName(lib, rx.Exercise)
	case PrescribeAdd:
		return "add " + exerciseName(lib, rx.Exercise)
	case PrescribeCapMinutes:
		return fmt.Sprintf("at most %d minutes a week", rx.CapMinutes)
	default:
		return "review on " + rx.ReviewOn
	}
}
