package progress_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/store"
	"supple/internal/storetest"
	"supple/internal/validate"
)

// The plan starts on Monday 2026-11-02; "now" is in week 4, day 3.
var (
	planDay = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	now     = time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
)

type fixture struct {
	db   *store.DB
	prog *progress.Service
	user int64
	plan *plans.Plan
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	clock := planDay
	ps := plans.New(db, lib, func() time.Time { return clock })
	accts := account.New(db, func() time.Time { return clock }, func(time.Duration) {}, nil)
	u, err := accts.Create(ctx, "member@example.org", "a long enough password 1", "member")
	if err != nil {
		t.Fatal(err)
	}
	p := coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary", MinutesPerDay: 30,
		DaysPerWeek: 5, WorseWith: []string{"sitting"}, BetterWith: []string{}, Conditions: []string{}, RedFlags: []string{}, Access: []string{"bike"}}
	pl, err := ps.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Save(ctx, pl.Token, u.ID); err != nil {
		t.Fatal(err)
	}
	clock = now
	return &fixture{db: db, prog: progress.New(db, ps, func() time.Time { return now }), user: u.ID, plan: pl}
}

func ip(n int) *int { return &n }

func (f *fixture) session(week, day int) coach.Log {
	return coach.Log{Kind: coach.KindSession, Week: week, Day: day, Date: coach.PlanDate(f.plan.Start, week, day).Format(time.DateOnly),
		Done: true, PainBefore: ip(3), PainDuring: ip(3), PainAfter: ip(4), LegSymptoms: "none", RedFlags: []string{},
		Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 10, Done: true}}}
}

func TestAddLog(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	ctx := context.Background()
	rest := 0
	for _, d := range f.plan.Result.Weeks[0].Days {
		if d.Rest {
			rest = d.Day
			break
		}
	}
	tests := []struct {
		name  string
		log   func() coach.Log
		field string // the field a validation error names; "" for success
		err   error
	}{
		{"a session", func() coach.Log { return f.session(1, 1) }, "", nil},
		{"the same day again", func() coach.Log { return f.session(1, 1) }, "", progress.ErrDuplicate},
		{"a date that is not the plan day", func() coach.Log { l := f.session(1, 2); l.Date = "2026-11-05"; return l }, "date", nil},
		{"a date in the future", func() coach.Log { return f.session(4, 5) }, "date", nil},
		{"a week not in the plan", func() coach.Log { l := f.session(1, 2); l.Week = 13; return l }, "week", nil},
		{"pain out of range", func() coach.Log { l := f.session(1, 2); n := 11; l.PainAfter = &n; return l }, "pain_after", nil},
		{"a note with a direction override and a control character", func() coach.Log { l := f.session(1, 2); l.Note = "Felt \u202estiff\x01"; return l }, "note", nil},
		{"a note with NUL", func() coach.Log { l := f.session(1, 2); l.Note = "a\x00b"; return l }, "note", nil},
		{"a rest day", func() coach.Log { return f.session(1, rest) }, "day", nil},
		{"an unknown exercise", func() coach.Log {
			l := f.session(1, 2)
			l.Items = []coach.LogItem{{Exercise: "handstand", Minutes: 5, Done: true}}
			return l
		}, "items[0].exercise", nil},
		{"too painful on an exercise not planned that day", func() coach.Log {
			l := f.session(1, 2)
			l.Items = []coach.LogItem{{Exercise: "side-plank", Skipped: "too_painful"}}
			return l
		}, "items[0].exercise", nil},
		{"the same exercise twice", func() coach.Log {
			l := f.session(1, 2)
			l.Items = append(l.Items, coach.LogItem{Exercise: "brisk-walking", Skipped: "too_painful"})
			return l
		}, "items[1].exercise", nil},
		{"before the plan started", func() coach.Log {
			return coach.Log{Kind: coach.KindActivity, Date: "2026-10-30", Done: true, LegSymptoms: "none", Items: []coach.LogItem{{Exercise: "cycling", Minutes: 25, Done: true}}}
		}, "date", nil},
		{"an activity on a rest day", func() coach.Log {
			d := coach.PlanDate(f.plan.Start, 1, rest).Format(time.DateOnly)
			return coach.Log{Kind: coach.KindActivity, Date: d, Done: true, LegSymptoms: "none", Items: []coach.LogItem{{Exercise: "cycling", Minutes: 25, Done: true}}}
		}, "", nil},
		{"a second activity the same day", func() coach.Log {
			d := coach.PlanDate(f.plan.Start, 1, rest).Format(time.DateOnly)
			return coach.Log{Kind: coach.KindActivity, Date: d, Done: true, LegSymptoms: "none", Items: []coach.LogItem{{Exercise: "swimming", Minutes: 20, Done: true}}}
		}, "", nil},
	}
	stored := 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.prog.AddLog(ctx, f.user, tc.log())
			var verr validate.Errors
			switch {
			case tc.err != nil:
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
			case tc.field != "":
				if !errors.As(err, &verr) || verr.For(tc.field) == "" {
					t.Fatalf("err %v, want a message for %q", err, tc.field)
				}
			case err != nil:
				t.Fatal(err)
			default:
				stored++
				if got.ID == 0 || got.Recorded != "2026-11-25" || got.Week != 1 {
					t.Errorf("stored log %+v", got)
				}
			}
		})
	}
	logs, err := f.prog.Logs(ctx, f.user)
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) != stored {
		t.Errorf("%d logs stored, want %d", len(logs), stored)
	}
}

