package plans_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/storetest"
)

var day0 = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// libraryNotes are a result's library adjustments as "week.day from→to".
func libraryNotes(r coach.Result, names map[string]string) []string {
	var out []string
	for _, a := range r.Adjustments {
		if a.Change != coach.ChangeLibrary {
			continue
		}
		s := fmt.Sprintf("%d.%d", a.Week, max(a.Day, 1))
		for v, n := range names {
			for w, m := range names {
				if v != w && strings.Contains(a.Reason, "(version "+v+" → "+w+")") {
					s += " " + n + "→" + m
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// Each library the server starts with is recorded once, from the first
// day no one has begun; a plan follows the library in use on each of its
// days, whether it was made before or after an update, through a
// rollback too.
func TestLibraryUpdatesReachPlansFromTheirDay(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	lib1, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary", MinutesPerDay: 30,
		DaysPerWeek: 5, WorseWith: []string{"sitting"}, BetterWith: []string{}, Conditions: []string{}, RedFlags: []string{}, Access: []string{}}
	first := coach.Plan(p, lib1).Weeks[0].Days[0].Items[0].Exercise
	lib2, err := lib1.Changed(func(e *coach.Exercise) {
		if e.ID == first {
			e.Dose.Sets++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{lib1.Version(): "v1", lib2.Version(): "v2"}
	start := func(lib *coach.Library, at time.Time) *plans.Service {
		t.Helper()
		s := plans.New(db, lib, func() time.Time { return at })
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	recorded := func(want int) {
		t.Helper()
		if v, err := db.LibraryVersions(ctx); err != nil || len(v) != want {
			t.Fatalf("%d libraries recorded (%v), want %d", len(v), err, want)
		}
	}

	s := start(lib1, day0.Add(7*time.Hour))
	before, err := s.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	start(lib1, day0.Add(9*time.Hour)) // a restart with the same library
	recorded(1)

	// Day 3 at 07:00 UTC is day 3 everywhere still: the update starts on
	// day 4 (week 1, day 5).
	s = start(lib2, day0.AddDate(0, 0, 3).Add(7*time.Hour))
	recorded(2)
	after, err := s.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	check := func(s *plans.Service, pl *plans.Plan, made string, want ...string) {
		t.Helper()
		got, err := s.Get(ctx, pl.Token, 0)
		if err != nil {
			t.Fatal(err)
		}
		if names[got.LibraryVersion] != made {
			t.Errorf("plan made with %s, want %s", names[got.LibraryVersion], made)
		}
		if notes := libraryNotes(got.Result, names); !slices.Equal(notes, want) {
			t.Errorf("library notes %q, want %q", notes, want)
		}
	}
	check(s, before, "v1", "1.5 v1→v2")
	check(s, after, "v2")

	// A rollback on day 8 at 12:00 UTC, when it is already day 9 in the
	// furthest time zone: the old library is back from day 10 (week 2,
	// day 4, of the plan made on day 3: week 2, day 1).
	s = start(lib1, day0.AddDate(0, 0, 8).Add(12*time.Hour))
	recorded(3)
	check(s, before, "v1", "1.5 v1→v2", "2.4 v2→v1")
	check(s, after, "v2", "2.1 v2→v1")
}
