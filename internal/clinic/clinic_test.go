package clinic_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/store"
	"supple/internal/storetest"
	"supple/internal/validate"
)

type world struct {
	db    *store.DB
	clock time.Time
	svc   *clinic.Service
	ps    *plans.Service
	prog  *progress.Service
	accts *account.Service
	lib   *coach.Library
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := storetest.New(t)
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db, clock: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), lib: lib}
	now := func() time.Time { return w.clock }
	w.ps = plans.New(db, lib, now)
	w.prog = progress.New(db, w.ps, now)
	w.accts = account.New(db, now, func(time.Duration) {}, nil)
	w.svc = clinic.New(db, w.ps, w.prog, now)
	return w
}

func (w *world) user(t *testing.T, email, role string) *account.User {
	t.Helper()
	u, err := w.accts.Create(context.Background(), email, "a long enough password 1", role)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (w *world) plan(t *testing.T, u *account.User, conditions ...string) {
	t.Helper()
	ctx := context.Background()
	p := coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary", MinutesPerDay: 30,
		DaysPerWeek: 5, WorseWith: []string{"sitting"}, BetterWith: []string{}, Conditions: append([]string{}, conditions...), RedFlags: []string{}, Access: []string{"bike"}}
	pl, err := w.ps.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ps.Save(ctx, pl.Token, u.ID); err != nil {
		t.Fatal(err)
	}
}