func TestUpdateLogAndAdapt(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	ctx := context.Background()
	var first coach.Log
	for _, d := range f.plan.Result.Weeks[3].Days {
		if d.Rest || d.Day > 3 {
			continue
		}
		l, err := f.prog.AddLog(ctx, f.user, f.session(4, d.Day))
		if err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 {
			first = l
		}
	}
	first.PainNextMorning = ip(6) // 3 points above the 3 before: a flare
	if _, err := f.prog.UpdateLog(ctx, f.user, first); err != nil {
		t.Fatal(err)
	}
	got, err := f.prog.Log(ctx, f.user, first.ID)
	if err != nil || got.PainNextMorning == nil || *got.PainNextMorning != 6 {
		t.Fatalf("log after update %+v, %v", got, err)
	}
	st, err := f.prog.Current(ctx, f.user, "")
	if err != nil {
		t.Fatal(err)
	}
	if st.Week != 4 || st.Day != 3 {
		t.Errorf("today is week %d day %d, want 4, 3", st.Week, st.Day)
	}
	// The next-morning answer arrived today (day 3): today's session and
	// the rest of week 4 ease at once, and the warning-sign questions are
	// asked again (clinical.md 5.5). Week 5 moves on after two sessions
	// within the rule, so it is not stepped back in advance.
	var steps []string
	for _, a := range st.Result.Adjustments {
		if a.Change == coach.ChangeStepBack {
			steps = append(steps, fmt.Sprintf("%d.%d", a.Week, a.Day))
		}
	}
	if !slices.Equal(steps, []string{"4.3"}) || !st.Result.Rescreen {
		t.Errorf("adjustments %+v, want a step back from week 4 day 3 and a re-screen", st.Result.Adjustments)
	}
	// The service checks the values of an update itself, as of a new log.
	for field, edit := range map[string]func(*coach.Log){
		"pain_next_morning": func(l *coach.Log) { l.PainNextMorning = ip(11) },
		"note":              func(l *coach.Log) { l.Note = "Felt \u202estiff\x01" },
	} {
		bad := first
		edit(&bad)
		var verr validate.Errors
		if _, err := f.prog.UpdateLog(ctx, f.user, bad); !errors.As(err, &verr) || verr.For(field) == "" {
			t.Errorf("an update with a bad %s: %v", field, err)
		}
	}
	// Someone else's log is not found.
	other := first
	other.ID = first.ID + 1000
	if _, err := f.prog.UpdateLog(ctx, f.user, other); !errors.Is(err, progress.ErrNotFound) {
		t.Errorf("updating a missing log: %v", err)
	}
}

func TestRescreenWithAFlagRefers(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	ctx := context.Background()
	if err := f.prog.Rescreen(ctx, f.user, []string{"made_up"}); err == nil {
		t.Fatal("an unknown flag was accepted")
	}
	if err := f.prog.Rescreen(ctx, f.user, nil); err != nil {
		t.Fatal(err)
	}
	st, err := f.prog.Current(ctx, f.user, "")
	if err != nil || st.Result.Status != coach.StatusPlan {
		t.Fatalf("after a clear re-screen: %v %v", st.Result.Status, err)
	}
	if err := f.prog.Rescreen(ctx, f.user, []string{"saddle_numbness"}); err != nil {
		t.Fatal(err)
	}
	st, err = f.prog.Current(ctx, f.user, "")
	if err != nil || st.Result.Status != coach.StatusReferred || st.Result.Referral.Level != coach.Emergency {
		t.Fatalf("after a re-screen with a red flag: %+v %v", st.Result.Referral, err)
	}
}

