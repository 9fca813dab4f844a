package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// The phone menu says "Close" when open and closes with Escape or a tap
// outside it; a link to a week of the plan opens that week (a new user
// tapped "Week 3" and saw nothing happen).
func TestBrowserMenuAndWeekLinks(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	pl, err := h.Srv.Plans.Create(context.Background(), servertest.Profile)
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	var label string
	isOpen := func(sel string) bool {
		t.Helper()
		var state string
		b.Run(chromedp.Evaluate(`(function (d) { return d ? (d.open ? "open" : "closed") : "missing" })(document.querySelector("`+sel+`"))`, &state))
		if state == "missing" {
			t.Fatalf("no %s on the page", sel)
		}
		return state == "open"
	}
	b.Run(chromedp.EmulateViewport(375, 812), chromedp.Navigate(h.TS.URL+"/articles/"),
		chromedp.Click(`.menu > summary`, chromedp.ByQuery), chromedp.WaitVisible(`.site-nav`, chromedp.ByQuery),
		chromedp.Text(`.menu > summary`, &label, chromedp.ByQuery))
	if label != "Close" {
		t.Errorf("open menu says %q, want Close", label)
	}
	b.Run(chromedp.KeyEvent(kb.Escape))
	if isOpen("details.menu") {
		t.Error("Escape left the menu open")
	}
	b.Run(chromedp.Click(`.menu > summary`, chromedp.ByQuery), chromedp.WaitVisible(`.site-nav`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("main").click()`, nil)) // the open menu lies over the page
	if isOpen("details.menu") {
		t.Error("a tap outside left the menu open")
	}
	// The weeks are one folded list (no table of links to them any more):
	// a link from elsewhere to a week opens it.
	b.Run(chromedp.EmulateViewport(1280, 800), chromedp.Navigate(h.TS.URL+"/plan/"+pl.Token+"#week-3"))
	// The page opens the week after the click's hash change: wait for it.
	if err := b.Try(5*time.Second, chromedp.Poll(`document.querySelector("#week-3").open`, nil)); err != nil || !isOpen("#week-3") {
		var url string
		b.Run(chromedp.Location(&url))
		b.Screenshot("week-link")
		t.Errorf("the link to week 3 left it closed (at %s, token %q)", url, pl.Token)
	}
}
