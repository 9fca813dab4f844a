package coach_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"supple/internal/coach"
)

// TestAdaptProperties replays random histories, with a fixed seed, of
// people following their adapted plan day by day, and checks what must
// hold whatever they report (issue 11).
func TestAdaptProperties(t *testing.T) {
	lib := mustLibrary(t)
	rng := rand.New(rand.NewPCG(11, 2026))
	n := 40
	if testing.Short() {
		n = 8
	}
	for i := range n {
		checkHistory(t, lib, i, rng)
	}
}

// FuzzAdaptHistory checks the same properties for histories grown from
// a fuzzed seed; the committed corpus (testdata/fuzz) runs with the
// normal tests. Run longer with go test -fuzz FuzzAdaptHistory.
func FuzzAdaptHistory(f *testing.F) {
	lib := mustLibrary(f)
	f.Add(uint64(1), uint8(0))
	f.Fuzz(func(t *testing.T, seed uint64, persona uint8) {
		checkHistory(t, lib, int(persona), rand.New(rand.NewPCG(seed, seed^0x5eed)))
	})
}

var propertyPersonas = []coach.Profile{deskWorker(), discPersona(), stenosisPersona(), stenosisPersona("bike", "pool"), base(),
	with(func(p *coach.Profile) {
		p.Age, p.WorseWith, p.DaysPerWeek, p.MinutesPerDay = 68, []string{"standing"}, 3, 45
	})}

// checkHistory replays one random history for persona i (modulo the
// personas) and checks every property.
func checkHistory(t *testing.T, lib *coach.Library, i int, rng *rand.Rand) {
	t.Helper()
	p := propertyPersonas[i%len(propertyPersonas)]
	weeks := 4 + rng.IntN(coach.PlanWeeks-3)
	shown := map[[2]int]coach.Day{}
	logs := liveRandom(t, p, lib, weeks, rng, shown)
	today := coach.PlanDate(start, weeks+1, 1)
	r := coach.Adapt(p, lib, coach.History{Start: start, Today: today, Logs: logs})
	if r.Status != coach.StatusPlan {
		t.Fatalf("history %d: status %s", i, r.Status)
	}
	checkAdapted(t, p, r, lib)

	// Days already lived never change: each day is as it was shown
	// on that day.
	for k, d := range shown {
		if got := r.Weeks[k[0]-1].Days[k[1]-1]; !reflect.DeepEqual(got, d) {
			t.Errorf("history %d: week %d day %d changed after it was lived:\n%+v\nwas\n%+v", i, k[0], k[1], got, d)
		}
	}
	// The order of the logs does not matter.
	shuffled := slices.Clone(logs)
	rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
	if again := coach.Adapt(p, lib, coach.History{Start: start, Today: today, Logs: shuffled}); !reflect.DeepEqual(r, again) {
		t.Errorf("history %d: shuffled logs give another plan", i)
	}
	for _, l := range logs {
		w := r.Weeks[l.Week-1]
		// Spreading: the days left in the week and the next week
		// do not exceed the dose already lived.
		if l.Worsened() {
			lived := 0
			for _, d := range w.Days[:l.Day] {
				lived = max(lived, dayMinutes(d))
			}
			for _, d := range w.Days[l.Day:] {
				if dayMinutes(d) > lived {
					t.Errorf("history %d: week %d day %d has %d minutes after spreading on day %d (at most %d a day before)", i, w.Week, d.Day, dayMinutes(d), l.Day, lived)
				}
			}
			if l.Week < coach.PlanWeeks && r.Weeks[l.Week].TotalMinutes > w.TotalMinutes {
				t.Errorf("history %d: week %d has %d minutes after spreading in week %d (%d)", i, l.Week+1, r.Weeks[l.Week].TotalMinutes, l.Week, w.TotalMinutes)
			}
		}
		// Too painful: never made harder afterwards.
		for _, it := range l.Items {
			if it.Skipped != "too_painful" {
				continue
			}
			e, _ := lib.Get(it.Exercise)
			sets := 0
			for _, x := range w.Days[l.Day-1].Items {
				if x.Exercise == e.ID {
					sets = x.Sets
				}
			}
			harder := harderIDs(lib, e)
			for _, wk := range r.Weeks[l.Week-1:] {
				for _, d := range wk.Days {
					if wk.Week == l.Week && d.Day <= l.Day {
						continue
					}
					for _, x := range d.Items {
						if slices.Contains(harder, x.Exercise) || x.Exercise == e.ID && x.Sets > sets && e.Block != coach.Aerobic {
							t.Errorf("history %d: %s marked too painful in week %d day %d, then %s (%d sets) in week %d day %d", i, e.ID, l.Week, l.Day, x.Exercise, x.Sets, wk.Week, d.Day)
						}
					}
				}
			}
		}
	}
}

// harderIDs lists the ids of every harder step of e.
func harderIDs(lib *coach.Library, e *coach.Exercise) []string {
	var out []string
	queue := []string{e.ID}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		ce, _ := lib.Get(c)
		for _, x := range lib.All() {
			if x.ID != e.ID && !slices.Contains(out, x.ID) && (x.Easier == c || ce.Harder == x.ID) {
				out = append(out, x.ID)
				queue = append(queue, x.ID)
			}
		}
	}
	return out
}

// liveRandom is live with random answers: mostly calm sessions, some
// skipped, some flares, leg symptoms that move either way, exercises
// marked too painful. shown records each day's plan as it was shown on
// that day.
func liveRandom(t testing.TB, p coach.Profile, lib *coach.Library, to int, rng *rand.Rand, shown map[[2]int]coach.Day) []coach.Log {
	t.Helper()
	var logs []coach.Log
	legs := []string{"none", "same", "same", "closer", "closer", "gone", "further_down"}
	for w := 1; w <= to; w++ {
		for d := 1; d <= 7; d++ {
			today := coach.PlanDate(start, w, d)
			r := coach.Adapt(p, lib, coach.History{Start: start, Today: today, Logs: logs})
			day := r.Weeks[w-1].Days[d-1]
			shown[[2]int{w, d}] = day
			if day.Rest || rng.IntN(8) == 0 {
				continue
			}
			l := session(w, d)
			pain := rng.IntN(5)
			l.PainBefore, l.PainDuring, l.PainAfter, l.PainNextMorning = ip(pain), ip(pain+rng.IntN(2)), ip(pain+rng.IntN(2)), ip(pain)
			if rng.IntN(12) == 0 {
				l.PainAfter = ip(6 + rng.IntN(4))
			}
			if rng.IntN(15) == 0 {
				l.PainNextMorning = ip(pain + 2)
			}
			l.LegSymptoms = legs[rng.IntN(len(legs))]
			if l.LegSymptoms == "further_down" && rng.IntN(2) == 0 {
				l.LegSymptoms = "closer"
			}
			l.NewNumbnessOrWeakness = rng.IntN(60) == 0
			for _, it := range day.Items {
				li := coach.LogItem{Exercise: it.Exercise, Minutes: it.Minutes, Done: true}
				if rng.IntN(14) == 0 {
					li = coach.LogItem{Exercise: it.Exercise, Skipped: "too_painful"}
				}
				l.Items = append(l.Items, li)
			}
			if e := coach.CheckLogAgainstPlan(l, r); len(e) > 0 {
				t.Fatalf("generated log contradicts the plan: %v", e)
			}
			logs = append(logs, l)
		}
	}
	return logs
}
