package web_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// The settings page's reminders section is valid HTML in every state,
// has no axe violations (light and dark), and the copy button appears
// only with JavaScript.
func TestBrowserCalendarSettings(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	b := browsertest.New(t)
	c := h.Member("ann@example.org").Client
	docs := map[string][]byte{"settings-no-feed": []byte(h.Get(c, "/me/settings").Body)}
	docs["settings-feed-error"] = []byte(h.Form(c, "/me/calendar", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}, "time": {"25:00"}}).Body)
	_, created := h.Follow(c, "/me/calendar", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}, "time": {"07:30"}})
	docs["settings-feed-created"] = []byte(created.Body)
	_, changed := h.Follow(c, "/me/calendar/time", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}, "time": {"08:00"}})
	docs["settings-feed-on"] = []byte(changed.Body)
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}

	b.Run(chromedp.EmulateViewport(375, 812), chromedp.Navigate(h.TS.URL+"/login"), chromedp.WaitVisible(`#password`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "bob@example.org", chromedp.ByQuery), chromedp.SendKeys(`#password`, "a long enough secret", chromedp.ByQuery))
	if _, err := h.Srv.Accounts.Create(t.Context(), "bob@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	b.ClickUntil(`.account-form button`, `form[action="/logout"]`) // signed in: the page after the login has loaded
	b.Run(chromedp.Navigate(h.TS.URL+"/me/settings#calendar"), chromedp.WaitVisible(`#cal-time`, chromedp.ByQuery))
	b.ClickUntil(`form[action="/me/calendar"] button`, `#cal-url`)
	var hidden bool
	var feed string
	b.Run(chromedp.Evaluate(`document.querySelector("[data-copy]").hidden`, &hidden), chromedp.Value(`#cal-url`, &feed, chromedp.ByQuery))
	if hidden {
		t.Error("the copy button stays hidden with JavaScript")
	}
	if u, err := url.Parse(feed); err != nil || h.Get(nil, u.Path).StatusCode != 200 {
		t.Errorf("the shown address %q does not serve the feed", feed)
	}
	for _, scheme := range []string{"light", "dark"} {
		b.Run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}))
		for _, v := range b.Axe() {
			t.Errorf("axe on the new feed (%s): %s", scheme, v)
		}
	}
	b.Run(chromedp.ScrollIntoView(`#calendar`, chromedp.ByQuery))
	b.Screenshot("settings-calendar-375")
	b.AssertSameOrigin(h.TS.URL)
}
