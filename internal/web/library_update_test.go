package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
	"supple/internal/storetest"
)

// onDisk is a harness option that puts the server on a database a later
// harness opens again, as a restarted (or upgraded) server would.
func onDisk(t *testing.T) servertest.Option {
	dir, dbURL := t.TempDir(), storetest.URL(t)
	return func(c *server.Config) { c.DataDir, c.Database = dir, dbURL }
}

// withLibrary starts the server with another exercise library.
func withLibrary(lib *coach.Library) servertest.Option {
	return func(c *server.Config) { c.Library = lib }
}

// redosed is lib with a different dose for the first exercise, other than
// aerobic work, of a plan's first week.
func redosed(t *testing.T, lib *coach.Library, r coach.Result) *coach.Library {
	t.Helper()
	id := ""
	for _, d := range r.Weeks[0].Days {
		for _, it := range d.Items {
			if id == "" && it.Block != coach.Aerobic {
				id = it.Exercise
			}
		}
	}
	out, err := lib.Changed(func(e *coach.Exercise) {
		switch {
		case e.ID != id:
		case e.Dose.HoldSeconds > 0:
			e.Dose.HoldSeconds += 5
		default:
			e.Dose.Reps += 2
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if id == "" || out.Version() == lib.Version() {
		t.Fatalf("no changed library (exercise %q)", id)
	}
	return out
}

// followsUpdate checks a plan read after a library update: the days
// before from are what the person was shown, the days from it on are
// the new library's, and one adjustment on day from names the update.
func followsUpdate(t *testing.T, who string, got, shown, fresh coach.Result, from int, note string) {
	t.Helper()
	changed := false
	for wi, w := range got.Weeks {
		for di, d := range w.Days {
			want := fresh.Weeks[wi].Days[di]
			if wi*7+di < from {
				want = shown.Weeks[wi].Days[di]
			}
			if !reflect.DeepEqual(d, want) {
				t.Fatalf("%s: week %d day %d is %+v, want %+v", who, w.Week, d.Day, d, want)
			}
			changed = changed || (wi*7+di >= from && !reflect.DeepEqual(d, shown.Weeks[wi].Days[di]))
		}
	}
	if !changed {
		t.Fatalf("%s: the days to come do not follow the new library", who)
	}
	var notes []coach.Adjustment
	for _, a := range got.Adjustments {
		if a.Change == coach.ChangeLibrary {
			notes = append(notes, a)
		}
	}
	if len(notes) != 1 || notes[0].Week != from/7+1 || notes[0].Day != from%7+1 || !strings.HasPrefix(notes[0].Reason, note) {
		t.Fatalf("%s: library adjustments %+v, want one on week %d day %d saying %q", who, notes, from/7+1, from%7+1, note)
	}
}

// A plan is made from its inputs on every read. After a library update a
// plan keeps the days already lived and follows the new library from the
// first day no one has begun, with an adjustment that says so: for an
// anonymous link and for a member's plan with logs alike.
func TestLibraryUpdateReachesOnlyTheDaysToCome(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	disk := onDisk(t)
	clkA := servertest.NewClock(servertest.Start)
	a := servertest.New(t, disk, servertest.WithClock(clkA))
	anonURL := a.PostStep(5, servertest.Answers()).Header.Get("Location")
	m := a.Member("ann@example.org")
	c, uid, pl := m.Client, m.ID, m.Plan
	logWeek(t, a, clkA, uid, pl)

	// Ten days in (week 2, day 4), the server restarts with a library in
	// which one exercise of this plan has another dose.
	oldLib := a.Srv.Plans.Library()
	newLib := redosed(t, oldLib, pl.Result)
	clkB := servertest.NewClock(servertest.Day(10))
	clkA.Set(clkB.Now())
	b := servertest.New(t, disk, servertest.WithClock(clkB), withLibrary(newLib))
	// 07:00 UTC + 14 hours is still day 10 somewhere: day 11 (week 2,
	// day 5) is the first day no one has begun.
	const from = 11
	note := "The exercise library was updated (version " + oldLib.Version() + " → " + newLib.Version() + ")"

	token := strings.TrimPrefix(anonURL, "/plan/")
	shownAnon, err := a.Srv.Plans.Get(ctx, token, 0)
	if err != nil {
		t.Fatal(err)
	}
	anon, err := b.Srv.Plans.Get(ctx, token, 0)
	if err != nil {
		t.Fatal(err)
	}
	followsUpdate(t, "anonymous link", anon.Result, shownAnon.Result, coach.Plan(anon.Profile, newLib), from, note)
	if anon.LibraryVersion != oldLib.Version() {
		t.Errorf("anonymous plan made with %q, want %q", anon.LibraryVersion, oldLib.Version())
	}
	if r := b.Get(nil, anonURL); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, note) {
		t.Fatalf("GET %s after the update: %d, says the update: %v", anonURL, r.StatusCode, strings.Contains(r.Body, note))
	}

	shown, err := a.Srv.Progress.Current(ctx, uid, "")
	if err != nil {
		t.Fatal(err)
	}
	st, err := b.Srv.Progress.Current(ctx, uid, "")
	if err != nil {
		t.Fatal(err)
	}
	h := coach.History{Start: pl.Start, Today: st.Today, Logs: st.Logs}
	followsUpdate(t, "member", st.Result, shown.Result, coach.Adapt(pl.Profile, newLib, h), from, note)
	// A week without a visit ended the session: sign in again.
	if r := b.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	if r := b.Get(c, "/me/plan"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, note) {
		t.Fatalf("GET /me/plan after the update: %d, says the update: %v", r.StatusCode, strings.Contains(r.Body, note))
	}
	if r := b.Get(c, "/me/progress"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `<li class="timeline-library">`) ||
		!strings.Contains(r.Body, "· The exercise library was updated</p>") {
		t.Fatalf("GET /me/progress after the update: %d, the timeline does not show the update with its label", r.StatusCode)
	}
	r := b.Get(c, "/api/v1/me/plan")
	var api struct{ Adjustments []coach.Adjustment }
	if err := json.Unmarshal([]byte(r.Body), &api); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me/plan: %d %v", r.StatusCode, err)
	}
	if !reflect.DeepEqual(api.Adjustments, st.Result.Adjustments) {
		t.Errorf("the API's adjustments %+v, want %+v", api.Adjustments, st.Result.Adjustments)
	}

	// A plan made after the update follows the new library alone.
	fresh, err := b.Srv.Plans.Get(ctx, strings.TrimPrefix(b.PostStep(5, servertest.Answers()).Header.Get("Location"), "/plan/"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := coach.Plan(fresh.Profile, newLib); !reflect.DeepEqual(fresh.Result, want) || fresh.LibraryVersion != newLib.Version() {
		t.Errorf("a plan made after the update is not the new library's plan (made with %s)", fresh.LibraryVersion)
	}
}

// Plans stored before migration 00014 have no library version: they
// count as made with the library the server first runs with after it,
// show as before, and take later updates like any other plan.
func TestPlansStoredBeforeLibraryVersionsKeepWorking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	disk := onDisk(t)
	cfg := server.Config{Log: slog.New(slog.DiscardHandler), Now: servertest.NewClock(servertest.Start).Now}
	cfg.BaseURL, _ = url.Parse("http://127.0.0.1/")
	disk(&cfg)
	srv, err := server.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5,
		WorseWith: []string{"sitting"}, BetterWith: []string{"walking"}, Conditions: []string{}, RedFlags: []string{}, Access: []string{}}
	made, err := srv.Plans.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	db, err := store.Open(ctx, cfg.Database, cfg.DataDir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateDownTo(ctx, 13); err != nil {
		t.Fatal(err)
	}
	db.Close()

	h := servertest.New(t, disk, func(c *server.Config) { c.Migrate = true })
	lib := h.Srv.Plans.Library()
	got, err := h.Srv.Plans.Get(ctx, made.Token, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Result, coach.Plan(p, lib)) || got.LibraryVersion != lib.Version() {
		t.Fatalf("an old plan after the migration: made with %q, same plan %v", got.LibraryVersion, reflect.DeepEqual(got.Result, coach.Plan(p, lib)))
	}
	if r := h.Get(nil, "/plan/"+made.Token); r.StatusCode != http.StatusOK {
		t.Fatalf("GET the old plan's link: %d", r.StatusCode)
	}

	newLib := redosed(t, lib, got.Result)
	later := servertest.New(t, disk, servertest.WithClock(servertest.NewClock(servertest.Day(10))), withLibrary(newLib))
	upd, err := later.Srv.Plans.Get(ctx, made.Token, 0)
	if err != nil {
		t.Fatal(err)
	}
	followsUpdate(t, "old plan", upd.Result, got.Result, coach.Plan(p, newLib), 11,
		"The exercise library was updated (version "+lib.Version()+" → "+newLib.Version()+")")
}