// Two instances logging the same plan day at once store it once: the
// database's unique index decides, not the instance.
func TestConcurrentDuplicateLogs(t *testing.T) {
	db := storetest.New(t)
	f := newFixture(t, db)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.prog.AddLog(ctx, f.user, f.session(2, 1))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, progress.ErrDuplicate):
			t.Errorf("unexpected error %v", err)
		}
	}
	logs, err := f.prog.Logs(ctx, f.user)
	if err != nil {
		t.Fatal(err)
	}
	if ok != 1 || len(logs) != 1 {
		t.Errorf("%d accepted, %d stored; want exactly one", ok, len(logs))
	}
}

func TestCheckins(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	ctx := context.Background()
	bad := progress.Checkin{Pain: 11, PSFS: []progress.PSFSActivity{{Activity: "", Score: 3}, {Activity: "socks", Score: -1}}}
	_, err := f.prog.AddCheckin(ctx, f.user, bad, "")
	var verr validate.Errors
	if !errors.As(err, &verr) || verr.For("pain") == "" || verr.For("psfs[0].activity") == "" || verr.For("psfs[1].score") == "" {
		t.Fatalf("bad check-in: %v", err)
	}
	good := progress.Checkin{Pain: 3, PSFS: []progress.PSFSActivity{{Activity: " putting on socks ", Score: 4}}}
	c, err := f.prog.AddCheckin(ctx, f.user, good, "")
	if err != nil || c.Week != 4 || c.PSFS[0].Activity != "putting on socks" {
		t.Fatalf("check-in %+v, %v", c, err)
	}
	if _, err := f.prog.AddCheckin(ctx, f.user, good, ""); !errors.Is(err, progress.ErrCheckedIn) {
		t.Errorf("second check-in in a week: %v", err)
	}
	for _, tc := range []struct {
		base, now, delta int
		meaningful       bool
	}{{6, 4, -2, true}, {6, 5, -1, false}, {3, 2, -1, true}, {0, 0, 0, false}, {4, 6, 2, false}} {
		d, m := progress.Change(tc.base, tc.now)
		if d != tc.delta || m != tc.meaningful {
			t.Errorf("Change(%d, %d) = %d, %v; want %d, %v", tc.base, tc.now, d, m, tc.delta, tc.meaningful)
		}
	}
}

func TestLivedWeeksKeepTheirAnswers(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	ctx := context.Background()
	old, err := f.prog.AddLog(ctx, f.user, f.session(2, 1))
	if err != nil {
		t.Fatal(err)
	}
	changed := old
	changed.PainAfter = ip(8)
	if _, err := f.prog.UpdateLog(ctx, f.user, changed); !errors.Is(err, progress.ErrLived) {
		t.Fatalf("changing pain after of a lived week: %v", err)
	}
	morning := old
	morning.PainNextMorning, morning.Note = ip(4), "stiff, eased by lunch"
	got, err := f.prog.UpdateLog(ctx, f.user, morning)
	if err != nil {
		t.Fatal(err)
	}
	if got.MorningRecorded != "" { // same day as the log itself
		t.Errorf("morning recorded %q", got.MorningRecorded)
	}
	cur, err := f.prog.AddLog(ctx, f.user, f.session(4, 1))
	if err != nil {
		t.Fatal(err)
	}
	cur.PainAfter = ip(5)
	if _, err := f.prog.UpdateLog(ctx, f.user, cur); err != nil {
		t.Errorf("changing this week's log: %v", err)
	}
	stored, err := f.prog.Log(ctx, f.user, cur.ID)
	if err != nil || *stored.PainAfter != 5 {
		t.Errorf("stored %+v, %v", stored, err)
	}
}

// newInstance is the progress service of another instance on db, with a
// cache of its own.
func newInstance(t *testing.T, db *store.DB) *progress.Service {
	t.Helper()
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	return progress.New(db, plans.New(db, lib, func() time.Time { return now }), func() time.Time { return now })
}

