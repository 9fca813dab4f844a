package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/servertest"
)

// The settings show every answer behind the plan in words: leg pain and
// its follow-up, what makes it worse and better, conditions, equipment,
// the body questions; never a stored code.
func TestSettingsShowEveryAnswerInWords(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("words@example.org", servertest.NoPlan())
	p := servertest.Profile
	p.LegPain, p.BothLegsOnset = "both_legs", coach.OnsetLongStanding
	p.WorseWith, p.BetterWith = []string{"sitting", "bending_forward"}, []string{"walking"}
	p.Conditions, p.Access = []string{"disc_herniation"}, []string{"pool", "stationary_bike"}
	p.ClearedByClinician, p.ActivityLevel = true, "light"
	ctx := context.Background()
	pl, err := h.Srv.Plans.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Token == "" {
		t.Fatalf("the profile made a %s, not a plan", pl.Result.Status)
	}
	if err := h.Srv.Plans.Save(ctx, pl.Token, m.ID); err != nil {
		t.Fatal(err)
	}
	body := h.Get(m.Client, "/me/settings").Body
	for _, want := range []string{
		"<dt>Pain in the legs</dt><dd>Pain, numbness or tingling in both legs. I have had them longer than two weeks and they are not getting worse</dd>",
		"<dt>What makes the pain worse</dt><dd>Sitting; Bending forward</dd>",
		"<dt>What eases it</dt><dd>Walking</dd>",
		"<dt>Conditions a doctor has told you about</dt><dd>Disc herniation (bulging or slipped disc, sciatica)</dd>",
		"<dt>What you can use</dt><dd>A swimming pool; An exercise bike (stationary)</dd>",
		"<dt>How active you are</dt><dd>Some walking or light activity most days</dd>",
		"<dt>Checked by a doctor or physical therapist</dt><dd>Yes: a clinician has checked",
		"<dt>Getting down to the floor and back up</dt>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("settings lack %q", want)
		}
	}
	answers := body[strings.Index(body, `<dl class="answers">`):]
	answers = answers[:strings.Index(answers, "</dl>")]
	// Every stored code with two words has an underscore; words do not.
	if strings.Contains(answers, "_") {
		t.Errorf("the answers show a code:\n%s", answers)
	}
}

// todayTimeRE finds the date /me/today is for.
var todayTimeRE = regexp.MustCompile(`<p class="lead"><time datetime="([0-9-]+)">`)