func (w *world) link(t *testing.T, doc, member *account.User) clinic.Link {
	t.Helper()
	inv, err := w.svc.CreateInvite(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	l, err := w.svc.Accept(context.Background(), member, inv.Code, "", clinic.ChannelWeb)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestInviteCodes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	doc := w.user(t, "doc@example.org", account.Clinician)
	other := w.user(t, "doc2@example.org", account.Clinician)
	ann := w.user(t, "ann@example.org", account.Member)
	bob := w.user(t, "bob@example.org", account.Member)
	ed := w.user(t, "ed@example.org", account.Editor)

	if _, err := w.svc.CreateInvite(ctx, ann); !errors.Is(err, clinic.ErrNotClinician) {
		t.Errorf("a member makes an invite: %v", err)
	}
	inv, err := w.svc.CreateInvite(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Code) != clinic.CodeLength || strings.Trim(inv.Code, clinic.CodeAlphabet) != "" {
		t.Errorf("code %q is not %d letters of the alphabet", inv.Code, clinic.CodeLength)
	}
	if want := w.clock.AddDate(0, 0, 14); !inv.Expires.Equal(want) {
		t.Errorf("expires %v, want %v", inv.Expires, want)
	}
	// Neither the clinician nor another clinician nor an editor can use it.
	for _, u := range []*account.User{doc, other, ed} {
		if _, err := w.svc.Accept(ctx, u, inv.Code, "", clinic.ChannelWeb); !errors.Is(err, clinic.ErrNotMember) {
			t.Errorf("%s links: %v, want ErrNotMember", u.Email, err)
		}
	}
	// Typed in lower case with a dash, it works once.
	typed := strings.ToLower(inv.Code[:4] + "-" + inv.Code[4:])
	l, err := w.svc.Accept(ctx, ann, typed, "", clinic.ChannelWeb)
	if err != nil || l.Clinician.Name != "doc@example.org" {
		t.Fatalf("accept: %+v %v", l, err)
	}
	if _, err := w.svc.Accept(ctx, bob, inv.Code, "", clinic.ChannelWeb); !errors.Is(err, clinic.ErrCodeUsed) {
		t.Errorf("used code: %v", err)
	}
	for _, code := range []string{"", "AAAAAAAA", "ABC", "OOOOOOOO", "AAAAAAAAA"} {
		if _, err := w.svc.Accept(ctx, bob, code, "", clinic.ChannelWeb); !errors.Is(err, clinic.ErrCodeUnknown) {
			t.Errorf("code %q: %v, want ErrCodeUnknown", code, err)
		}
	}
	// A second code from the same clinician: linked already.
	again, _ := w.svc.CreateInvite(ctx, doc)
	if _, err := w.svc.Accept(ctx, ann, again.Code, "", clinic.ChannelWeb); !errors.Is(err, clinic.ErrLinked) {
		t.Errorf("linked twice: %v", err)
	}
	// Expiry: a code works until 14 days after it was made.
	late, _ := w.svc.CreateInvite(ctx, other)
	w.clock = w.clock.AddDate(0, 0, 14)
	if _, err := w.svc.Accept(ctx, bob, late.Code, "", clinic.ChannelWeb); !errors.Is(err, clinic.ErrCodeExpired) {
		t.Errorf("expired code: %v", err)
	}
	// The failed tries used nothing up: the code a clinician made just now works.
	fresh, _ := w.svc.CreateInvite(ctx, other)
	if _, err := w.svc.Accept(ctx, bob, fresh.Code, "", clinic.ChannelWeb); err != nil {
		t.Errorf("fresh code: %v", err)
	}
	rec, err := w.svc.ConsentShown(ctx, ann.ID, l.ID)
	if err != nil || len(rec.Shown) != len(clinic.Consent) || rec.Channel != clinic.ChannelWeb {
		t.Errorf("consent kept: %+v %v, want the list and the channel web", rec, err)
	}
}

func TestRevokeEndsAccess(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	doc := w.user(t, "doc@example.org", account.Clinician)
	other := w.user(t, "other@example.org", account.Clinician)
	ann := w.user(t, "ann@example.org", account.Member)
	w.plan(t, ann)
	l := w.link(t, doc, ann)
	if _, err := w.svc.Patient(ctx, other, l.ID); !errors.Is(err, clinic.ErrNotFound) {
		t.Errorf("another clinician sees the patient: %v", err)
	}
	if _, err := w.svc.Patient(ctx, doc, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddOverride(ctx, doc, l.ID, clinic.OverrideInput{CapMinutes: ptr(90), Reason: "keep it gentle"}); err != nil {
		t.Fatal(err)
	}
	if ps, _ := w.svc.Prescriptions(ctx, ann.ID); len(ps) != 1 {
		t.Fatalf("prescriptions before revoke: %+v", ps)
	}
	log, err := w.svc.AccessLog(ctx, ann.ID, l.ID)
	if err != nil || len(log) != 2 || !strings.HasPrefix(log[0].What, "prescribed") || !strings.HasPrefix(log[1].What, "viewed") {
		t.Errorf("access log: %+v %v", log, err)
	}
	if _, err := w.svc.AccessLog(ctx, ann.ID+100, l.ID); !errors.Is(err, clinic.ErrNotFound) {
		t.Errorf("someone else's access log: %v", err)
	}
	if err := w.svc.Revoke(ctx, ann.ID, l.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Revoke(ctx, ann.ID, l.ID); !errors.Is(err, clinic.ErrNotFound) {
		t.Errorf("revoked twice: %v", err)
	}
	if _, err := w.svc.Patient(ctx, doc, l.ID); !errors.Is(err, clinic.ErrNotFound) {
		t.Errorf("patient after revoke: %v", err)
	}
	if _, err := w.svc.AddPatientNote(ctx, doc, l.ID, "hello"); !errors.Is(err, clinic.ErrNotFound) {
		t.Errorf("note after revoke: %v", err)
	}
	if rows, _ := w.svc.Dashboard(ctx, doc); len(rows) != 0 {
		t.Errorf("dashboard after revoke: %+v", rows)
	}
	// Made and ended the same day: it acted on that day (nothing was
	// logged yet) and ends from the next.
	if ps, _ := w.svc.Prescriptions(ctx, ann.ID); len(ps) != 1 || !ps[0].Until.Equal(ps[0].From.AddDate(0, 0, 1)) {
		t.Errorf("prescriptions after revoke: %+v, want one that ends the day after it began", ps)
	}
}

func ptr[T any](v T) *T { return &v }

// avoidFor finds an exercise the library rates avoid for a condition a
// member can state (not one on the avoid list for everyone).
func avoidFor(t *testing.T, lib *coach.Library) (ex *coach.Exercise, condition string) {
	t.Helper()
	for _, e := range lib.All() {
		if e.Avoid {
			continue
		}
		for _, c := range coach.ConditionValues {
			if e.RatingFor(c) == coach.Avoid {
				return e, c
			}
		}
	}
	t.Fatal("no exercise is rated avoid for a condition")
	return nil, ""
}

func TestOverrides(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	doc := w.user(t, "doc@example.org", account.Clinician)
	ann := w.user(t, "ann@example.org", account.Member)
	risky, condition := avoidFor(t, w.lib)
	w.plan(t, ann, condition)
	l := w.link(t, doc, ann)
	good := &coach.Dose{Sets: 2, Reps: 10}
	var safe string
	for _, e := range w.lib.All() {
		if !e.Avoid && e.RatingFor(condition) != coach.Avoid && e.Block != coach.Aerobic {
			safe = e.ID
			break
		}
	}
	bad := []struct {
		name  string
		in    clinic.OverrideInput
		field string
	}{
		{"nothing", clinic.OverrideInput{Reason: "x"}, "kind"},
		{"two kinds", clinic.OverrideInput{Exclude: safe, CapMinutes: ptr(60), Reason: "x"}, "kind"},
		{"no reason", clinic.OverrideInput{Exclude: safe}, "reason"},
		{"blank reason", clinic.OverrideInput{Exclude: safe, Reason: "   "}, "reason"},
		{"unknown exclude", clinic.OverrideInput{Exclude: "moonwalk", Reason: "x"}, "exclude"},
		{"unknown add", clinic.OverrideInput{Add: "moonwalk", Dose: good, Reason: "x"}, "add"},
		{"add without dose", clinic.OverrideInput{Add: safe, Reason: "x"}, "dose"},
		{"too many sets", clinic.OverrideInput{Add: safe, Dose: &coach.Dose{Sets: 40, Reps: 10}, Reason: "x"}, "dose.sets"},
		{"negative reps", clinic.OverrideInput{Add: safe, Dose: &coach.Dose{Sets: 2, Reps: -1}, Reason: "x"}, "dose.reps"},
		{"empty dose", clinic.OverrideInput{Add: safe, Dose: &coach.Dose{}, Reason: "x"}, "dose"},
		{"dose too long as a whole", clinic.OverrideInput{Add: safe, Dose: &coach.Dose{Sets: 6, Reps: 30, HoldSeconds: 120}, Reason: "x"}, "dose"},
		{"cap too low", clinic.OverrideInput{CapMinutes: ptr(2), Reason: "x"}, "cap_minutes"},
		{"cap too high", clinic.OverrideInput{CapMinutes: ptr(5000), Reason: "x"}, "cap_minutes"},
		{"review not a date", clinic.OverrideInput{ReviewOn: "next week", Reason: "x"}, "review_on"},
		{"review in the past", clinic.OverrideInput{ReviewOn: "2026-10-01", Reason: "x"}, "review_on"},
	}
	for _, c := range bad {
		_, err := w.svc.AddOverride(ctx, doc, l.ID, c.in)
		var e validate.Errors
		if !errors.As(err, &e) || e.For(c.field) == "" {
			t.Errorf("%s: %v, want a field error on %s", c.name, err, c.field)
		}
	}
	_, err := w.svc.AddOverride(ctx, doc, l.ID, clinic.OverrideInput{Add: risky.ID, Dose: good, Reason: "under my supervision"})
	var avoid *clinic.AvoidError
	if !errors.As(err, &avoid) || avoid.Condition != condition || !strings.Contains(err.Error(), "rated avoid") {
		t.Fatalf("avoid: %v", err)
	}
	if ps, _ := w.svc.Prescriptions(ctx, ann.ID); len(ps) != 0 {
		t.Fatalf("refused overrides were kept: %+v", ps)
	}
	o, err := w.svc.AddOverride(ctx, doc, l.ID, clinic.OverrideInput{Add: risky.ID, Dose: good, Reason: "under my supervision", ConfirmAvoid: true})
	if err != nil || !o.ConfirmedAvoid || o.By != "doc@example.org" {
		t.Fatalf("confirmed avoid: %+v %v", o, err)
	}
	ex, err := w.svc.AddOverride(ctx, doc, l.ID, clinic.OverrideInput{Exclude: safe, Reason: "it hurts her knee"})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := w.svc.Prescriptions(ctx, ann.ID)
	if err != nil || len(ps) != 2 {
		t.Fatalf("prescriptions: %+v %v", ps, err)
	}
	want := coach.Prescription{ID: o.ID, Kind: coach.PrescribeAdd, Exercise: risky.ID, Dose: good, Reason: "under my supervision",
		By: "doc@example.org", From: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), ConfirmedAvoid: true}
	if got := ps[0]; got.ID != want.ID || got.Kind != want.Kind || got.Exercise != want.Exercise || *got.Dose != *want.Dose ||
		got.Reason != want.Reason || got.By != want.By || !got.From.Equal(want.From) || !got.ConfirmedAvoid {
		t.Errorf("prescription %+v, want %+v", got, want)
	}
	// The confirmation records what it covered (coach rule C1).
	if got := ps[0].Confirmed; !slices.Contains(got, "rating:"+condition) {
		t.Errorf("confirmed covers %v, want rating:%s among them", got, condition)
	}
	var never *coach.Exercise
	for _, e := range w.lib.All() {
		if e.Avoid {
			never = e
			break
		}
	}
	_, err = w.svc.AddOverride(ctx, doc, l.ID, clinic.OverrideInput{Add: never.ID, Dose: good, Reason: "x", ConfirmAvoid: true})
	if e := (validate.Errors{}); !errors.As(err, &e) || !strings.Contains(e.For("add"), "cannot be added") {
		t.Errorf("adding %s from the never list: %v, want a field error on add", never.ID, err)
	}
	if ps[1].Kind != coach.PrescribeExclude || ps[1].Exercise != safe || ps[1].ConfirmedAvoid {
		t.Errorf("exclude: %+v", ps[1])
	}
	if err := w.svc.RemoveOverride(ctx, doc, l.ID, ex.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.RemoveOverride(ctx, doc, l.ID, ex.ID); !errors.Is(err, clinic.ErrNotFound) {
		t.Errorf("removed twice: %v", err)
	}
	// Removed the day it was made: it ends from the next day, the day it
	// was made keeps it.
	if ps, _ := w.svc.Prescriptions(ctx, ann.ID); len(ps) != 2 || ps[0].ID != o.ID || !ps[0].Until.IsZero() ||
		ps[1].ID != ex.ID || !ps[1].Until.Equal(ps[1].From.AddDate(0, 0, 1)) {
		t.Errorf("after remove: %+v", ps)
	}
}

func TestNotes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	var sent []string
	w.svc.WithNotify(func(_ context.Context, to, subject, _ string) error {
		sent = append(sent, to+": "+subject)
		return nil
	})
	doc := w.user(t, "doc@example.org", account.Clinician)
	ann := w.user(t, "ann@example.org", account.Member)
	l := w.link(t, doc, ann)
	if err := w.svc.SetName(ctx, doc, "Dr Ada Rowe"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddPatientNote(ctx, doc, l.ID, "How did the walks go?"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddMemberNote(ctx, ann, l.ID, "Better, thanks"); err != nil {
		t.Fatal(err)
	}
	var e validate.Errors
	if _, err := w.svc.AddMemberNote(ctx, ann, l.ID, "  "); !errors.As(err, &e) || e.For("body") == "" {
		t.Errorf("empty note: %v", err)
	}
	if _, err := w.svc.AddMemberNote(ctx, ann, l.ID, strings.Repeat("a", clinic.MaxNote+1)); !errors.As(err, &e) || e.For("body") == "" {
		t.Errorf("long note: %v", err)
	}
	notes, err := w.svc.MemberNotes(ctx, ann.ID, l.ID)
	if err != nil || len(notes) != 2 || !notes[0].Clinician || notes[0].Author != "Dr Ada Rowe" || notes[1].Clinician || notes[1].Author != "ann@example.org" {
		t.Errorf("notes: %+v %v", notes, err)
	}
	if want := []string{"ann@example.org: A note from Dr Ada Rowe", "doc@example.org: A note from your patient ann@example.org"}; strings.Join(sent, "|") != strings.Join(want, "|") {
		t.Errorf("emails %q, want %q", sent, want)
	}
}

func TestDashboard(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	doc := w.user(t, "doc@example.org", account.Clinician)
	ann := w.user(t, "ann@example.org", account.Member) // logs and is doing well
	bob := w.user(t, "bob@example.org", account.Member) // logs nothing
	cat := w.user(t, "cat@example.org", account.Member) // no plan yet
	w.plan(t, ann)
	w.plan(t, bob)
	la, lb, lc := w.link(t, doc, ann), w.link(t, doc, bob), w.link(t, doc, cat)
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	st, err := w.prog.Current(ctx, ann.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	w.clock = start.AddDate(0, 0, 13).Add(20 * time.Hour) // day 14 of the plan, evening
	n := 0
	for _, week := range st.Result.Weeks[:2] {
		for _, d := range week.Days {
			if d.Rest || len(d.Items) == 0 {
				continue
			}
			var items []coach.LogItem
			for _, e := range d.Items {
				items = append(items, coach.LogItem{Exercise: e.Exercise, Done: true, Minutes: e.Minutes})
			}
			pain := 4
			if week.Week == 2 {
				pain = 2
			}
			l := coach.Log{Kind: coach.KindSession, Week: week.Week, Day: d.Day, Date: coach.PlanDate(start, week.Week, d.Day).Format(time.DateOnly),
				Done: true, PainBefore: ptr(3), PainDuring: ptr(3), PainAfter: ptr(pain), LegSymptoms: "none", RedFlags: []string{}, Items: items}
			if _, err := w.prog.AddLog(ctx, ann.ID, l); err != nil {
				t.Fatalf("log %d/%d: %v", week.Week, d.Day, err)
			}
			n++
		}
	}
	if _, err := w.svc.AddOverride(ctx, doc, lb.ID, clinic.OverrideInput{ReviewOn: "2026-11-15", Reason: "two weeks in"}); err != nil {
		t.Fatal(err)
	}
	rows, err := w.svc.Dashboard(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].ID != lb.ID || rows[1].ID != la.ID || rows[2].ID != lc.ID {
		t.Fatalf("order: %+v", rows)
	}
	if got := strings.Join(rows[0].Flags, ","); got != "review_due,no_logs_7_days" {
		t.Errorf("bob's flags %q", got)
	}
	if rows[0].Adherence == nil || *rows[0].Adherence != 0 || rows[0].ReviewDue == nil || *rows[0].ReviewDue != "2026-11-15" {
		t.Errorf("bob: %+v", rows[0])
	}
	a := rows[1]
	if len(a.Flags) != 0 || a.Adherence == nil || *a.Adherence != 100 || a.LastLog == nil {
		t.Errorf("ann: %+v (%d logs)", a, n)
	}
	if a.PainTrend.Arrow != "↓" || a.PainTrend.Last == nil || *a.PainTrend.Last != 2 || *a.PainTrend.Change != -2 {
		t.Errorf("ann's pain trend: %+v", a.PainTrend)
	}
	if !rows[2].NoPlan || rows[2].Adherence != nil {
		t.Errorf("cat: %+v", rows[2])
	}
	// Each patient's access log says they were on the dashboard, once an hour.
	if _, err := w.svc.Dashboard(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if log, _ := w.svc.AccessLog(ctx, cat.ID, lc.ID); len(log) != 1 || log[0].What != "saw you on the dashboard" {
		t.Errorf("cat's access log: %+v", log)
	}
}

// The dashboard's cached rows follow every change, also one made through
// another instance (a second service on the same database).
func TestDashboardRowsFollowChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	doc := w.user(t, "doc@example.org", account.Clinician)
	bob := w.user(t, "bob@example.org", account.Member)
	w.link(t, doc, bob)
	rows, err := w.svc.Dashboard(ctx, doc)
	if err != nil || len(rows) != 1 || !rows[0].NoPlan {
		t.Fatalf("before the plan: %+v %v", rows, err)
	}
	w.plan(t, bob) // saved through "another instance": not this service
	w.clock = w.clock.AddDate(0, 0, 9)
	rows, _ = w.svc.Dashboard(ctx, doc)
	if rows[0].NoPlan || strings.Join(rows[0].Flags, ",") != "no_logs_7_days" {
		t.Fatalf("after the plan: %+v", rows[0])
	}
	st, err := w.prog.Current(ctx, bob.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	other := progress.New(w.db, w.ps, func() time.Time { return w.clock })
	var day coach.Day
	for _, d := range st.Result.Weeks[1].Days {
		if !d.Rest && len(d.Items) > 0 {
			day = d
			break
		}
	}
	var items []coach.LogItem
	for _, it := range day.Items {
		items = append(items, coach.LogItem{Exercise: it.Exercise, Done: true, Minutes: it.Minutes})
	}
	date := coach.PlanDate(st.Plan.Start, 2, day.Day).Format(time.DateOnly)
	if _, err := other.AddLog(ctx, bob.ID, coach.Log{Kind: coach.KindSession, Week: 2, Day: day.Day, Date: date, Done: true,
		PainBefore: ptr(3), PainDuring: ptr(3), PainAfter: ptr(3), LegSymptoms: "none", RedFlags: []string{}, Items: items}); err != nil {
		t.Fatal(err)
	}
	rows, _ = w.svc.Dashboard(ctx, doc)
	if rows[0].LastLog == nil || *rows[0].LastLog != date || len(rows[0].Flags) != 0 {
		t.Errorf("after a log: %+v", rows[0])
	}
	w.clock = w.clock.AddDate(0, 0, 8) // a week later with nothing new: the day moves the row
	rows, _ = w.svc.Dashboard(ctx, doc)
	if strings.Join(rows[0].Flags, ",") != "no_logs_7_days" {
		t.Errorf("a week later: %+v", rows[0])
	}
}

// A link whose stored consent does not name the answers shows none of
// them until the member agrees again (attack review 3, M1).
func TestPatientProfileFollowsTheLinksConsent(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	doc, m := w.user(t, "doc@x.test", account.Clinician), w.user(t, "m@x.test", account.Member)
	w.plan(t, m)
	l := w.link(t, doc, m)
	p, err := w.svc.Patient(ctx, doc, l.ID)
	if err != nil || p.Profile == nil || p.Profile.Age != 46 {
		t.Fatalf("a link made now: profile %+v, %v", p.Profile, err)
	}
	var older []string
	for _, c := range clinic.Consent {
		if c != clinic.AnswersItem {
			older = append(older, c)
		}
	}
	shown, _ := json.Marshal(older)
	if err := w.db.SetClinicConsent(ctx, l.ID, string(shown), w.clock, string(clinic.ChannelUnknown)); err != nil {
		t.Fatal(err)
	}
	if p, err := w.svc.Patient(ctx, doc, l.ID); err != nil || p.Profile != nil || p.State == nil {
		t.Fatalf("a link whose consent lacks the answers: profile %+v, state %v, %v", p.Profile, p.State != nil, err)
	}
	other := w.user(t, "other@x.test", account.Member)
	if err := w.svc.ShareAnswers(ctx, other.ID, l.ID, clinic.ChannelWeb); !errors.Is(err, clinic.ErrNotFound) {
		t.Fatalf("another member shares the answers: %v", err)
	}
	w.clock = w.clock.Add(time.Hour)
	if err := w.svc.ShareAnswers(ctx, m.ID, l.ID, clinic.ChannelWeb); err != nil {
		t.Fatal(err)
	}
	rec, err := w.svc.ConsentShown(ctx, m.ID, l.ID)
	if err != nil || !slices.Equal(rec.Shown, append(older, clinic.AnswersItem)) || !rec.At.Equal(w.clock) || rec.Channel != clinic.ChannelWeb {
		t.Fatalf("the consent after sharing: %+v, %v", rec, err)
	}
	if p, err := w.svc.Patient(ctx, doc, l.ID); err != nil || p.Profile == nil {
		t.Fatalf("after sharing: profile %+v, %v", p.Profile, err)
	}
	if err := w.svc.Revoke(ctx, m.ID, l.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.ShareAnswers(ctx, m.ID, l.ID, clinic.ChannelWeb); !errors.Is(err, clinic.ErrNotFound) {
		t.Fatalf("sharing on an ended link: %v", err)
	}
}

// Every answer the profile carries is named by the consent item: a new
// profile field fails here until the consent names it.
func TestConsentNamesEveryAnswer(t *testing.T) {
	named := map[string]string{
		"age": "age", "sex": "sex", "pregnancy_weeks": "pregnancy", "pain_now": "pain now", "duration_weeks": "for how long",
		"activity_level": "activity", "mobility_aid": "mobility aid", "floor_transfer": "getting to the floor",
		"cleared_by_clinician": "clinician clearance", "red_flags": "warning signs", "leg_pain": "leg pain",
		"both_legs_onset": "leg pain", "conditions": "conditions", "postmenopausal": "bone health",
		"long_term_steroids": "bone health", "previous_fragility_fracture": "bone health", "vertebral_fracture": "bone health",
		"worse_with": "makes it worse", "better_with": "eases it", "minutes_per_day": "minutes a day",
		"days_per_week": "days a week", "access": "equipment", "ran_before": "ran before", "swaps": "swaps",
	}
	typ := reflect.TypeOf(coach.Profile{})
	for i := range typ.NumField() {
		key, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		phrase, ok := named[key]
		if !ok {
			t.Errorf("profile field %q is not named by the consent", key)
			continue
		}
		if !strings.Contains(clinic.AnswersItem, phrase) {
			t.Errorf("the consent item lacks %q (for %s)", phrase, key)
		}
	}
	if !slices.Contains(clinic.Consent, clinic.AnswersItem) {
		t.Error("Consent lacks the answers item")
	}
}

// An ended link keeps the clinician's name as it was at the end: the
// ex-clinician's later rename reaches neither the ended record, nor its
// notes, nor the plan's prescriptions (attack review 3, L1); the link
// says who ended it (L2).
func TestEndedLinkKeepsTheNameAndWhoEndedIt(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	doc, m := w.user(t, "doc@x.test", account.Clinician), w.user(t, "m@x.test", account.Member)
	if err := w.svc.SetName(ctx, doc, "Dr Ada Rowe"); err != nil {
		t.Fatal(err)
	}
	w.plan(t, m)
	l := w.link(t, doc, m)
	if _, err := w.svc.AddPatientNote(ctx, doc, l.ID, "Keep the walks short."); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddOverride(ctx, doc, l.ID, clinic.OverrideInput{CapMinutes: ptr(90), Reason: "keep it gentle"}); err != nil {
		t.Fatal(err)
	}
	w.clock = w.clock.AddDate(0, 0, 2)
	if err := w.svc.Revoke(ctx, m.ID, l.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SetName(ctx, doc, "URGENT from supple"); err != nil {
		t.Fatal(err)
	}
	ended, err := w.svc.EndedClinicians(ctx, m.ID)
	if err != nil || len(ended) != 1 || ended[0].Clinician.Name != "Dr Ada Rowe" || ended[0].EndedBy != clinic.EndedByMember {
		t.Fatalf("the ended link after a rename: %+v, %v", ended, err)
	}
	notes, err := w.svc.MemberNotes(ctx, m.ID, l.ID)
	if err != nil || len(notes) != 1 || notes[0].Author != "Dr Ada Rowe" {
		t.Fatalf("the ended link's notes after a rename: %+v, %v", notes, err)
	}
	rxs, err := w.svc.Prescriptions(ctx, m.ID)
	if err != nil || len(rxs) != 1 || rxs[0].By != "Dr Ada Rowe" {
		t.Fatalf("the ended link's prescriptions after a rename: %+v, %v", rxs, err)
	}
	if got, err := w.svc.EndedPatient(ctx, doc, l.ID); err != nil || got.EndedBy != clinic.EndedByMember {
		t.Fatalf("the clinician's ended link: %+v, %v", got, err)
	}

	doc2 := w.user(t, "doc2@x.test", account.Clinician)
	l2 := w.link(t, doc2, m)
	for _, role := range []string{account.Member, account.Clinician} {
		if err := w.accts.SetRole(ctx, "admin@x.test", doc2.Email, role); err != nil {
			t.Fatal(err)
		}
	}
	doc2, err = w.accts.ByEmail(ctx, doc2.Email)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := w.svc.EndedPatient(ctx, doc2, l2.ID); err != nil || got.EndedBy != clinic.EndedByRole {
		t.Fatalf("a link ended by a role change: %+v, %v", got, err)
	}
}
