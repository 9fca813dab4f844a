package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// A reader on a slow phone taps a star before the page's script has run:
// the tap fires no event the script hears, so the script sends it when it
// starts. The browser holds app.js back until the star is tapped.
func TestBrowserStarTappedBeforeTheScript(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	b := browsertest.New(t)
	paused := make(chan fetch.RequestID, 1)
	b.Listen(func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			paused <- e.RequestID
		}
	})
	b.Run(fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*/static/app.js*"}}))
	// Navigate without waiting for the load event, which waits for app.js.
	b.Run(chromedp.ActionFunc(func(ctx context.Context) error {
		_, _, _, _, err := page.Navigate(h.TS.URL + servertest.Pillar + "#rate").Do(ctx)
		return err
	}))
	var id fetch.RequestID
	select {
	case id = <-paused:
	case <-time.After(30 * time.Second):
		t.Fatalf("the browser never asked for app.js: %q", b.Requests())
	}
	b.Run(chromedp.WaitVisible(`#rate-form`, chromedp.ByQuery), chromedp.Click(`label[for=star-4]`, chromedp.ByQuery))
	var yours string
	b.Run(chromedp.Evaluate(`document.getElementById("rate-yours") ? document.getElementById("rate-yours").textContent : ""`, &yours))
	if yours != "" {
		t.Fatalf("the rating was sent before the script ran: %q", yours)
	}
	b.Run(fetch.ContinueRequest(id))
	if err := b.Try(30*time.Second, chromedp.WaitVisible(`#rate-yours`, chromedp.ByQuery), chromedp.Text(`#rate-yours`, &yours, chromedp.ByQuery)); err != nil {
		t.Fatalf("the early tap was never sent: %v", err)
	}
	if !strings.HasPrefix(yours, "You rated this 4") {
		t.Errorf("after the script ran: %q", yours)
	}
	// The stars change the rating from now on: no second button beside them.
	var display string
	b.Run(chromedp.Evaluate(`getComputedStyle(document.querySelector("#rate-form button")).display`, &display))
	if display != "none" {
		t.Errorf("the rating form's button still shows after the script sent the rating (display %q)", display)
	}
	r := h.Get(nil, servertest.APIArticle)
	if !strings.Contains(r.Body, `"count":1`) {
		t.Errorf("stored rating: %s", r.Body)
	}
}