// todayDate is the date /me/today is for.
func todayDate(t *testing.T, h *servertest.Harness, m *servertest.Member) string {
	t.Helper()
	r := h.Get(m.Client, "/me/today")
	d := todayTimeRE.FindStringSubmatch(r.Body)
	if r.StatusCode != 200 || d == nil {
		t.Fatalf("/me/today: %d, no date field:\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	return d[1]
}

// A member's day follows the time zone they choose: near midnight, the
// same instant is tomorrow in Auckland and yesterday in Los Angeles.
func TestTimeZoneMovesTheMembersDay(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		zone     string
		now      time.Time
		utc, loc string
	}{
		{"Pacific/Auckland", time.Date(2026, 11, 10, 11, 30, 0, 0, time.UTC), "2026-11-10", "2026-11-11"},   // 00:30 NZDT
		{"America/Los_Angeles", time.Date(2026, 11, 11, 7, 30, 0, 0, time.UTC), "2026-11-11", "2026-11-10"}, // 23:30 PST
		{"Europe/Berlin", time.Date(2026, 11, 10, 22, 59, 0, 0, time.UTC), "2026-11-10", "2026-11-10"},      // 23:59 CET
		{"Asia/Kolkata", time.Date(2026, 11, 10, 18, 31, 0, 0, time.UTC), "2026-11-10", "2026-11-11"},       // 00:01 IST
		{"Pacific/Honolulu", time.Date(2026, 11, 11, 9, 59, 0, 0, time.UTC), "2026-11-11", "2026-11-10"},    // 23:59 HST
	} {
		t.Run(tt.zone, func(t *testing.T) {
			t.Parallel()
			clk := servertest.NewClock(tt.now)
			h := servertest.New(t, servertest.WithClock(clk))
			m := h.Member("tz@example.org", servertest.DaysAgo(clk, 3))
			if got := todayDate(t, h, m); got != tt.utc {
				t.Fatalf("before a zone is chosen: today %s, want the UTC date %s", got, tt.utc)
			}
			r := m.Post("/me/timezone", url.Values{"time_zone": {tt.zone}})
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/settings?done=zone#time-zone" {
				t.Fatalf("set %s: %d %s", tt.zone, r.StatusCode, r.Header.Get("Location"))
			}
			s := h.Get(m.Client, "/me/settings?done=zone").Body
			if !strings.Contains(s, "<strong>"+tt.zone+"</strong>") || !strings.Contains(s, `<option value="`+tt.zone+`" selected>`) ||
				!strings.Contains(s, "midnight in "+tt.zone) {
				t.Errorf("settings do not show %s as chosen", tt.zone)
			}
			if got := todayDate(t, h, m); got != tt.loc {
				t.Errorf("in %s: today %s, want %s", tt.zone, got, tt.loc)
			}
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.now.In(loc).Format("2 January 2006, 15:04 MST"); !strings.Contains(h.Get(m.Client, "/me/settings/sessions").Body, want) {
				t.Errorf("the devices page does not say %q", want)
			}
			// A device date that disagrees no longer moves the day.
			r = h.Get(m.Client, "/me/today?local="+tt.utc)
			if d := todayTimeRE.FindStringSubmatch(r.Body); d == nil || d[1] != tt.loc {
				t.Errorf("with the device's %s: today %v, want %s", tt.utc, d, tt.loc)
			}
			// A walk logged now is dated the member's day.
			if a := h.Get(m.Client, "/me/activity").Body; !strings.Contains(a, `max="`+tt.loc+`" value="`+tt.loc+`"`) {
				t.Errorf("the activity form does not offer %s as today", tt.loc)
			}
			r = m.Post("/me/activity", url.Values{"activity": {"brisk-walking"}, "minutes": {"20"}, "date": {tt.loc}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("log: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
			}
			logs := m.Logs()
			if len(logs) != 1 || logs[0].Date != tt.loc || logs[0].Recorded != tt.loc {
				t.Errorf("log = %+v, want date and recorded %s", logs, tt.loc)
			}
		})
	}
}

// A time zone must be a name of the IANA database: anything else is
// refused with a message at the field, and the zone stays as it was.
func TestTimeZoneRefusesWhatIsNotAZone(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("badtz@example.org")
	if r := m.Post("/me/timezone", url.Values{"time_zone": {"Europe/Paris"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("Europe/Paris: %d", r.StatusCode)
	}
	for _, bad := range []string{"", "Mars/Olympus_Mons", "Local", "../../etc/passwd", "Europe/Paris\x00", strings.Repeat("A/", 40)} {
		r := m.Post("/me/timezone", url.Values{"time_zone": {bad}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-tz"`) || !strings.Contains(r.Body, "Please choose your time zone from the list") {
			t.Errorf("%q: %d\n%s", bad, r.StatusCode, servertest.ErrorText(r.Body))
		}
	}
	if s := h.Get(m.Client, "/me/settings").Body; !strings.Contains(s, "<strong>Europe/Paris</strong>") {
		t.Error("a refused zone changed the one chosen")
	}
}

// A plan a member makes begins on their date: half an hour after
// midnight in Auckland, week 1 starts on the Auckland day, not on the
// UTC one still running.
func TestNewPlanBeginsOnTheMembersDate(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(time.Date(2026, 11, 10, 11, 30, 0, 0, time.UTC)) // 00:30 on the 11th in Auckland
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("newplan@example.org", servertest.NoPlan())
	if r := m.Post("/me/timezone", url.Values{"time_zone": {"Pacific/Auckland"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("zone: %d", r.StatusCode)
	}
	v := servertest.Answers()
	v.Set("step", "5")
	// A signed-in member without a plan has it saved at once (member-flows).
	r := m.Post("/start", v)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/plan" {
		t.Fatalf("/start: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	pl, err := h.Srv.Plans.Active(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := pl.Start.Format(time.DateOnly); got != "2026-11-11" {
		t.Errorf("the plan begins on %s, want the Auckland date 2026-11-11", got)
	}
	if anon := h.PostStep(5, servertest.Answers()); anon.StatusCode == http.StatusSeeOther {
		p, err := h.Srv.Plans.Get(context.Background(), strings.TrimPrefix(anon.Header.Get("Location"), "/plan/"), 0)
		if err != nil || p.Start.Format(time.DateOnly) != "2026-11-10" {
			t.Errorf("a visitor's plan begins on %v (%v), want the UTC date 2026-11-10", p, err)
		}
	}
}

// The calendar feed's note for a member without a plan is dated their
// day: half an hour after midnight in Auckland, the Auckland date.
func TestCalendarNoteFollowsTheTimeZone(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(time.Date(2026, 11, 10, 11, 30, 0, 0, time.UTC))
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("feedtz@example.org", servertest.NoPlan())
	path, _ := createFeed(t, h, m.Client, "07:30")
	if body := h.Get(nil, path).Body; !strings.Contains(body, "DTSTART;VALUE=DATE:20261110") {
		t.Fatalf("without a zone the note is not on the UTC date:\n%s", body)
	}
	if r := m.Post("/me/timezone", url.Values{"time_zone": {"Pacific/Auckland"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("zone: %d", r.StatusCode)
	}
	if body := h.Get(nil, path).Body; !strings.Contains(body, "DTSTART;VALUE=DATE:20261111") || !strings.Contains(body, "DTEND;VALUE=DATE:20261112") {
		t.Errorf("in Auckland the note is not on 11 November:\n%s", body)
	}
}
