package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

// browserLogin signs a member in through the login form.
func browserLogin(b *browsertest.Browser, h *servertest.Harness, email, next string) {
	b.Run(chromedp.Navigate(h.TS.URL+"/login?next="+url.QueryEscape(next)), chromedp.WaitVisible(`#password`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "a long enough secret", chromedp.ByQuery))
	b.ClickUntil(`.account-form button`, `h1`)
	// The login page has an h1 too: wait until the browser has really left
	// it for next, or the test's next navigation aborts the login's.
	var path string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err := b.Try(2*time.Second, chromedp.Evaluate(`location.pathname`, &path)); err == nil && path == next {
			return
		}
	}
	b.Run(chromedp.WaitReady("main", chromedp.ByQuery))
	if path != next {
		h.T.Fatalf("after logging in the browser is on %q, want %q", path, next)
	}
}

// A member walks a whole guided session on a phone: pain before, a
// timed hold with rests between sets, a walk whose timer is stopped
// early, the questions at the end; the log is stored.
func TestBrowserGuidedSession(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	b := browsertest.New(t)
	b.Run(chromedp.Emulate(device.IPhone12))
	browserLogin(b, h, "ann@example.org", "/me/today")
	b.Run(chromedp.WaitVisible(`#player`, chromedp.ByQuery),
		// Timers run 20 times faster in this test: a 20 s hold takes 1 s.
		chromedp.Evaluate(`document.getElementById("session-form").setAttribute("data-time-scale", "0.05")`, nil))
	visible := func(sel string) bool {
		var ok bool
		b.Run(chromedp.Evaluate(`(function(){var e=document.querySelector(`+"`"+sel+"`"+`);return !!e && e.offsetParent !== null && getComputedStyle(e).display !== "none";})()`, &ok))
		return ok
	}
	// The page scrolls smoothly to each new step; a click waits until
	// the scrolling has stopped so that it lands where it aims.
	settled := chromedp.Poll(`(function(){var y=window.scrollY,same=window.__lastY===y;window.__lastY=y;return same;})()`, nil, chromedp.WithPollingInterval(150*time.Millisecond))
	text := func(sel string) string {
		var s string
		b.Run(chromedp.Text(sel, &s, chromedp.ByQuery))
		return strings.TrimSpace(s)
	}
	// One step at a time: the exercises wait behind the first question.
	if !visible(`#q-pain_before`) || visible(`#item-0`) || visible(`#q-pain_after`) || visible(`#session-form button[type=submit]`) {
		t.Fatal("the player does not start with pain before only")
	}
	b.Screenshot("guided-before-390")
	for _, v := range b.Axe() {
		t.Errorf("axe on the guided session's first step: %s", v)
	}
	// Starting without an answer asks for one.
	b.Run(chromedp.Click(`#player-begin`, chromedp.ByQuery), chromedp.Poll(`!document.getElementById("player-message").hidden`, nil))
	if msg := text(`#player-message`); !strings.Contains(msg, "Please choose a number from 0 to 10") {
		t.Errorf("message: %q", msg)
	}
	b.Run(chromedp.Click(`input[name=pain_before][value="3"]`, chromedp.ByQuery), chromedp.Click(`#player-begin`, chromedp.ByQuery),
		chromedp.WaitVisible(`#item-0`, chromedp.ByQuery))
	if got := text(`#player-progress`); got != "Exercise 1 of 2" {
		t.Errorf("progress %q", got)
	}
	if !visible(`#timer`) || visible(`#q-pain_before`) || visible(`#q-item_0`) {
		t.Error("exercise 1 should show its timer and big buttons only")
	}
	// The answer buttons sit in one row near the bottom of the screen,
	// each at least 44 px, in a bar that leaves most of the screen to
	// the exercise.
	var boxes []struct{ Top, Height, Width float64 }
	b.Run(chromedp.Evaluate(`Array.from(document.querySelectorAll('[data-answer]')).map(function(e){var r=e.getBoundingClientRect();return {Top:r.top,Height:r.height,Width:r.width};})`, &boxes))
	var viewH, barH float64
	b.Run(chromedp.Evaluate(`innerHeight`, &viewH), chromedp.Evaluate(`document.getElementById("player").getBoundingClientRect().height`, &barH))
	if len(boxes) != 3 {
		t.Fatalf("%d answer buttons, want 3", len(boxes))
	}
	for i, bx := range boxes {
		if bx.Height < 44 || bx.Width < 44 || bx.Top != boxes[0].Top || bx.Top < viewH/2 || bx.Top+bx.Height > viewH {
			t.Errorf("answer button %d at %+v (screen %v px high): want at least 44 × 44 px, in one row in the lower half of the screen", i, bx, viewH)
		}
	}
	t.Logf("player bar under an exercise: %.0f px of a %.0f px screen", barH, viewH)
	if barH > viewH*0.3 {
		t.Errorf("the player bar is %v px of a %v px screen; want at most 30%%", barH, viewH)
	}
	// Scrolled to the end, the last instruction step is above the bar.
	var gap float64
	b.Run(chromedp.Evaluate(`window.scrollTo({top: document.documentElement.scrollHeight, behavior: "instant"})`, nil), chromedp.Sleep(100*time.Millisecond),
		chromedp.Evaluate(`document.getElementById("player").getBoundingClientRect().top - document.querySelector("#item-0 .steps li:last-child").getBoundingClientRect().bottom`, &gap))
	if gap < 0 {
		t.Errorf("the bar covers the last instruction step by %v px when scrolled to the end", -gap)
	}
	b.Screenshot("guided-item-end-390")
	var scrollW, viewW int
	b.Run(chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollW), chromedp.Evaluate(`innerWidth`, &viewW))
	if scrollW > viewW {
		t.Errorf("page scrolls sideways: %d > %d", scrollW, viewW)
	}
	// Sphinx: 3 holds of 20 s with 30 s rests between the sets.
	if got := text(`#timer-phase`); got != "Set 1 of 3: hold" {
		t.Errorf("first phase %q", got)
	}
	b.Run(chromedp.Click(`#timer-toggle`, chromedp.ByQuery))
	if err := b.Try(10*time.Second, chromedp.Poll(`document.getElementById("timer-phase").textContent.indexOf("Rest before set 2") === 0`, nil)); err != nil {
		t.Fatalf("no rest after the first set: %v (phase %q)", err, text(`#timer-phase`))
	}
	if err := b.Try(5*time.Second, chromedp.Poll(`document.getElementById("timer-live").textContent === "Rest before set 2, 30 seconds"`, nil)); err != nil {
		t.Errorf("the rest is not announced: %v", err)
	}
	b.Screenshot("guided-rest-390")
	if err := b.Try(15*time.Second, chromedp.Poll(`document.getElementById("timer-phase").textContent === "Finished"`, nil)); err != nil {
		t.Fatalf("the hold timer never finished: %v", err)
	}
	b.Run(chromedp.Click(`[data-answer=done]`, chromedp.ByQuery), chromedp.WaitVisible(`#item-1`, chromedp.ByQuery))
	if got := text(`#player-progress`); got != "Exercise 2 of 2" {
		t.Errorf("progress %q", got)
	}
	// The walk: start the timer, pause it, and say it is done early.
	if got := text(`#timer-phase`); !strings.Contains(got, "Keep moving") {
		t.Errorf("walk phase %q", got)
	}
	var walk struct{ Minutes, Sets string }
	b.Run(chromedp.Evaluate(`(function(){var e=document.getElementById("item-1");return {Minutes:e.dataset.minutes,Sets:e.dataset.sets};})()`, &walk))
	planned, _ := strconv.Atoi(walk.Minutes)
	if planned < 2 || (walk.Sets != "1" && walk.Sets != "0") {
		t.Fatalf("the test wants one bout of walking of 2 minutes or more, got %+v", walk)
	}
	b.Run(settled, chromedp.Click(`#timer-toggle`, chromedp.ByQuery))
	// Long phases are announced in minutes, not in hundreds of seconds.
	wantLive := "Keep moving at an easy, chatty pace, " + strconv.Itoa(planned) + " minutes"
	if err := b.Try(5*time.Second, chromedp.Poll(`document.getElementById("timer-live").textContent === `+strconv.Quote(wantLive), nil)); err != nil {
		var live string
		b.Run(chromedp.Evaluate(`document.getElementById("timer-live").textContent`, &live))
		t.Errorf("the walk is announced as %q, want %q", live, wantLive)
	}
	b.Run(chromedp.Sleep(1000*time.Millisecond), chromedp.Click(`#timer-toggle`, chromedp.ByQuery))
	if got := text(`#timer-toggle`); got != "Go on" {
		t.Errorf("paused toggle says %q", got)
	}
	b.Screenshot("guided-walk-390")
	for _, v := range b.Axe() {
		t.Errorf("axe on a guided exercise: %s", v)
	}
	b.Run(chromedp.Click(`[data-answer=done]`, chromedp.ByQuery), chromedp.WaitVisible(`#q-pain_after`, chromedp.ByQuery))
	if got := text(`#player-progress`); got != "Last questions" {
		t.Errorf("progress %q", got)
	}
	// Stopped well before half its time, the walk is logged with the
	// minutes it ran, and the member hears that stopping early is fine.
	wantNote := "You did 1 of " + strconv.Itoa(planned) + " minutes — that counts, and it’s fine to stop early."
	if !visible(`#player-note`) || text(`#player-note`) != wantNote {
		t.Errorf("note after an early stop: %q (visible %v), want %q", text(`#player-note`), visible(`#player-note`), wantNote)
	}
	// A blank last step is not sent: each question says what it needs,
	// the first one has the focus, and the player stays.
	posts := func() int {
		n := 0
		for _, r := range b.Requests() {
			if r == h.TS.URL+"/me/today" {
				n++
			}
		}
		return n
	}
	before := posts()
	b.Run(settled, chromedp.Click(`#session-form button[type=submit]`, chromedp.ByQuery), chromedp.Sleep(300*time.Millisecond))
	for _, q := range []struct{ name, want string }{
		{"pain_during", "worst pain during the session"},
		{"pain_after", "how your back feels now"},
		{"leg_symptoms", "what your leg symptoms did"},
		{"new_numbness", "new numbness or weakness"},
	} {
		sel := `#q-` + q.name + ` > #e-` + q.name
		if !visible(sel) || !strings.Contains(text(sel), q.want) {
			t.Errorf("blank %s: no message next to it (want %q)", q.name, q.want)
		}
		var described string
		b.Run(chromedp.Evaluate(`document.getElementById("q-`+q.name+`").getAttribute("aria-describedby") || ""`, &described))
		if described != "e-"+q.name {
			t.Errorf("blank %s: the question is not described by its message (%q)", q.name, described)
		}
	}
	var focused string
	b.Run(chromedp.Evaluate(`document.activeElement.name + "=" + document.activeElement.value`, &focused))
	if focused != "pain_during=0" {
		t.Errorf("focus on %q, want the first answer of pain during", focused)
	}
	if posts() != before || !visible(`#player`) || !visible(`#q-pain_after`) || visible(`#item-0`) {
		t.Error("a blank last step left the player or was sent")
	}
	b.Screenshot("guided-end-blank-390")
	for _, v := range b.Axe() {
		t.Errorf("axe on the blank last step: %s", v)
	}
	b.Run(settled,
		chromedp.Click(`input[name=pain_during][value="4"]`, chromedp.ByQuery),
		chromedp.Click(`input[name=pain_after][value="5"]`, chromedp.ByQuery),
		chromedp.Click(`input[name=leg_symptoms][value=none]`, chromedp.ByQuery),
		chromedp.Click(`input[name=new_numbness][value=no]`, chromedp.ByQuery),
	)
	for _, name := range []string{"pain_during", "pain_after", "leg_symptoms", "new_numbness"} {
		if visible(`#e-` + name) {
			t.Errorf("the message for %s stays after it was answered", name)
		}
	}
	b.Screenshot("guided-end-390")
	for _, v := range b.Axe() {
		t.Errorf("axe on the last questions: %s", v)
	}
	b.ClickUntil(`#session-form button[type=submit]`, `.today-notice`)
	if got := text(`.today-notice`); !strings.Contains(got, "Pain stayed within the pain rule: up to 5 out of 10") {
		t.Errorf("thank-you %q", got)
	}
	b.Screenshot("guided-logged-390")
	logs := m.Logs()
	if len(logs) != 1 {
		t.Fatalf("%d logs, want 1", len(logs))
	}
	l := logs[0]
	if *l.PainBefore != 3 || *l.PainDuring != 4 || *l.PainAfter != 5 || l.LegSymptoms != "none" || len(l.Items) != 2 || !l.Items[0].Done || !l.Items[1].Done {
		t.Errorf("stored: %+v", l)
	}
	// 1.5 s at 20 times the speed is 30 s of walking: one minute is logged.
	if l.Items[1].Exercise != "brisk-walking" || l.Items[1].Minutes != 1 {
		t.Errorf("walk logged as %+v, want 1 minute from the timer", l.Items[1])
	}
	for _, v := range b.Axe() {
		t.Errorf("axe after logging: %s", v)
	}
	b.AssertSameOrigin(h.TS.URL)
}