// Two instances (each with its own cache) on one database: a change made
// through one is seen by the other at once, even within the same clock
// tick.
func TestCacheNeverServesStaleLogs(t *testing.T) {
	db := storetest.New(t)
	f := newFixture(t, db)
	ctx := context.Background()
	other := newInstance(t, db)
	l, err := f.prog.AddLog(ctx, f.user, f.session(4, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range []*progress.Service{f.prog, other} { // fill both caches
		if logs, err := svc.Logs(ctx, f.user); err != nil || len(logs) != 1 {
			t.Fatalf("logs %v, %v", logs, err)
		}
	}
	l.PainAfter = ip(8)
	if _, err := other.UpdateLog(ctx, f.user, l); err != nil {
		t.Fatal(err)
	}
	logs, err := f.prog.Logs(ctx, f.user)
	if err != nil || *logs[0].PainAfter != 8 {
		t.Fatalf("the first instance still serves the old log: %+v, %v", logs, err)
	}
	if _, err := other.AddLog(ctx, f.user, f.session(4, 2)); err != nil {
		t.Fatal(err)
	}
	if logs, _ := f.prog.Logs(ctx, f.user); len(logs) != 2 {
		t.Errorf("the first instance sees %d logs, want 2", len(logs))
	}
	st, err := f.prog.Current(ctx, f.user, "")
	if err != nil || len(st.Result.Adjustments) == 0 {
		t.Errorf("the adapted plan does not see the new pain: %+v, %v", st.Result.Adjustments, err)
	}
}

// TestUpdateLogAgainstThePlan refuses a change that makes a log
// contradict its day's plan, naming the item.
func TestUpdateLogAgainstThePlan(t *testing.T) {
	f := newFixture(t, storetest.New(t))
	ctx := context.Background()
	l, err := f.prog.AddLog(ctx, f.user, f.session(4, 1))
	if err != nil {
		t.Fatal(err)
	}
	l.Items = append(l.Items, coach.LogItem{Exercise: "cobra", Skipped: "too_painful"})
	var verr validate.Errors
	if _, err := f.prog.UpdateLog(ctx, f.user, l); !errors.As(err, &verr) || !strings.Contains(verr.For("items[1].exercise"), "not in your plan") {
		t.Errorf("update with too painful on an exercise not planned: %v", err)
	}
}

// When the logs have changed, the cache reads only the new and changed
// rows again; what it then serves must equal a fresh read: same logs,
// same contents, same order (by date, then id), with a change and a new
// log made through another instance, and a log dated before older ones.
func TestCacheMergesChangedLogs(t *testing.T) {
	db := storetest.New(t)
	f := newFixture(t, db)
	ctx := context.Background()
	other := newInstance(t, db)
	var added []coach.Log
	for w := 2; w <= 3; w++ {
		for _, d := range f.plan.Result.Weeks[w-1].Days {
			if d.Rest {
				continue
			}
			l, err := f.prog.AddLog(ctx, f.user, f.session(w, d.Day))
			if err != nil {
				t.Fatal(err)
			}
			added = append(added, l)
		}
	}
	activity := func(date time.Time, minutes int) coach.Log {
		return coach.Log{Kind: coach.KindActivity, Date: date.Format(time.DateOnly), Done: true, LegSymptoms: "none", RedFlags: []string{},
			Items: []coach.LogItem{{Exercise: "cycling", Minutes: minutes, Done: true}}}
	}
	check := func(when string) {
		t.Helper()
		got, err := f.prog.Logs(ctx, f.user)
		if err != nil {
			t.Fatal(err)
		}
		want, err := newInstance(t, db).Logs(ctx, f.user)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the cache serves\n%+v\nwant (a fresh read)\n%+v", when, got, want)
		}
	}
	check("filled")
	changed := added[2]
	changed.Note = "knees a little sore"
	changed.PainNextMorning = ip(2)
	if _, err := other.UpdateLog(ctx, f.user, changed); err != nil {
		t.Fatal(err)
	}
	check("after a change through the other instance")
	if _, err := other.AddLog(ctx, f.user, activity(f.plan.Start, 25)); err != nil { // before every session
		t.Fatal(err)
	}
	check("after an earlier-dated log")
	changed.Note = "fine again"
	if _, err := f.prog.UpdateLog(ctx, f.user, changed); err != nil {
		t.Fatal(err)
	}
	if _, err := other.AddLog(ctx, f.user, activity(f.plan.Start.AddDate(0, 0, 20), 30)); err != nil {
		t.Fatal(err)
	}
	check("after a change and a new log together")
	logs, _ := f.prog.Logs(ctx, f.user)
	if len(logs) != len(added)+2 || logs[0].Kind != coach.KindActivity {
		t.Errorf("%d logs, first %+v; want %d, the earlier-dated activity first", len(logs), logs[0], len(added)+2)
	}
}
