package coach_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/coach"
)

// discPersona has a disc herniation with pain below the knee that is
// worse sitting: the plan leads with the sphinx (clinical.md 4.3).
func discPersona() coach.Profile {
	return with(func(p *coach.Profile) {
		p.Age, p.DurationWeeks, p.LegPain, p.ActivityLevel = 40, 8, "below_knee", "light"
		p.WorseWith, p.Conditions = []string{"sitting"}, []string{"disc_herniation"}
	})
}

// stenosisPersona is 70, with spinal stenosis that is worse walking and
// standing and better sitting (clinical.md 4.2).
func stenosisPersona(access ...string) coach.Profile {
	return with(func(p *coach.Profile) {
		p.Age, p.DurationWeeks, p.LegPain, p.ActivityLevel = 70, 30, "above_knee", "light"
		p.WorseWith, p.BetterWith, p.Conditions, p.Access = []string{"walking", "standing"}, []string{"sitting"}, []string{"spinal_stenosis"}, access
	})
}

// answerFunc fills in a person's answers for the session of week w, day
// d, whose planned items are in l.Items (all done); returning false
// leaves the day unlogged.
type answerFunc func(w, d int, l *coach.Log) bool

// live replays a person following the adapted plan day by day up to the
// end of week to: each day the plan is adapted to the logs so far, and
// the day's session is logged with its planned items.
func live(t testing.TB, p coach.Profile, lib *coach.Library, to int, answer answerFunc) []coach.Log {
	t.Helper()
	var logs []coach.Log
	for w := 1; w <= to; w++ {
		for d := 1; d <= 7; d++ {
			today := coach.PlanDate(start, w, d)
			r := coach.Adapt(p, lib, coach.History{Start: start, Today: today, Logs: logs})
			day := r.Weeks[w-1].Days[d-1]
			if day.Rest {
				continue
			}
			l := session(w, d)
			for _, it := range day.Items {
				l.Items = append(l.Items, coach.LogItem{Exercise: it.Exercise, Minutes: it.Minutes, Done: true})
			}
			if answer == nil || answer(w, d, &l) {
				logs = append(logs, l)
			}
		}
	}
	return logs
}

// usesFrom reports whether exercise id is planned on or after week w, day d.
func usesFrom(r coach.Result, w, d int, id string) bool {
	for _, wk := range r.Weeks[w-1:] {
		for _, dy := range wk.Days {
			if wk.Week == w && dy.Day < d {
				continue
			}
			for _, it := range dy.Items {
				if it.Exercise == id {
					return true
				}
			}
		}
	}
	return false
}

func dayMinutes(d coach.Day) int {
	n := 0
	for _, it := range d.Items {
		n += it.Minutes
	}
	return n
}

func adjustmentSays(r coach.Result, change string, words ...string) bool {
	return slices.ContainsFunc(r.Adjustments, func(a coach.Adjustment) bool {
		if change != "" && a.Change != change {
			return false
		}
		for _, w := range words {
			if !strings.Contains(strings.ToLower(a.Reason), strings.ToLower(w)) {
				return false
			}
		}
		return true
	})
}

