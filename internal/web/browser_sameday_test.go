package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// After a session and a new plan the same day, today and progress say
// so on a phone and a desktop, in both themes, within the width and with
// nothing for axe to find.
func TestBrowserSameDayNewPlan(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("sameday@example.org")
	logToday(t, h, m)
	m.NewPlan()
	b := browsertest.New(t)
	browserLogin(b, h, m.Email, "/me/today")
	for _, width := range []int64{375, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			for _, pg := range []struct{ path, sel, want string }{
				{"/me/today", "#session-title", "already done a session today"},
				{"/me/progress", ".earlier-note", "from an earlier plan"},
				{"/me/summary", ".summary-facts", "1 session logged on an earlier plan"},
			} {
				b.Run(chromedp.EmulateViewport(width, 812),
					emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
					chromedp.Navigate(h.TS.URL+pg.path), chromedp.WaitVisible(pg.sel, chromedp.ByQuery))
				var text string
				var sw int
				b.Run(chromedp.Text(pg.sel, &text, chromedp.ByQuery), chromedp.Evaluate(`document.documentElement.scrollWidth`, &sw))
				if !strings.Contains(text, pg.want) {
					t.Errorf("%s at %d px: %q lacks %q", pg.path, width, text, pg.want)
				}
				if sw > int(width) {
					t.Errorf("%s at %d px scrolls sideways (%d px)", pg.path, width, sw)
				}
				if scheme == "light" {
					for _, v := range b.Axe() {
						t.Errorf("axe on %s at %d px: %s", pg.path, width, v)
					}
				}
				b.Screenshot(fmt.Sprintf("sameday%s-%d-%s", strings.ReplaceAll(pg.path, "/", "-"), width, scheme))
			}
		}
	}
	b.AssertSameOrigin(h.TS.URL)
}
