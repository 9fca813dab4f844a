package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// TestBrowserNewMemberFlows walks as a new member: /start, "Log in to
// save this plan", signup, the saved message, today, a session log,
// progress and the summary (printed: one A4 page), then taps a star on
// an article with JavaScript and finds the vote remembered after a
// reload. Each page keeps the layout rules (layoutProbe) and axe finds
// nothing at 375 px; screenshots at 375 and 1280 px are kept as
// flows-*.png.
func TestBrowserNewMemberFlows(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	b := browsertest.New(t)
	look := func(name string) {
		t.Helper()
		for _, width := range []int64{375, 1280} {
			b.Run(chromedp.EmulateViewport(width, 900))
			var problems []string
			b.Run(chromedp.Evaluate(layoutProbe+fmt.Sprintf("(%v)", width == 375), &problems))
			for _, p := range problems {
				t.Errorf("%s at %d px: %s", name, width, p)
			}
			b.Screenshot(fmt.Sprintf("flows-%s-%d", name, width))
		}
		b.Run(chromedp.EmulateViewport(375, 812))
		for _, v := range b.Axe() {
			t.Errorf("axe on %s: %s", name, v)
		}
	}
	b.Run(chromedp.EmulateViewport(375, 812))
	walkStart(t, b, h, func(string) {})
	look("plan-visitor")

	// "Log in to save this plan" leads to signup, which links to login.
	b.ClickUntil(`.plan-actions form button`, `#email`)
	var path, loginLink string
	b.Run(chromedp.Evaluate(`location.pathname`, &path), chromedp.AttributeValue(`main a[href^="/login?save="]`, "href", &loginLink, nil, chromedp.ByQuery))
	if path != "/signup" || loginLink == "" {
		t.Fatalf("the save button led to %q (login link %q), want the signup page with a login link", path, loginLink)
	}
	b.Run(chromedp.SendKeys(`#email`, "new@example.org", chromedp.ByQuery), chromedp.SendKeys(`#password`, "a long enough secret", chromedp.ByQuery))
	look("signup-to-save")
	b.ClickUntil(`.account-form button`, `.page-notice`)
	var notice string
	b.Run(chromedp.Text(`.page-notice`, &notice, chromedp.ByQuery), chromedp.Evaluate(`location.pathname`, &path))
	if path != "/me/plan" || !strings.Contains(notice, "your plan is saved to your account") {
		t.Errorf("after signup: on %q saying %q", path, notice)
	}
	look("plan-saved")

	// Today's session, logged with the page's own form (without the
	// player's script, which TestBrowserGuidedSession walks).
	b.Run(chromedp.Navigate(h.TS.URL+"/me/today"), chromedp.WaitVisible(`#session-form`, chromedp.ByQuery))
	look("today")
	b.Run(emulation.SetScriptExecutionDisabled(true), chromedp.Navigate(h.TS.URL+"/me/today"), chromedp.WaitVisible(`#session-form`, chromedp.ByQuery))
	b.Run(chromedp.Evaluate(`(function(){
		function pick(name, value){ var e = document.querySelector('input[name="'+name+'"][value="'+value+'"]'); if (e) e.checked = true; }
		pick("pain_before","3"); pick("pain_during","4"); pick("pain_after","4"); pick("leg_symptoms","none"); pick("new_numbness","no");
		document.querySelectorAll('input[type=radio][name^="item_"][value="done"]').forEach(function(e){ e.checked = true; });
		document.querySelectorAll('input[name^="minutes_"]').forEach(function(e){ e.value = "12"; });
	})()`, nil))
	b.ClickUntil(`#session-form button[type=submit]`, `main`)
	if !waitTrue(b, `location.pathname !== "/me/today" || !document.querySelector("#session-form")`) {
		t.Error("the session form was not accepted")
	}
	b.Run(emulation.SetScriptExecutionDisabled(false))
	look("after-log")
	b.Run(chromedp.Navigate(h.TS.URL+"/me/progress"), chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery))
	var logged bool
	b.Run(chromedp.Evaluate(`document.body.textContent.indexOf("Nothing logged yet") < 0`, &logged))
	if !logged {
		t.Error("the progress page shows no log after the session")
	}
	look("progress")
	b.Run(chromedp.Navigate(h.TS.URL+"/me/summary"), chromedp.WaitVisible(`.summary-page`, chromedp.ByQuery))
	look("summary")
	if n := printedPages(t, b, "flows-summary"); n != 1 {
		t.Errorf("the printed summary has %d pages, want 1", n)
	}

	// A star tap sends the vote by itself, and a reload remembers it.
	b.Run(emulation.SetEmulatedMedia().WithMedia(""), chromedp.Navigate(h.TS.URL+servertest.Pillar+"#rate"), chromedp.WaitVisible(`#rate-form`, chromedp.ByQuery))
	// The page may still be scrolling to #rate, and a click at where the
	// star was a moment ago misses it: tap until the star is chosen.
	var tapped bool
	for range 10 {
		b.Run(chromedp.Click(`label[for=star-4]`, chromedp.ByQuery), chromedp.Evaluate(`document.getElementById("star-4").checked`, &tapped))
		if tapped {
			break
		}
		b.Run(chromedp.Sleep(300 * time.Millisecond))
	}
	if !tapped {
		t.Fatal("tapping the fourth star never chose it")
	}
	// A loaded machine may take a while to store the vote.
	if !waitLong(b, `!!document.getElementById("rate-yours") && document.getElementById("rate-yours").textContent.indexOf("You rated this 4") === 0`, 45*time.Second) {
		t.Fatal("a star tap did not send the rating")
	}
	if n := h.RatingCount(); n != 1 {
		t.Errorf("%d votes after one tap, want 1", n)
	}
	look("article-rated")
	var yours string
	var checked bool
	b.Run(chromedp.Reload(), chromedp.WaitVisible(`#rate-yours`, chromedp.ByQuery), chromedp.Text(`#rate-yours`, &yours, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("star-4").checked`, &checked))
	if !strings.HasPrefix(yours, "You rated this 4 ★") || !strings.Contains(yours, "change?") || !checked {
		t.Errorf("after a reload: %q, star 4 checked %v", yours, checked)
	}
	// At 1280 px the contents sit in a side column no taller than the
	// window; when the list is longer, it scrolls in its box with shadows
	// that say so, and its last entry can be reached.
	var toc struct {
		Scroll, Client float64
		Shadow         bool
		LastReachable  bool
	}
	b.Run(chromedp.EmulateViewport(1280, 600), chromedp.Evaluate(`(function(){
		var t = document.querySelector(".toc"), last = t.querySelector("details > ol > li:last-child > a");
		t.scrollTo({top: t.scrollHeight, behavior: "instant"});
		var r = last.getBoundingClientRect(), b = t.getBoundingClientRect();
		return {Scroll: t.scrollHeight, Client: t.clientHeight, Shadow: getComputedStyle(t).backgroundImage.indexOf("gradient") >= 0,
			LastReachable: r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5};
	})()`, &toc))
	if toc.Scroll > toc.Client+1 && (!toc.Shadow || !toc.LastReachable) {
		t.Errorf("the article's contents at 1280 × 600 are cut: %.0f px in a %.0f px box, shadows %v, last entry reachable %v", toc.Scroll, toc.Client, toc.Shadow, toc.LastReachable)
	}
	b.AssertSameOrigin(h.TS.URL)
}

// TestBrowserFullSummaryFitsOneA4Page prints the summary of a member who
// has lived the whole 12 weeks, with a log every day and check-ins, to
// PDF on A4 and counts the pages.
func TestBrowserFullSummaryFitsOneA4Page(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("full@example.org", servertest.DaysAgo(clk, 84))
	logDays(t, h, m.ID, m.Plan, 84)
	b := browsertest.New(t)
	browserCookie(t, b, h, m.Client)
	b.Run(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(h.TS.URL+"/me/summary"), chromedp.WaitVisible(`.summary-page`, chromedp.ByQuery))
	b.Screenshot("flows-summary-full-1280")
	if n := printedPages(t, b, "flows-summary-full"); n != 1 {
		t.Errorf("the printed summary of a full plan has %d pages, want 1", n)
	}
}

// waitLong polls expr in the browser until it is true or limit passes.
func waitLong(b *browsertest.Browser, expr string, limit time.Duration) bool {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var ok bool
		if err := b.Try(2*time.Second, chromedp.Evaluate(expr, &ok)); err == nil && ok {
			return true
		}
	}
	return false
}

var pdfPageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)

// printedPages prints the browser's page to PDF on A4 (the page's own
// @page size and margins), keeps it as an artifact and counts its pages.
func printedPages(t *testing.T, b *browsertest.Browser, name string) int {
	t.Helper()
	var pdf []byte
	b.Run(emulation.SetEmulatedMedia().WithMedia("print"), chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).WithPreferCSSPageSize(true).Do(ctx)
		return err
	}), emulation.SetEmulatedMedia().WithMedia(""))
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("%s: not a PDF", name)
	}
	if dir := os.Getenv("SUPPLE_ARTIFACTS"); dir != "" {
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644)
	}
	return len(pdfPageRE.FindAll(pdf, -1))
}

// TestFlowPagesAreValid: the pages and states the flows add pass the Nu
// HTML checker, and axe finds nothing on the replacement confirmation
// (light and dark, 375 px).
func TestFlowPagesAreValid(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("valid@example.org")
	token := anonymousPlan(t, h)
	editor := h.SignedIn("valid-editor@example.org", "editor")
	edTok := servertest.CSRF(t, h.Get(editor, "/editor/articles/new").Body)
	src := "---\ntitle: Pool walking\nslug: pool-walking\ncategory: Exercise and movement\ntags: [water]\npublished: 2026-11-20\n" +
		"faq:\n  - q: \"Is cold water a problem?\"\n    a: \"Warm water is more comfortable.\"\n---\nWalking in water.\n\n## How to start\n\nTen minutes.\n"
	h.JSON(nil, servertest.APIArticle+"/feedback", `{"text":"more pictures","section":"faq","stars":2}`)
	_, saved := h.Follow(h.Client(), "/signup", url.Values{"email": {"valid-new@example.org"}, "password": {servertest.Password}, "save": {anonymousPlan(t, h)}})
	leaving := h.SignedIn("valid-out@example.org", "member")
	_, out := h.Follow(leaving, "/logout", url.Values{"csrf": {servertest.CSRF(t, h.Get(leaving, "/me/settings").Body)}})
	docs := map[string][]byte{
		"signup-to-save": []byte(h.Get(nil, "/signup?save="+token).Body),
		"login-to-save":  []byte(h.Get(nil, "/login?save="+token).Body),
		"plan-replace":   []byte(h.Get(m.Client, "/plan/"+token).Body),
		"plan-saved":     []byte(saved.Body),
		"signed-out":     []byte(out.Body),
		"search-sphinx":  []byte(h.Get(nil, "/search?q=sphinx").Body),
		"preview-faq":    []byte(h.Form(editor, "/editor/articles", url.Values{"csrf": {edTok}, "source": {src}, "status": {"draft"}, "action": {"preview"}}).Body),
		"inbox-titles":   []byte(h.Get(editor, "/editor/feedback").Body),
	}
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}
	b := browsertest.New(t)
	browserCookie(t, b, h, m.Client)
	for _, scheme := range []string{"light", "dark"} {
		b.Run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
			chromedp.EmulateViewport(375, 812), chromedp.Navigate(h.TS.URL+"/plan/"+token), chromedp.WaitVisible(`.plan-replace`, chromedp.ByQuery))
		for _, v := range b.Axe() {
			t.Errorf("axe on the replacement confirmation (%s): %s", scheme, v)
		}
		b.Screenshot("flows-plan-replace-" + scheme + "-375")
	}
	// The editor's ratings page with votes in its trend fits a phone.
	for i, stars := range []string{"5", "2", "4"} {
		if r := h.Form(nil, servertest.Pillar+"/rating", url.Values{"stars": {stars}}); r.StatusCode != 303 {
			t.Fatalf("vote %d: %d", i, r.StatusCode)
		}
	}
	eb := browsertest.New(t)
	browserCookie(t, eb, h, editor)
	eb.Run(chromedp.EmulateViewport(375, 812), chromedp.Navigate(h.TS.URL+"/editor/"), chromedp.WaitVisible(`.editor-table`, chromedp.ByQuery))
	var problems []string
	eb.Run(chromedp.Evaluate(layoutProbe+"(true)", &problems))
	for _, p := range problems {
		t.Errorf("editor ratings at 375 px: %s", p)
	}
	eb.Screenshot("flows-editor-ratings-375")
}