// TestIssue11Cases reproduces what the clinical review saw (issue 11,
// cases 1-5 and 8).
func TestIssue11Cases(t *testing.T) {
	lib := mustLibrary(t)
	end := func(w int) time.Time { return coach.PlanDate(start, w+1, 1) }
	tests := []struct {
		name    string
		profile coach.Profile
		weeks   int // weeks lived
		answer  answerFunc
		check   func(t *testing.T, r coach.Result, logs []coach.Log)
	}{
		{
			name: "1 disc: spreading in the press-up's first week holds the load and blames the press-up", profile: discPersona(), weeks: 7,
			answer: func(w, d int, l *coach.Log) bool {
				l.LegSymptoms = "closer"
				if slices.ContainsFunc(l.Items, func(it coach.LogItem) bool { return it.Exercise == "prone-press-up" }) && !seenSpread[w] {
					l.LegSymptoms, seenSpread[w] = "further_down", true
				}
				if w == 6 && d == 1 { // a second report, two weeks on
					l.LegSymptoms = "further_down"
				}
				return true
			},
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				var spread []coach.Log
				for _, l := range logs {
					if l.LegSymptoms == "further_down" {
						spread = append(spread, l)
					}
				}
				if len(spread) == 0 {
					t.Fatal("the press-up never came, so nothing spread")
				}
				first := spread[0]
				m := minutes(r)
				if first.Week < coach.PlanWeeks && m[first.Week] > m[first.Week-1] {
					t.Errorf("week %d has %d minutes after spreading in week %d (%d)", first.Week+1, m[first.Week], first.Week, m[first.Week-1])
				}
				if usesFrom(r, first.Week, first.Day+1, "prone-press-up") {
					t.Error("the prone press-up, new in the week of the report, is still planned")
				}
				if usesFrom(r, first.Week, first.Day+1, "cobra") {
					t.Error("cobra, also a backward bend as deep as the press-up, took its place")
				}
				// The sphinx, the easier step done without trouble before,
				// stays: the last level that helped (clinical.md 5.5).
				if !usesFrom(r, first.Week+1, 1, "sphinx") {
					t.Error("the sphinx, the last level that helped, was taken out")
				}
				if len(spread) < 2 || spread[1].Week != 6 {
					t.Fatalf("reports %d", len(spread))
				}
				if usesFrom(r, 6, 2, "cobra") || m[6] > m[5] {
					t.Errorf("after the second report: cobra planned %v, week 7 %d minutes after week 6's %d", usesFrom(r, 6, 2, "cobra"), m[6], m[5])
				}
				if !usesFrom(r, first.Week+1, 1, "pelvic-tilt") {
					t.Error("the pelvic tilt done safely for weeks was taken out")
				}
				if !r.Rescreen {
					t.Error("no re-screen")
				}
			},
		},
		{
			name: "2 stenosis: spreading after walking shortens the walks and keeps the forward bends", profile: stenosisPersona(), weeks: 6,
			answer: func(w, d int, l *coach.Log) bool {
				if w == 3 && d == 1 {
					l.LegSymptoms = "further_down"
				}
				return true
			},
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				for _, id := range []string{"knee-to-chest", "pelvic-tilt"} {
					if !usesFrom(r, 4, 1, id) {
						t.Errorf("%s, a forward bend that relieves stenosis, was taken out", id)
					}
				}
				if excludedReason(r, "childs-pose") != "" && strings.Contains(excludedReason(r, "childs-pose"), "spread") {
					t.Errorf("child's pose excluded for the walk: %s", excludedReason(r, "childs-pose"))
				}
				m := minutes(r)
				if m[3] > m[2] || r.Weeks[3].ModerateMinutes > r.Weeks[2].ModerateMinutes {
					t.Errorf("week 4 has %d minutes (%d walking) after spreading in week 3 (%d, %d walking)", m[3], r.Weeks[3].ModerateMinutes, m[2], r.Weeks[2].ModerateMinutes)
				}
				reported := false
				for _, w := range r.Weeks[2:] {
					for _, d := range w.Days {
						if w.Week == 3 && d.Day <= 1 {
							continue
						}
						for _, it := range d.Items {
							if it.Exercise == "brisk-walking" && it.Minutes > 3*it.Sets && !reported {
								t.Errorf("week %d day %d: %d minutes of walking in %d bouts; want bouts of at most 3 minutes", w.Week, d.Day, it.Minutes, it.Sets)
								reported = true
							}
						}
					}
				}
				if !r.Rescreen || !adjustmentSays(r, "", "walk") {
					t.Errorf("rescreen %v, adjustments %v", r.Rescreen, changes(r))
				}
			},
		},
		{
			name: "2b stenosis with a bike: spreading after walking moves the walking to the bike", profile: stenosisPersona("bike"), weeks: 6,
			answer: func(w, d int, l *coach.Log) bool {
				if w == 3 && slices.ContainsFunc(l.Items, func(it coach.LogItem) bool { return it.Exercise == "brisk-walking" }) && !seenSpread[100+w] {
					l.LegSymptoms, seenSpread[100+w] = "further_down", true
				}
				return true
			},
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				if usesFrom(r, 4, 1, "brisk-walking") || !usesFrom(r, 4, 1, "cycling") {
					t.Error("walking still planned after it brought on leg symptoms, though a bike is there")
				}
				if !usesFrom(r, 4, 1, "knee-to-chest") {
					t.Error("knee-to-chest taken out")
				}
			},
		},
		{
			name: "3 too painful: the easier version or left out, gone after two marks, never progressed", profile: discPersona(), weeks: 12,
			answer: func(w, d int, l *coach.Log) bool {
				l.LegSymptoms = "closer"
				for i, it := range l.Items {
					if it.Exercise == "bird-dog" || it.Exercise == "sphinx" {
						l.Items[i].Done, l.Items[i].Minutes, l.Items[i].Skipped = false, 0, "too_painful"
					}
				}
				return true
			},
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				for _, id := range []string{"bird-dog", "sphinx"} {
					var marks []coach.Log
					for _, l := range logs {
						if slices.ContainsFunc(l.Items, func(it coach.LogItem) bool { return it.Exercise == id && it.Skipped == "too_painful" }) {
							marks = append(marks, l)
						}
					}
					if len(marks) == 0 {
						t.Fatalf("%s never planned", id)
					}
					if len(marks) > 2 {
						t.Errorf("%s marked too painful %d times: still planned after two marks", id, len(marks))
					}
					first := marks[0]
					next := first.Week + 1
					if usesFrom(r, first.Week, first.Day+1, id) && !usesFrom(r, next+1, 1, id) {
						t.Errorf("%s planned again right after being too painful", id)
					}
					if usesFrom(r, first.Week, first.Day+1, id) {
						// it may come back only after the next week
						for _, w := range r.Weeks[first.Week-1 : min(next, coach.PlanWeeks)] {
							for _, d := range w.Days {
								if (w.Week > first.Week || d.Day > first.Day) && slices.ContainsFunc(d.Items, func(it coach.Item) bool { return it.Exercise == id }) {
									t.Errorf("%s planned in week %d day %d, right after it was too painful", id, w.Week, d.Day)
								}
							}
						}
					}
					last := marks[len(marks)-1]
					if len(marks) == 2 && usesFrom(r, last.Week, last.Day+1, id) {
						t.Errorf("%s planned after its second mark", id)
					}
					e, _ := lib.Get(id)
					if len(marks) == 2 && !strings.Contains(excludedReason(r, id), e.Name) {
						t.Errorf("%s: excluded reason %q", id, excludedReason(r, id))
					}
					if !adjustmentSays(r, "", e.Name, "too painful") {
						t.Errorf("no adjustment names %s as too painful: %v", e.Name, changes(r))
					}
				}
				for _, w := range r.Weeks {
					for _, it := range weekItems(w) {
						if it.Exercise == "bird-dog" && it.Sets > 1 {
							t.Errorf("bird dog progressed to %d sets in week %d", it.Sets, w.Week)
						}
						if it.Exercise == "cobra" || it.Exercise == "prone-press-up" {
							t.Errorf("%s, the harder step of the too painful sphinx, planned in week %d", it.Exercise, w.Week)
						}
					}
				}
			},
		},
		{
			name: "4 pain creeping up week on week stops progression", profile: deskWorker(), weeks: 8,
			answer: func(w, d int, l *coach.Log) bool {
				// 1, 2, 3, 4, 5, then back to 2: the trend stopped and pain
				// is again within 2 points of the start (a plateau 2 points
				// or more above it stays held: clinical review finding 6).
				p := w
				if w > 5 {
					p = 2
				}
				l.PainBefore, l.PainDuring, l.PainAfter, l.PainNextMorning = ip(p), ip(p), ip(p), ip(p)
				return true
			},
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				m := minutes(r)
				held := 0
				for _, a := range r.Adjustments {
					if a.Change == coach.ChangeHold && strings.Contains(a.Reason, "rising") {
						held++
						if m[a.Week-1] > m[a.Week-2] {
							t.Errorf("week %d held for rising pain but has %d minutes, more than week %d (%d)", a.Week, m[a.Week-1], a.Week-1, m[a.Week-2])
						}
					}
				}
				if held == 0 {
					t.Fatalf("no hold for pain rising from 1 to 5: %v (minutes %v)", changes(r), m)
				}
				if !adjustmentSays(r, coach.ChangeProgress, "stopped rising") {
					t.Errorf("progression never resumed after the trend stopped: %v", changes(r))
				}
			},
		},
		{
			name: "5 a flare on Tuesday eases the rest of that week and asks for a re-screen", profile: deskWorker(), weeks: 6,
			answer: func(w, d int, l *coach.Log) bool {
				if w == 6 && d == 2 {
					l.PainAfter = ip(8)
				}
				return w < 6 || d <= 2
			},
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				plain := coach.Plan(deskWorker(), lib)
				for d := 1; d <= 7; d++ {
					got, want := dayMinutes(r.Weeks[5].Days[d-1]), dayMinutes(plain.Weeks[5].Days[d-1])
					switch {
					case d <= 2 && got != want:
						t.Errorf("day %d, already lived, changed from %d to %d minutes", d, want, got)
					case d > 2 && want > 0 && got > want*7/10:
						t.Errorf("day %d after the flare has %d minutes; want at most 70%% of %d", d, got, want)
					}
				}
				if !r.Rescreen {
					t.Error("no re-screen after a flare")
				}
				if !adjustmentSays(r, coach.ChangeStepBack, "8/10") {
					t.Errorf("adjustments %v", changes(r))
				}
			},
		},
		{
			name: "8a disc, symptoms the same: the press-up does not come by the calendar", profile: discPersona(), weeks: 8,
			answer: func(w, d int, l *coach.Log) bool { l.LegSymptoms = "same"; return true },
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				if usesFrom(r, 1, 1, "prone-press-up") || usesFrom(r, 1, 1, "cobra") {
					t.Error("the press-up came while leg symptoms stayed the same")
				}
			},
		},
		{
			name: "8b disc, symptoms moving closer: the press-up comes after two such sessions", profile: discPersona(), weeks: 8,
			answer: func(w, d int, l *coach.Log) bool {
				l.LegSymptoms = "same"
				if w >= 5 {
					l.LegSymptoms = "closer"
				}
				return true
			},
			check: func(t *testing.T, r coach.Result, logs []coach.Log) {
				for _, w := range r.Weeks[:5] {
					if weekUses(w, "prone-press-up") {
						t.Errorf("the press-up came in week %d, before the symptoms moved closer", w.Week)
					}
				}
				if !usesFrom(r, 6, 1, "prone-press-up") {
					t.Errorf("no press-up after a week of symptoms moving closer: %v", changes(r))
				}
				if !adjustmentSays(r, coach.ChangeProgress, "Prone press-up", "closer") {
					t.Errorf("the step to the press-up is not explained: %v", changes(r))
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clear(seenSpread)
			logs := live(t, tc.profile, lib, tc.weeks, tc.answer)
			r := coach.Adapt(tc.profile, lib, coach.History{Start: start, Today: end(tc.weeks), Logs: logs})
			if r.Status != coach.StatusPlan {
				t.Fatalf("status %s", r.Status)
			}
			checkAdapted(t, tc.profile, r, lib)
			tc.check(t, r, logs)
		})
	}
}

// weekItems lists a week's items, one per exercise and dose.
func weekItems(w coach.Week) []coach.Item {
	var out []coach.Item
	for _, d := range w.Days {
		for _, it := range d.Items {
			if !slices.ContainsFunc(out, func(x coach.Item) bool { return x.Exercise == it.Exercise && x.Sets == it.Sets }) {
				out = append(out, it)
			}
		}
	}
	return out
}

// seenSpread remembers, per week, that a replayed person already
// reported spreading.
var seenSpread = map[int]bool{}