// axe-core and the Nu HTML checker on the session pages: the form, its
// errors, a logged day, the morning question, no plan, the check-in, the
// activity form and the re-screen.
func TestBrowserSessionPagesAreValid(t *testing.T) {
	t.Parallel()
	c := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(c))
	m := h.Member("ann@example.org")
	noPlan := h.Member("noplan@example.org", servertest.NoPlan())
	docs := map[string][]byte{"today-no-plan": []byte(h.Get(noPlan.Client, "/me/today").Body)}
	page := h.Get(m.Client, "/me/today").Body
	docs["today-form"] = []byte(page)
	bad := sessionAnswers(t, page)
	bad.Del("pain_before")
	bad.Set("pain_after", "12")
	bad.Del("item_0")
	bad.Add("red_flags", "saddle_numbness")
	bad.Add("red_flags", "nope")
	docs["today-errors"] = []byte(m.Post("/me/today", bad).Body)
	docs["activity"] = []byte(h.Get(m.Client, "/me/activity").Body)
	docs["activity-errors"] = []byte(m.Post("/me/activity", url.Values{"minutes": {"0"}, "date": {"2030-01-01"}}).Body)
	docs["checkin"] = []byte(h.Get(m.Client, "/me/checkin").Body)
	docs["checkin-errors"] = []byte(m.Post("/me/checkin", url.Values{"psfs_0_score": {"3"}}).Body)
	docs["rescreen"] = []byte(h.Get(m.Client, "/me/rescreen").Body)
	if r := m.Post("/me/today", sessionAnswers(t, page)); r.StatusCode != 303 {
		t.Fatalf("log: %d", r.StatusCode)
	}
	m.Post("/me/checkin", url.Values{"pain": {"3"}, "psfs_0_activity": {"Putting on socks"}, "psfs_0_score": {"4"}})
	docs["checkin-done"] = []byte(h.Get(m.Client, "/me/checkin?done=1").Body)
	id := itoa64(m.Logs()[0].ID)
	docs["today-logged"] = []byte(h.Get(m.Client, "/me/today?logged="+id).Body)
	c.Set(servertest.Day(1))
	docs["today-morning"] = []byte(h.Get(m.Client, "/me/today").Body)
	docs["today-morning-error"] = []byte(m.Post("/me/logs/"+id+"/morning", url.Values{"pain_next_morning": {"x"}}).Body)
	for name, body := range docs {
		if !strings.Contains(string(body), "<main") {
			t.Fatalf("%s is not a page", name)
		}
	}
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}

	b := browsertest.New(t)
	browserLogin(b, h, "ann@example.org", "/me/today")
	pages := []string{"/me/today", "/me/checkin", "/me/activity", "/me/rescreen"}
	for _, scheme := range []string{"light", "dark"} {
		for _, path := range pages {
			b.Run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
				chromedp.EmulateViewport(360, 780), chromedp.Navigate(h.TS.URL+path), chromedp.WaitReady("main", chromedp.ByQuery))
			for _, v := range b.Axe() {
				t.Errorf("axe on %s (%s): %s", path, scheme, v)
			}
			if scheme == "dark" {
				b.Screenshot("session-" + strings.ReplaceAll(strings.Trim(path, "/"), "/", "-") + "-dark-360")
			}
		}
	}
	// Today with a fresh session (another day's form, no morning question
	// left) and without a plan.
	c.Set(servertest.Day(2))
	b.Run(chromedp.EmulateViewport(360, 780), chromedp.Navigate(h.TS.URL+"/me/today"), chromedp.WaitVisible("#player", chromedp.ByQuery))
	for _, v := range b.Axe() {
		t.Errorf("axe on today's guided form: %s", v)
	}
	b.Screenshot("session-form-guided-360")
	// At desktop width the bar lines up with the column above it, on
	// the first step and docked under an exercise.
	aligned := func(step string) {
		var d struct{ Left, Right float64 }
		b.Run(chromedp.Evaluate(`(function(){var p=document.getElementById("player").getBoundingClientRect(),c=document.querySelector(".today-page h1").getBoundingClientRect(),f=document.getElementById("session-form").getBoundingClientRect();return {Left:p.left-c.left,Right:p.right-f.right};})()`, &d))
		if d.Left < -0.5 || d.Left > 0.5 || d.Right < -0.5 || d.Right > 0.5 {
			t.Errorf("at 1280 px on %s the bar is off the column by %+v px", step, d)
		}
	}
	b.Run(chromedp.EmulateViewport(1280, 900), chromedp.Reload(), chromedp.WaitVisible("#player", chromedp.ByQuery))
	aligned("the first step")
	b.Run(chromedp.Click(`input[name=pain_before][value="2"]`, chromedp.ByQuery), chromedp.Click(`#player-begin`, chromedp.ByQuery),
		chromedp.WaitVisible(`#item-0`, chromedp.ByQuery))
	aligned("an exercise")
	b.Screenshot("session-form-guided-1280")
	b.Run(chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible("#player", chromedp.ByQuery))
	// The same form as one page (as without JavaScript).
	b.Run(chromedp.Click("#player-plain", chromedp.ByQuery), chromedp.WaitVisible("#q-pain_after", chromedp.ByQuery))
	for _, v := range b.Axe() {
		t.Errorf("axe on today's plain form: %s", v)
	}
	b.Screenshot("session-form-plain-360")
	b.Run(emulation.SetScriptExecutionDisabled(true), chromedp.Navigate(h.TS.URL+"/me/today"), chromedp.WaitReady("main", chromedp.ByQuery))
	b.Screenshot("session-form-nojs-360")
	b.Run(emulation.SetScriptExecutionDisabled(false), chromedp.Navigate(h.TS.URL+"/me/checkin"), chromedp.WaitReady("main", chromedp.ByQuery))
	b.Screenshot("session-checkin-360")
	b.AssertSameOrigin(h.TS.URL)
}
