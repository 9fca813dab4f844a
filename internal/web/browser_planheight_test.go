package web_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// planHeightLimit is the most the plan page may measure on a 375 px phone
// for a typical member: the page was 9,448 px (the review measured 9,800 to 12,000) before the week
// list, the advice and the left-out entries were folded (UX M4).
const planHeightLimit = 4800

// A typical member's plan page on a phone stays short: everything is
// still there, folded, and the page does not scroll sideways.
func TestBrowserPlanPageHeight(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("tall@example.org")
	b := browsertest.New(t)
	browserLogin(b, h, m.Email, "/me/plan")
	for _, tc := range []struct {
		width int64
		dark  bool
	}{{375, false}, {375, true}, {1280, false}, {1280, true}} {
		scheme := "light"
		if tc.dark {
			scheme = "dark"
		}
		b.Run(chromedp.EmulateViewport(tc.width, 812), emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
			chromedp.Navigate(h.TS.URL+"/me/plan"), chromedp.WaitVisible(`h1`, chromedp.ByQuery))
		var height, sw int
		b.Run(chromedp.Evaluate(`document.documentElement.scrollHeight`, &height),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &sw))
		t.Logf("/me/plan at %d px (%s): %d px tall", tc.width, scheme, height)
		if tc.width == 375 && height > planHeightLimit {
			t.Errorf("/me/plan at 375 px is %d px tall, want at most %d", height, planHeightLimit)
		}
		if sw > int(tc.width) {
			t.Errorf("/me/plan at %d px scrolls sideways (%d px)", tc.width, sw)
		}
		b.Screenshot(fmt.Sprintf("plan-page-%d-%s", tc.width, scheme))
	}
}
