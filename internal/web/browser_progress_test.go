package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"supple/internal/benchdata"
	"supple/internal/browsertest"
	"supple/internal/servertest"
	"supple/internal/store"
)

// The progress page with data and a shared link: axe-core finds no
// violations (light and dark, phone and desktop), the Nu HTML checker no
// errors, the printed summary is one A4 page, and screenshots are kept.
func TestBrowserProgressAndShare(t *testing.T) {
	t.Parallel()
	clk := benchdata.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 40))
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	logDays(t, h, uid, pl, 40)
	ctx := context.Background()
	for w, pain := range map[int]int{2: 4, 3: 4, 4: 3, 5: 2} {
		psfs := fmt.Sprintf(`[{"activity":"putting on socks","score":%d},{"activity":"sitting through a <film>","score":%d}]`, 3+w, 2+w)
		if _, err := h.Srv.DB.AddCheckin(ctx, store.Checkin{UserID: uid, PlanID: pl.ID, Week: w, Date: pl.Date(w, 7).Format(time.DateOnly), Pain: pain, PSFS: psfs, CreatedAt: servertest.Start}); err != nil {
			t.Fatal(err)
		}
	}
	ns, err := h.Srv.Progress.CreateShare(ctx, uid, 30, "Dr Rivera")
	if err != nil {
		t.Fatal(err)
	}
	share := "/share/" + ns.Token
	empty := h.SignedIn("bob@example.org", "member")
	tok := servertest.CSRF(t, h.Get(c, "/me/progress").Body)
	docs := map[string][]byte{
		"progress":        []byte(h.Get(c, "/me/progress").Body),
		"progress-new":    []byte(followed(h, c, "/me/shares", url.Values{"csrf": {tok}, "expires": {"7"}, "label": {"Clinic"}}).Body),
		"progress-error":  []byte(h.Form(c, "/me/shares", url.Values{"csrf": {tok}, "expires": {"5"}, "label": {"Clinic"}}).Body),
		"progress-empty":  []byte(h.Get(empty, "/me/progress").Body),
		"summary":         []byte(h.Get(c, "/me/summary").Body),
		"share":           []byte(h.Get(nil, share).Body),
		"share-summary":   []byte(h.Get(nil, share+"/summary").Body),
		"share-not-found": []byte(h.Get(nil, "/share/"+regexp.MustCompile(`.`).ReplaceAllString(ns.Token, "A")).Body),
	}
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}

	b := browsertest.New(t)
	b.Run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(h.TS.URL+"/login?next=/me/progress"), chromedp.WaitVisible(`#password`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "ann@example.org", chromedp.ByQuery), chromedp.SendKeys(`#password`, "a long enough secret", chromedp.ByQuery))
	b.ClickUntil(`.account-form button`, `.progress-page`)
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{390, 1280} {
			for name, path := range map[string]string{"progress": "/me/progress", "share": share, "summary": share + "/summary"} {
				b.Run(
					emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
					chromedp.EmulateViewport(width, 900),
					chromedp.Navigate(h.TS.URL+path),
					chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery),
				)
				for _, v := range b.Axe() {
					t.Errorf("axe on %s (%s, %d px): %s", name, scheme, width, v)
				}
				b.Screenshot(fmt.Sprintf("%s-%s-%d", name, scheme, width))
			}
		}
	}
	// On a phone (390 px) the charts' axis text is at least 11 px, and the
	// minutes chart's axis title lies wholly inside its figure.
	var phone struct {
		Pain, Minutes float64
		TitleInside   bool
	}
	b.Run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}),
		chromedp.EmulateViewport(390, 844), chromedp.Navigate(h.TS.URL+"/me/progress"), chromedp.WaitVisible(`svg.chart-minutes`, chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const px = sel => { const t = document.querySelector(sel); const svg = t.ownerSVGElement;
				return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * parseFloat(getComputedStyle(t).fontSize); };
			const a = document.querySelector('svg.chart-minutes .axis-title').getBoundingClientRect();
			const f = document.querySelector('svg.chart-minutes').closest('figure').getBoundingClientRect();
			return {Pain: px('svg.chart-pain .tick'), Minutes: px('svg.chart-minutes .tick'),
				TitleInside: a.left >= f.left && a.right <= f.right && a.top >= f.top && a.bottom <= f.bottom};
		})()`, &phone))
	if phone.Pain < 11 || phone.Minutes < 11 || !phone.TitleInside {
		t.Errorf("charts at 390 px: axis text %.1f px (pain), %.1f px (minutes), axis title inside: %v", phone.Pain, phone.Minutes, phone.TitleInside)
	}

	// The data tables are reachable: opening one shows its rows.
	var rows int
	b.Run(chromedp.Navigate(h.TS.URL+"/me/progress"), chromedp.WaitVisible(`.chart-data summary`, chromedp.ByQuery),
		chromedp.Click(`.chart-data summary`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('.chart-data[open] tbody').rows.length`, &rows))
	if rows != 29 {
		t.Errorf("the pain table has %d rows, want 29", rows)
	}

	// The printed summary fits one A4 page.
	var pdf []byte
	b.Run(
		emulation.SetEmulatedMedia().WithMedia("print").WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}),
		chromedp.Navigate(h.TS.URL+share+"/summary"), chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).Do(ctx)
			return err
		}),
	)
	if dir := os.Getenv("SUPPLE_ARTIFACTS"); dir != "" {
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, "summary.pdf"), pdf, 0o644) // to look at
	}
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("the printed summary has %d pages, want 1", n)
	}
	b.AssertSameOrigin(h.TS.URL)
}
