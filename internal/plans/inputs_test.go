package plans_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/store"
	"supple/internal/storetest"
	"supple/internal/validate"
)

// fakeRx is a member's prescriptions, as the clinic part keeps them.
type fakeRx map[int64][]coach.Prescription

func (f fakeRx) Prescriptions(_ context.Context, userID int64) ([]coach.Prescription, error) {
	return f[userID], nil
}

type inputsWorld struct {
	ctx  context.Context
	db   *store.DB
	s    *plans.Service
	now  time.Time
	user int64
	rx   fakeRx
}

func newInputsWorld(t *testing.T) *inputsWorld {
	t.Helper()
	w := &inputsWorld{ctx: context.Background(), db: storetest.New(t), now: day0.Add(8 * time.Hour), rx: fakeRx{}}
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	w.s = plans.New(w.db, lib, func() time.Time { return w.now })
	w.s.UsePrescriptions(w.rx)
	if err := w.s.Sync(w.ctx); err != nil {
		t.Fatal(err)
	}
	u, err := w.db.CreateUser(w.ctx, "ann@example.org", "hash", "member", w.now, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.user = u.ID
	p := coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary", MinutesPerDay: 30,
		DaysPerWeek: 5, WorseWith: []string{}, BetterWith: []string{}, Conditions: []string{}, RedFlags: []string{}, Access: []string{}}
	if _, err := w.s.CreateActive(w.ctx, w.user, p); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *inputsWorld) active(t *testing.T) *plans.Plan {
	t.Helper()
	pl, err := w.s.Active(w.ctx, w.user)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

func daysOf(r coach.Result) []coach.Day {
	var out []coach.Day
	for _, wk := range r.Weeks {
		out = append(out, wk.Days...)
	}
	return out
}

func uses(d coach.Day, id string) bool {
	return slices.ContainsFunc(d.Items, func(it coach.Item) bool { return it.Exercise == id })
}

// A swap set on day 15 is kept, used from then on, and undone from a
// later day; the days before each change stay as they were.
func TestSwapAndUndoAreStoredFromTheirDay(t *testing.T) {
	w := newInputsWorld(t)
	made := daysOf(w.active(t).Result)
	w.now = day0.AddDate(0, 0, 14).Add(9 * time.Hour) // week 3, day 1
	pl, err := w.s.SetSwap(w.ctx, w.user, "bird-dog", "glute-bridge")
	if err != nil {
		t.Fatal(err)
	}
	if pl.Choices.Swaps["bird-dog"].With != "glute-bridge" {
		t.Fatalf("choices %+v", pl.Choices)
	}
	swapped := daysOf(pl.Result)
	for i, d := range swapped {
		switch {
		case i < 14 && !reflect.DeepEqual(d, made[i]):
			t.Errorf("day %d changed before the swap", i)
		case i >= 14 && uses(d, "bird-dog"):
			t.Errorf("day %d still plans bird dog", i)
		}
	}
	if !slices.ContainsFunc(pl.Alternatives("cat-cow"), func(e *coach.Exercise) bool { return e.ID == "pelvic-tilt" }) {
		t.Error("pelvic tilt is not offered for cat-cow")
	}
	// Refused: another block, with the reason as a field error.
	_, err = w.s.SetSwap(w.ctx, w.user, "bird-dog", "cat-cow")
	var se *coach.SwapError
	var ve validate.Errors
	if !errors.As(err, &se) || !errors.As(err, &ve) || ve.For("with") == "" {
		t.Fatalf("swap to another block: %v", err)
	}
	// Undone on day 29.
	w.now = day0.AddDate(0, 0, 28).Add(9 * time.Hour)
	pl, err = w.s.UndoSwap(w.ctx, w.user, "bird-dog")
	if err != nil {
		t.Fatal(err)
	}
	undone := daysOf(pl.Result)
	for i := range 28 {
		if !reflect.DeepEqual(undone[i], swapped[i]) {
			t.Errorf("day %d changed when the swap was undone", i)
		}
	}
	if !slices.ContainsFunc(undone[28:35], func(d coach.Day) bool { return uses(d, "bird-dog") }) {
		t.Error("bird dog is not back after the undo")
	}
	if _, err := w.s.UndoSwap(w.ctx, w.user, "bird-dog"); !errors.Is(err, plans.ErrNoSwap) {
		t.Errorf("a second undo: %v, want ErrNoSwap", err)
	}
}

// A settings change is checked like a new profile and lays out the days
// to come; a logged today is lived, so the change starts tomorrow.
func TestChangeSettingsFromTheDayToCome(t *testing.T) {
	w := newInputsWorld(t)
	bad := 9
	_, err := w.s.ChangeSettings(w.ctx, w.user, plans.Settings{DaysPerWeek: &bad})
	var ve validate.Errors
	if !errors.As(err, &ve) || ve.For("days_per_week") == "" {
		t.Fatalf("9 days a week: %v", err)
	}
	w.now = day0.AddDate(0, 0, 7).Add(9 * time.Hour) // week 2, day 1
	made := w.active(t)
	if _, err := w.db.AddLog(w.ctx, store.SessionLog{UserID: w.user, PlanID: made.ID, Kind: coach.KindSession, Week: 2, Day: 1,
		Date: "2026-11-30", Done: true, LegSymptoms: "none", RedFlags: "[]", Items: "[]", Recorded: "2026-11-30", CreatedAt: w.now, UpdatedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	from, err := w.s.SettingsFrom(w.ctx, w.user)
	if err != nil || from.Format(time.DateOnly) != "2026-12-01" {
		t.Fatalf("settings from %v (%v), want the day after the logged today", from, err)
	}
	three, pool := 3, []string{"pool"}
	pl, err := w.s.ChangeSettings(w.ctx, w.user, plans.Settings{DaysPerWeek: &three, Access: &pool})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Profile.DaysPerWeek != 3 || !slices.Equal(pl.Profile.Access, pool) {
		t.Errorf("profile now %+v", pl.Profile)
	}
	before, after := daysOf(made.Result), daysOf(pl.Result)
	for i := range 8 {
		if !reflect.DeepEqual(before[i], after[i]) {
			t.Errorf("day %d changed before the change", i)
		}
	}
	if !slices.ContainsFunc(pl.Result.Adjustments, func(a coach.Adjustment) bool {
		return a.Change == coach.ChangeSettings && strings.Contains(a.Reason, "3 days a week (was 5)")
	}) {
		t.Errorf("no settings adjustment: %+v", pl.Result.Adjustments)
	}
}

// Prescriptions come from the source, belong to the member and carry
// over to a new plan.
func TestPrescriptionsFollowTheMember(t *testing.T) {
	w := newInputsWorld(t)
	w.rx[w.user] = []coach.Prescription{{ID: 7, Kind: coach.PrescribeExclude, Exercise: "downward-dog-chair", Reason: "it pulls on your hamstring",
		By: "Sam Okafor", From: day0.AddDate(0, 0, 3)}}
	pl := w.active(t)
	days := daysOf(pl.Result)
	if !uses(days[0], "downward-dog-chair") || slices.ContainsFunc(days[3:], func(d coach.Day) bool { return uses(d, "downward-dog-chair") }) {
		t.Error("the exclusion does not act from its day")
	}
	said := func(r coach.Result) bool {
		return slices.ContainsFunc(r.Adjustments, func(a coach.Adjustment) bool {
			return a.Change == coach.ChangePrescription && strings.Contains(a.Reason, "Sam Okafor") && strings.Contains(a.Reason, "hamstring")
		})
	}
	if !said(pl.Result) {
		t.Errorf("no prescription adjustment: %+v", pl.Result.Adjustments)
	}
	w.now = day0.AddDate(0, 0, 10)
	next, err := w.s.CreateActive(w.ctx, w.user, pl.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if next.ID == pl.ID || slices.ContainsFunc(daysOf(next.Result), func(d coach.Day) bool { return uses(d, "downward-dog-chair") }) || !said(next.Result) {
		t.Error("the new plan does not follow the member's prescription")
	}
}
