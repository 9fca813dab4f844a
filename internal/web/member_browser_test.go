package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// The member pages of issue 14 in a browser: a member whose phone is set
// to Auckland, half an hour after midnight there, takes the zone the
// settings suggest and finds their day moved; they log a missed day of
// last week from the day picker, and open an older plan. At 375 and
// 1280 px every page passes the layout rules and axe; the Nu checker
// passes every state of them. Screenshots: member-*.png.
func TestBrowserMemberPages(t *testing.T) {
	t.Parallel()
	// 11:30 UTC on 23 November is 00:30 on the 24th in Auckland (NZDT).
	clk := servertest.NewClock(servertest.Start.Add(4*time.Hour + 30*time.Minute))
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("kiri@example.org", servertest.DaysAgo(clk, 20))
	first := m.Plan
	clk.Set(servertest.Start.Add(4*time.Hour+30*time.Minute).AddDate(0, 0, -10))
	ctx := context.Background()
	second, err := h.Srv.Plans.Create(ctx, servertest.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Srv.Plans.Save(ctx, second.Token, m.ID); err != nil {
		t.Fatal(err)
	}
	clk.Set(servertest.Start.Add(4*time.Hour + 30*time.Minute))
	if second, err = h.Srv.Plans.Active(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	// A missed session day of the plan's week 1 (lived: week 2 began).
	missed := ""
	for d := 1; d <= 7 && missed == ""; d++ {
		if !second.Result.Weeks[0].Days[d-1].Rest {
			missed = second.Date(1, d).Format(time.DateOnly)
		}
	}

	// Nu: every state of the new pages, including their errors.
	docs := map[string][]byte{
		"plans":         []byte(h.Get(m.Client, "/me/plans").Body),
		"old-plan":      []byte(h.Get(m.Client, "/me/plans/"+itoa64(first.ID)).Body),
		"settings-zone": []byte(h.Get(m.Client, "/me/settings").Body),
		"zone-error":    []byte(m.Post("/me/timezone", url.Values{"time_zone": {"Mars/Olympus_Mons"}}).Body),
		"day-earlier":   []byte(h.Get(m.Client, "/me/today?date="+missed).Body),
		"day-outside":   []byte(h.Get(m.Client, "/me/today?date=2020-01-01").Body),
	}
	for name, body := range docs {
		if !strings.Contains(string(body), "<main") {
			t.Fatalf("%s is not a page", name)
		}
	}

	b := browsertest.New(t)
	b.Run(emulation.SetTimezoneOverride("Pacific/Auckland"))
	browserCookie(t, b, h, m.Client)
	for _, view := range []struct {
		name  string
		width int64
	}{{"375", 375}, {"1280", 1280}} {
		phone := view.width < 600
		check := func(name string) {
			t.Helper()
			var problems []string
			b.Run(chromedp.Evaluate(layoutProbe+fmt.Sprintf("(%v)", phone), &problems))
			for _, p := range problems {
				t.Errorf("%s at %s: %s", name, view.name, p)
			}
			for _, v := range b.Axe() {
				t.Errorf("axe on %s at %s: %s", name, view.name, v)
			}
			b.Screenshot("member-" + name + "-" + view.name)
		}
		open := func(path string) {
			t.Helper()
			b.Run(chromedp.Navigate(h.TS.URL+path), chromedp.WaitReady("footer", chromedp.ByQuery))
		}
		b.Run(chromedp.EmulateViewport(view.width, 812))

		// The settings suggest the phone's zone; saving it moves the day.
		if view.name == "375" {
			open("/me/settings#time-zone")
			var chosen, hint string
			b.Run(chromedp.Value("#tz", &chosen, chromedp.ByID), chromedp.Text("#tz-device", &hint, chromedp.ByID))
			if chosen != "Pacific/Auckland" || !strings.Contains(hint, "Pacific/Auckland") {
				t.Errorf("the settings suggest %q (%q), want the phone's Pacific/Auckland", chosen, hint)
			}
			b.Run(chromedp.ScrollIntoView("#tz", chromedp.ByID))
			check("settings-zone-suggested")
			b.Run(chromedp.Click(`form[action="/me/timezone"] button`, chromedp.ByQuery))
			if !waitTrue(b, `!!document.querySelector('footer') && document.body.innerText.indexOf("midnight in Pacific/Auckland") >= 0`) {
				t.Fatal("saving the suggested zone did not confirm it")
			}
			b.Run(chromedp.ScrollIntoView("#time-zone", chromedp.ByID))
			check("settings-zone-saved")
		}
		open("/me/today")
		var day string
		b.Run(chromedp.AttributeValue(".lead time", "datetime", &day, nil, chromedp.ByQuery))
		if day != "2026-11-24" {
			t.Errorf("today at 00:30 in Auckland is %s, want 2026-11-24", day)
		}
		check("today-auckland")

		// Log the missed day from the day picker, on the plain form.
		if view.name == "375" {
			b.Run(chromedp.Click(`.day-picker a[href="/me/today?date=`+missed+`"]`, chromedp.ByQuery))
			if !waitTrue(b, `!!document.querySelector('footer') && location.search.indexOf("date=`+missed+`") >= 0`) {
				t.Fatal("the day picker did not open the missed day")
			}
			check("day-earlier")
			var items []string
			b.Run(chromedp.Evaluate(`Array.from(new Set(Array.from(document.querySelectorAll('#session-form input[value="done"]')).map(function(e){return e.name;})))`, &items))
			for _, q := range []string{`input[name=pain_before][value="3"]`, `input[name=pain_during][value="4"]`, `input[name=pain_after][value="4"]`,
				`input[name=leg_symptoms][value="none"]`, `input[name=new_numbness][value="no"]`} {
				b.Run(chromedp.Click(q, chromedp.ByQuery))
			}
			for _, it := range items {
				b.Run(chromedp.Click(`input[name=`+it+`][value="done"]`, chromedp.ByQuery))
			}
			b.Run(chromedp.Click(`#session-form button[type=submit]`, chromedp.ByQuery))
			if !waitTrue(b, `!!document.querySelector('footer') && !!document.querySelector('.today-notice')`) {
				t.Fatal("logging the missed day showed no thank-you")
			}
			check("day-logged")
			logs := m.Logs()
			if len(logs) != 1 || logs[0].Date != missed {
				t.Fatalf("logs = %+v, want one on %s", logs, missed)
			}
			docs["day-logged"] = []byte(h.Get(m.Client, "/me/today?date="+missed+"&logged="+itoa64(logs[0].ID)).Body)
			docs["day-correct"] = []byte(h.Get(m.Client, "/me/today?date="+missed+"&correct=1").Body)
		}
		open("/me/today?date=" + missed + "&correct=1")
		check("day-correct")
		open("/me/plans")
		check("plans")
		open("/me/plans/" + itoa64(first.ID))
		check("old-plan")
	}
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}
	b.Run(network.ClearBrowserCookies())
	b.AssertSameOrigin(h.TS.URL)
}
