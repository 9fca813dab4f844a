package web_test

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// On a page shorter than the window, what shows under the footer is the
// footer's colour, not a strip of the page's background (UX review 3,
// L10), in both themes.
func TestBrowserFooterReachesTheBottom(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	b := browsertest.New(t)
	for _, scheme := range []string{"light", "dark"} {
		var got struct {
			Short          bool
			Canvas, Footer string
		}
		b.Run(chromedp.EmulateViewport(1280, 1400),
			emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
			chromedp.Navigate(h.TS.URL+"/login"), chromedp.WaitVisible("footer", chromedp.ByQuery),
			chromedp.Evaluate(`(() => { const f = document.querySelector(".site-footer");
				return {Short: f.getBoundingClientRect().bottom < innerHeight - 20,
					Canvas: getComputedStyle(document.documentElement).backgroundColor, Footer: getComputedStyle(f).backgroundColor}; })()`, &got))
		if !got.Short {
			t.Fatalf("/login fills a 1280×1400 window: the test needs a short page")
		}
		if got.Canvas != got.Footer {
			t.Errorf("%s: under the footer shows %s, the footer is %s", scheme, got.Canvas, got.Footer)
		}
		b.Screenshot("footer-login-1280-" + scheme)
	}
	b.AssertSameOrigin(h.TS.URL)
}
