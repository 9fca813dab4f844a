package progress_test

import (
	"context"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/storetest"
)

// A new plan made the same day as a logged session: the active plan's
// state keeps that session as the person's (Earlier), knows today is
// done, and puts its pain on the chart's points, marked; the new plan's
// own logs, averages and adaptation stay its own.
func TestEarlierPlansFollowThePerson(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	ctx := context.Background()
	logged, err := f.prog.AddLog(ctx, f.user, f.session(4, 3))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	ps := plans.New(f.db, lib, func() time.Time { return now })
	second, err := ps.Create(ctx, f.plan.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Save(ctx, second.Token, f.user); err != nil {
		t.Fatal(err)
	}
	st, err := f.prog.Current(ctx, f.user, "")
	if err != nil {
		t.Fatal(err)
	}
	if st.Plan.ID == f.plan.ID || len(st.Logs) != 0 {
		t.Fatalf("the active plan is %d with %d logs, want the new one with none", st.Plan.ID, len(st.Logs))
	}
	if len(st.Earlier) != 1 || st.Earlier[0].ID != logged.ID {
		t.Fatalf("earlier logs: %+v, want the morning's session %d", st.Earlier, logged.ID)
	}
	if l := st.LoggedToday(); l == nil || l.ID != logged.ID {
		t.Errorf("LoggedToday: %v, want the morning's session", l)
	}
	sum := progress.Summarize(st, lib)
	if sum.Pain.Earlier != 1 || len(sum.Pain.Points) != 1 || !sum.Pain.Points[0].Earlier {
		t.Errorf("pain points: %+v (earlier %d), want the morning's, marked", sum.Pain.Points, sum.Pain.Earlier)
	}
	if sum.Pain.OK || sum.Sessions.Full != 0 || sum.Sessions.Planned != 0 {
		t.Errorf("the new plan's own numbers count the earlier session: %+v %+v", sum.Pain, sum.Sessions)
	}
	// The minutes and the day list follow the person too, marked (UX
	// review 3, H2): the morning's walk is in week 1's minutes, and
	// today is done, not still to come.
	aerobic := 0
	for _, it := range logged.Items {
		if e, ok := lib.Get(it.Exercise); ok && it.Done && e.Block == coach.Aerobic {
			aerobic += it.Minutes
		}
	}
	if aerobic == 0 {
		t.Fatal("the morning's session has no aerobic minutes to count")
	}
	if sum.Minutes.Earlier != aerobic || sum.Minutes.ByWeek[0].Minutes != aerobic || sum.Minutes.Total != aerobic {
		t.Errorf("minutes: %+v, want the morning's %d in week 1, marked as from an earlier plan", sum.Minutes, aerobic)
	}
	if sum.Sessions.Earlier != 1 {
		t.Errorf("sessions of earlier plans on this plan's days: %d, want 1", sum.Sessions.Earlier)
	}
	if d := sum.Days[0]; d.Status != progress.DayDone || !d.Earlier {
		t.Errorf("today in the day list: %+v, want done on an earlier plan", d)
	}
}

// BenchmarkCurrent loads a member's state with one earlier plan of 20
// logged sessions: the earlier plan's logs are read (from the cache) on
// every call.
func BenchmarkCurrent(b *testing.B) {
	f := newFixture(b, storetest.New(b))
	ctx := context.Background()
	for week := 1; week <= 4; week++ {
		for day := 1; day <= 7; day++ {
			if week == 4 && day > 3 {
				break
			}
			_, _ = f.prog.AddLog(ctx, f.user, f.session(week, day)) // rest days are refused
		}
	}
	lib, err := coach.LoadLibrary()
	if err != nil {
		b.Fatal(err)
	}
	ps := plans.New(f.db, lib, func() time.Time { return now })
	second, err := ps.Create(ctx, f.plan.Profile)
	if err != nil {
		b.Fatal(err)
	}
	if err := ps.Save(ctx, second.Token, f.user); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		st, err := f.prog.Current(ctx, f.user, "")
		if err != nil || len(st.Earlier) == 0 {
			b.Fatalf("%v, %d earlier logs", err, len(st.Earlier))
		}
	}
}
