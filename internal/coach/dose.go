package coach

// RestSeconds is the rest between sets (and between repeated holds)
// counted in an item's minutes. It is a timing estimate, not a clinical
// rule: the review asked that an item's minutes be what its dose takes
// (sets x repetitions or holds, plus rests), with spare time going to
// aerobic work (issue 15, finding M4).
const RestSeconds = 20

// DoseSeconds is how long a dose of e takes: each repetition its hold
// plus SecondsPerRep, or each set one hold when there are no
// repetitions, on both sides when the exercise is done per side, with a
// rest between sets.
func DoseSeconds(e *Exercise, sets, reps, hold int) int {
	sides := 1
	if e.Dose.PerSide {
		sides = 2
	}
	perSet := reps * (hold + SecondsPerRep)
	if reps == 0 {
		perSet = hold
	}
	return sets*sides*perSet + max(sets-1, 0)*RestSeconds
}

// DoseMinutes is DoseSeconds in whole minutes, rounded up, at least 1.
func DoseMinutes(e *Exercise, sets, reps, hold int) int {
	return max(1, (DoseSeconds(e, sets, reps, hold)+59)/60)
}
