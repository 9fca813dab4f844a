package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// A member swaps an exercise on the plan page with the real form, sees
// it used with a message, and undoes it, on a phone and a desktop; the
// page stays within the width and axe finds nothing.
func TestBrowserSwapAndUndo(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("swapper@example.org")
	ex, with := firstSwap(t, h, m)
	b := browsertest.New(t)
	browserLogin(b, h, m.Email, "/me/plan")
	text := func(sel string) string {
		var s string
		b.Run(chromedp.Text(sel, &s, chromedp.ByQuery))
		return strings.TrimSpace(s)
	}
	fits := func(width int) {
		t.Helper()
		var sw int
		b.Run(chromedp.Evaluate(`document.documentElement.scrollWidth`, &sw))
		if sw > width {
			t.Errorf("at %d px the page scrolls sideways (%d px wide)", width, sw)
		}
	}
	for _, width := range []int{375, 1280} {
		b.Run(chromedp.EmulateViewport(int64(width), 900), chromedp.Navigate(h.TS.URL+"/me/plan"), chromedp.WaitVisible(`.swaps summary`, chromedp.ByQuery))
		b.ClickUntil(`.swaps summary`, `#swap-`+ex)
		fits(width)
		b.Run(chromedp.ScrollIntoView(`#swap-`+ex, chromedp.ByQuery))
		b.Screenshot(fmt.Sprintf("swap-offer-%d", width))
		b.Run(chromedp.SetValue(`#with-`+ex, with, chromedp.ByQuery))
		b.ClickUntil(`#swap-`+ex+` button`, `#swap-`+with+` form[action$="/undo"]`)
		if msg := text(`.swap-notice`); !strings.Contains(msg, "your plan uses") {
			t.Fatalf("at %d px, after the swap: %q", width, msg)
		}
		if !strings.Contains(text(`#swap-`+with), "is your choice instead of") {
			t.Errorf("at %d px the swapped-in exercise offers no undo", width)
		}
		// One card per exercise: the one swapped away offers no swap.
		var cards, away int
		b.Run(chromedp.Evaluate(`document.querySelectorAll('#swap-`+with+`').length`, &cards),
			chromedp.Evaluate(`document.querySelectorAll('#swap-`+ex+`, form[action="/me/plan/swaps/`+ex+`"]').length`, &away))
		if cards != 1 || away != 0 {
			t.Errorf("at %d px after the swap: %d cards for %s, %d swap forms for %s", width, cards, with, away, ex)
		}
		fits(width)
		for _, v := range b.Axe() {
			t.Errorf("axe on the plan after a swap at %d px: %s", width, v)
		}
		b.Run(chromedp.ScrollIntoView(`#swap-`+with, chromedp.ByQuery))
		b.Screenshot(fmt.Sprintf("swap-done-%d", width))
		b.ClickUntil(`#swap-`+with+` button`, `#swap-`+ex+` select`)
		if msg := text(`.swap-notice`); !strings.Contains(msg, "Swap undone") {
			t.Fatalf("at %d px, after the undo: %q", width, msg)
		}
		b.Screenshot(fmt.Sprintf("swap-undone-%d", width))
	}
	b.AssertSameOrigin(h.TS.URL)
}
