package coach_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"supple/internal/coach"
)

// changedLibrary is lib with change applied to its exercise data.
func changedLibrary(t testing.TB, lib *coach.Library, change func(*coach.Exercise)) *coach.Library {
	t.Helper()
	out, err := lib.Changed(change)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLibraryVersion(t *testing.T) {
	lib := mustLibrary(t)
	if len(lib.Version()) != 16 {
		t.Fatalf("version %q: want 16 hex digits", lib.Version())
	}
	same := changedLibrary(t, lib, func(*coach.Exercise) {})
	if same.Version() != lib.Version() {
		t.Errorf("the same data read back has version %s, want %s", same.Version(), lib.Version())
	}
	if len(same.All()) != len(lib.All()) {
		t.Errorf("read back %d exercises, want %d", len(same.All()), len(lib.All()))
	}
	for name, change := range map[string]func(*coach.Exercise){
		"dose":    func(e *coach.Exercise) { e.Dose.Reps++ },
		"rating":  func(e *coach.Exercise) { e.Ratings["acute"] = coach.Prefer },
		"wording": func(e *coach.Exercise) { e.Summary += " " },
	} {
		if v := changedLibrary(t, lib, change).Version(); v == lib.Version() {
			t.Errorf("%s changed: version stays %s", name, v)
		}
	}
	if _, err := coach.LibraryFromData([]byte(`[{"id":"x"}]`)); err == nil {
		t.Error("an exercise without name, steps or sources was read as a library")
	}
}

// firstStrength is the first exercise other than aerobic work of a plan's first session.
func firstStrength(t *testing.T, r coach.Result) string {
	t.Helper()
	for _, d := range r.Weeks[0].Days {
		for _, it := range d.Items {
			if it.Block != coach.Aerobic {
				return it.Exercise
			}
		}
	}
	t.Fatal("no exercise but aerobic work in week 1")
	return ""
}

func TestAdaptAcrossLibraryUpdate(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	const fromDay = 17 // week 3, day 4
	from := start.AddDate(0, 0, fromDay)
	id := firstStrength(t, coach.Plan(p, lib))
	h := coach.History{Start: start, Today: from.AddDate(0, 0, -1), Logs: logWeeks(coach.Plan(p, lib), 1, 2, nil)}

	cases := []struct {
		name   string
		change func(*coach.Exercise)
		want   []string // in the library adjustment; nil: no adjustment
	}{
		{"dose changed", func(e *coach.Exercise) {
			if e.ID == id {
				if e.Dose.HoldSeconds > 0 {
					e.Dose.HoldSeconds += 5
				} else {
					e.Dose.Reps += 2
				}
			}
		}, []string{"a different dose", "(version "}},
		{"exercise removed", func(e *coach.Exercise) {
			if e.ID == id {
				e.Avoid, e.AvoidReason = true, "Withdrawn for review."
			}
		}, []string{"no longer in it"}},
		{"nothing for this person", func(e *coach.Exercise) {
			if e.ID == id {
				e.Summary += " Breathe out as you lift."
			}
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			newLib := changedLibrary(t, lib, c.change)
			if newLib.Version() == lib.Version() {
				t.Fatal("the changed library has the old version")
			}
			got := coach.AdaptAcross(p, []coach.Segment{{From: start, Library: lib}, {From: from, Library: newLib}}, h)
			old, cur := coach.Adapt(p, lib, h), coach.Adapt(p, newLib, h)
			differs := false
			for wi, w := range got.Weeks {
				minutes := 0
				for di, d := range w.Days {
					n := wi*7 + di
					want := cur.Weeks[wi].Days[di]
					if n < fromDay {
						want = old.Weeks[wi].Days[di]
					}
					if !reflect.DeepEqual(d, want) {
						t.Fatalf("week %d day %d = %+v, want %+v", w.Week, d.Day, d, want)
					}
					if n >= fromDay && !reflect.DeepEqual(d, old.Weeks[wi].Days[di]) {
						differs = true
					}
					for _, it := range d.Items {
						minutes += it.Minutes
					}
				}
				if w.TotalMinutes != minutes {
					t.Errorf("week %d total %d minutes, its days hold %d", w.Week, w.TotalMinutes, minutes)
				}
			}
			var notes []coach.Adjustment
			for _, a := range got.Adjustments {
				if a.Change == coach.ChangeLibrary {
					notes = append(notes, a)
				}
			}
			if c.want == nil {
				if differs || len(notes) > 0 {
					t.Fatalf("an update that changes nothing for this person: days differ %v, notes %+v", differs, notes)
				}
				return
			}
			if !differs {
				t.Fatal("the coming weeks do not follow the new library")
			}
			if len(notes) != 1 || notes[0].Week != 3 || notes[0].Day != 4 {
				t.Fatalf("library adjustments %+v, want one on week 3 day 4", notes)
			}
			e, _ := lib.Get(id)
			for _, s := range append(c.want, lib.Version()+" → "+newLib.Version(), strings.ToLower(e.Name[:1])+e.Name[1:]) {
				if !strings.Contains(notes[0].Reason, s) {
					t.Errorf("reason %q does not say %q", notes[0].Reason, s)
				}
			}
		})
	}
}

func TestAdaptAcrossOneLibraryIsAdapt(t *testing.T) {
	lib := mustLibrary(t)
	p := base()
	h := coach.History{Start: start, Today: start.AddDate(0, 0, 20), Logs: logWeeks(coach.Plan(p, lib), 1, 2, nil)}
	got := coach.AdaptAcross(p, []coach.Segment{{From: start, Library: lib}, {From: start.AddDate(0, 0, 9), Library: lib}}, h)
	if want := coach.Adapt(p, lib, h); !reflect.DeepEqual(got, want) {
		t.Error("a plan that stays on one library is not what Adapt makes")
	}
}

// An exercise is never deleted from the library: plans that lived days
// with it show those days again on every read (docs/clinical-rules.md,
// L5). testdata/exercise_ids.txt lists every exercise ever shipped.
func TestNoExerciseIsEverDeleted(t *testing.T) {
	lib := mustLibrary(t)
	b, err := os.ReadFile(filepath.Join("testdata", "exercise_ids.txt"))
	if err != nil {
		t.Fatal(err)
	}
	shipped := map[string]bool{}
	for id := range strings.FieldsSeq(string(b)) {
		shipped[id] = true
		if _, ok := lib.Get(id); !ok {
			t.Errorf("exercise %q was deleted: withdraw it with avoid: true and an avoid_reason instead, so plans that used it keep their lived days", id)
		}
	}
	for _, e := range lib.All() {
		if !shipped[e.ID] {
			t.Errorf("exercise %q is new: add it to testdata/exercise_ids.txt", e.ID)
		}
	}
}
