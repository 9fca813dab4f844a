package web_test

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// On a phone without JavaScript, the menopause follow-up of step 3 shows
// only once female is chosen, and goes again for another answer.
func TestBrowserStartMenopauseFollowUp(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	b := browsertest.New(t)
	visible := func() bool {
		var ok bool
		b.Run(chromedp.Evaluate(`(() => { const e = document.querySelector("#q-postmenopausal"); return !!e && e.offsetParent !== null })()`, &ok))
		return ok
	}
	b.Run(chromedp.EmulateViewport(375, 812), emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(h.TS.URL+"/start"), chromedp.WaitVisible(`input[name=leg_pain][value=none]`, chromedp.ByQuery))
	next := func(want string) { b.ClickUntil(`.form-actions button[type=submit]:not([name])`, want) }
	next(`input[name=cleared_by_clinician]`)
	next(`input[name=sex][value=female]`)
	if visible() {
		t.Error("the menopause question shows before female is chosen")
	}
	b.Run(chromedp.Click(`input[name=sex][value=female]`, chromedp.ByQuery))
	if !visible() {
		t.Fatal("the menopause question does not show for female")
	}
	b.Screenshot("start-menopause")
	b.Run(chromedp.Click(`input[name=sex][value=unspecified]`, chromedp.ByQuery))
	if visible() {
		t.Error("the menopause question still shows after prefer not to say")
	}
}
