package web_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/server"
	"supple/internal/servertest"
)

// On a phone, with and without JavaScript: the both-legs follow-up shows
// only once both legs is chosen; a ticked emergency sign shows the call
// links (axe-clean), and the way back returns to step 1 with the tick kept.
func TestBrowserBothLegsAndWayBack(t *testing.T) {
	t.Parallel()
	for _, js := range []bool{true, false} {
		t.Run(fmt.Sprintf("js=%v", js), func(t *testing.T) {
			h := servertest.New(t, func(c *server.Config) { c.Country = "GB" })
			b := browsertest.New(t)
			visible := func(sel string) bool {
				var ok bool
				b.Run(chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.offsetParent !== null })()`, sel), &ok))
				return ok
			}
			b.Run(chromedp.EmulateViewport(375, 812), emulation.SetScriptExecutionDisabled(!js),
				chromedp.Navigate(h.TS.URL+"/start"), chromedp.WaitVisible(`input[name=leg_pain][value=none]`, chromedp.ByQuery))
			if visible(`#q-both_legs_onset`) {
				t.Error("the both-legs follow-up shows before both legs is chosen")
			}
			b.Run(chromedp.Click(`input[name=leg_pain][value=both_legs]`, chromedp.ByQuery))
			if !visible(`#q-both_legs_onset`) {
				t.Fatal("the both-legs follow-up does not show for both legs")
			}
			b.Screenshot(fmt.Sprintf("start-both-legs-js-%v", js))
			b.Run(chromedp.Click(`input[name=both_legs_onset][value=new]`, chromedp.ByQuery),
				chromedp.Click(`input[name=red_flags_emergency][value=major_trauma]`, chromedp.ByQuery))
			b.ClickUntil(`.form-actions button[type=submit]`, `a.button.call`)
			var href string
			var ok bool
			b.Run(chromedp.AttributeValue(`a.button.call`, "href", &href, &ok, chromedp.ByQuery))
			if href != "tel:999" {
				t.Errorf("call link %q, want tel:999", href)
			}
			if js { // axe runs as a script
				for _, v := range b.Axe() {
					t.Errorf("axe on the emergency page: %s", v)
				}
			}
			b.Screenshot(fmt.Sprintf("referral-emergency-js-%v", js))
			b.ClickUntil(`button[name=revise]`, `input[name=red_flags_emergency][value=major_trauma]:checked`)
			if !visible(`input[name=both_legs_onset][value=new]:checked`) {
				t.Error("the way back lost the both-legs answer")
			}
		})
	}
}

// The Nu HTML checker finds no errors on the new triage pages.
func TestTriagePagesAreValid(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) { c.Country = "IE" })
	docs := map[string][]byte{}
	v := servertest.Answers()
	v.Set("leg_pain", "both_legs")
	docs["start-both-legs-unanswered"] = []byte(h.PostStep(1, v).Body)
	v.Set("both_legs_onset", "worsening")
	docs["referral-both-legs"] = []byte(h.PostStep(1, v).Body)
	v = servertest.Answers()
	v.Add("red_flags_urgent", "spine_shape_change")
	docs["referral-urgent"] = []byte(h.PostStep(2, v).Body)
	m := h.Member("ann@example.org")
	docs["rescreen"] = []byte(h.Get(m.Client, "/me/rescreen").Body)
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}
}
