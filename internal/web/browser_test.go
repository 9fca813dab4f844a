package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
)

// The reader's whole journey on a phone and on a desktop, with and
// without JavaScript: follow a TOC link, open a question, rate 2 stars,
// send feedback, see the confirmation.
func TestBrowserReaderJourney(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		width  int64
		height int64
		js     bool
	}{
		{"phone-js", 375, 812, true},
		{"desktop-js", 1280, 900, true},
		{"phone-nojs", 375, 812, false},
		{"desktop-nojs", 1280, 900, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := servertest.New(t)
			b := browsertest.New(t)
			b.Run(chromedp.EmulateViewport(tc.width, tc.height), emulation.SetScriptExecutionDisabled(!tc.js))
			b.Run(chromedp.Navigate(h.TS.URL+servertest.Pillar), chromedp.WaitReady("#rate", chromedp.ByQuery))
			b.Screenshot("article-" + tc.name)

			// A table-of-contents link jumps to its section.
			var hash string
			var top float64
			b.Run(chromedp.Click(`.toc a[href="#swimming-and-water-exercise"]`, chromedp.ByQuery))
			for range 40 { // smooth scrolling takes a moment
				b.Run(
					chromedp.Sleep(100*time.Millisecond),
					chromedp.Evaluate(`location.hash`, &hash),
					chromedp.Evaluate(`document.getElementById("swimming-and-water-exercise").getBoundingClientRect().top`, &top),
				)
				if top > -5 && top < 200 {
					break
				}
			}
			if hash != "#swimming-and-water-exercise" || top < -5 || top > 200 {
				t.Errorf("TOC link: hash %q, section top %.0f px", hash, top)
			}

			// A question opens.
			var open bool
			b.Run(
				chromedp.ScrollIntoView(`.faq-item summary`, chromedp.ByQuery),
				chromedp.Click(`.faq-item summary`, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelector(".faq-item").open`, &open),
			)
			if !open {
				t.Error("FAQ question did not open")
			}

			// Rate 2 stars: the feedback box appears.
			b.Run(
				chromedp.ScrollIntoView(`#rate`, chromedp.ByQuery),
				chromedp.Click(`label[for="star-2"]`, chromedp.ByQuery),
			)
			if tc.js {
				// The tap sends the rating; the button is for browsers without the script.
				b.Run(chromedp.WaitVisible(`#rate-improve`, chromedp.ByQuery))
			} else {
				b.ClickUntil(`#rate-form button`, `#rate-improve`)
			}
			var summary string
			b.Run(chromedp.Text(`#rate-summary`, &summary, chromedp.ByQuery))
			if !strings.Contains(summary, "2.0 out of 5") || !strings.Contains(summary, "1 reader") {
				t.Errorf("summary after voting: %q", summary)
			}
			b.Screenshot("rated-" + tc.name)

			// Send feedback about one section.
			b.Run(
				chromedp.SetValue(`#fb-section`, "gentle-stretches", chromedp.ByQuery),
				chromedp.SendKeys(`#fb-text`, "A picture of each stretch would help.", chromedp.ByQuery),
			)
			b.ClickUntil(`#feedback-form button`, `#rate-sent`)
			var sent string
			b.Run(chromedp.Text(`#rate-sent`, &sent, chromedp.ByQuery))
			if !strings.Contains(sent, "Thank you for your feedback") {
				t.Errorf("confirmation: %q", sent)
			}
			b.Screenshot("feedback-sent-" + tc.name)

			items, err := h.Srv.DB.ListFeedback(context.Background(), store.FeedbackFilter{})
			if err != nil || len(items) != 1 || items[0].Section != "gentle-stretches" || items[0].Stars != 2 {
				t.Errorf("stored feedback: %+v %v", items, err)
			}
			b.AssertSameOrigin(h.TS.URL)
		})
	}
}

// axe-core finds no accessibility violations and the Nu HTML checker no
// errors on the reader's pages, in light and dark mode.
func TestBrowserAccessibilityAndValidity(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) { c.AnonymousPlanDays = 90 }) // the plan page says how long its link works
	pages := map[string]string{
		"privacy":     "/privacy",
		"home":        "/",
		"articles":    "/articles/",
		"category":    "/articles/?category=understanding-back-pain",
		"search":      "/search?q=stretch",
		"search-none": "/search?q=zzzz",
		"article":     servertest.Pillar,
		"rated":       servertest.Pillar + "?rated=1",
		"not-found":   "/nowhere",
	}
	// Coach pages: the questionnaire's steps, a plan, a referral, exercises.
	loc := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	pages["plan"] = loc
	pages["start"] = "/start"
	pages["exercises"] = "/exercises/"
	pages["exercise-cobra"] = "/exercises/cobra"
	pages["exercise-sit-up"] = "/exercises/sit-up"
	pages["login"] = "/login"
	pages["signup"] = "/signup"
	pages["forgot"] = "/forgot"
	pages["link-problem"] = "/reset?token=unknown"
	pages["confirm"] = "/confirm?token=abc"
	docs := map[string][]byte{}
	for name, path := range pages {
		docs[name] = []byte(h.Get(nil, path).Body)
	}
	for step := 1; step <= 4; step++ {
		docs[fmt.Sprintf("start-step-%d", step+1)] = []byte(h.PostStep(step, servertest.Answers()).Body)
	}
	bad := servertest.Answers()
	bad.Set("age", "abc")
	docs["start-error"] = []byte(h.PostStep(3, bad).Body)
	bad = servertest.Answers()
	bad.Set("floor_transfer", "fly")
	bad.Set("sex", "female")
	docs["start-body-error"] = []byte(h.PostStep(3, bad).Body)
	docs["settings-with-plan"] = []byte(h.Get(h.Member("ben@example.org").Client, "/me/settings").Body)
	member := h.Client()
	h.Form(member, "/signup", map[string][]string{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	docs["settings"] = []byte(h.Get(member, "/me/settings").Body)
	docs["sessions"] = []byte(h.Get(member, "/me/settings/sessions").Body)
	if _, token, err := h.Srv.Accounts.ResetLink(context.Background(), "ann@example.org"); err == nil {
		docs["reset"] = []byte(h.Get(nil, "/reset?token="+token).Body)
	} else {
		t.Fatal(err)
	}
	docs["login-wrong"] = []byte(h.Form(nil, "/login", map[string][]string{"email": {"nobody@example.org"}, "password": {"wrong password"}}).Body)
	docs["my-plan-empty"] = []byte(h.Get(member, "/me/plan").Body)
	docs["signup-error"] = []byte(h.Form(nil, "/signup", map[string][]string{"email": {"x"}, "password": {"short"}}).Body)
	h.JSON(nil, servertest.APIArticle+"/feedback", `{"text":"More pictures, please.","section":"gentle-stretches","stars":2}`)
	admin := h.SignedIn("admin@example.org", "admin")
	for name, path := range map[string]string{"editor": "/editor/", "editor-feedback": "/editor/feedback", "editor-audit": "/editor/audit", "my-plan-admin": "/me/plan",
		"editor-articles": "/editor/articles/", "editor-edit": "/editor/articles/exercise-for-back-pain", "editor-new": "/editor/articles/new",
		"editor-revision": "/editor/articles/exercise-for-back-pain/revisions/1"} {
		docs[name] = []byte(h.Get(admin, path).Body)
	}
	emergency := servertest.Answers()
	emergency.Add("red_flags_emergency", "major_trauma")
	docs["referral-emergency"] = []byte(h.PostStep(1, emergency).Body)
	// The result pages need a vote to show their panels.
	c := h.Client()
	h.Form(c, servertest.Pillar+"/rating", map[string][]string{"stars": {"2"}})
	docs["rated-improve"] = []byte(h.Get(c, servertest.Pillar+"?rated=1").Body)
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}

	b := browsertest.New(t)
	for _, scheme := range []string{"light", "dark"} {
		for name, path := range pages {
			b.Run(
				emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
				chromedp.EmulateViewport(375, 812),
				chromedp.Navigate(h.TS.URL+path),
				chromedp.WaitReady("main", chromedp.ByQuery),
			)
			for _, v := range b.Axe() {
				t.Errorf("axe on %s (%s): %s", name, scheme, v)
			}
			if name == "article" || name == "home" || name == "plan" || name == "start" || name == "exercise-cobra" || name == "privacy" {
				b.Screenshot(name + "-" + scheme + "-375")
			}
		}
	}
	b.AssertSameOrigin(h.TS.URL)
}

// A person answers /start in the browser, with and without JavaScript,
// and lands on their plan.
func TestBrowserStartToPlan(t *testing.T) {
	t.Parallel()
	for _, js := range []bool{true, false} {
		t.Run(fmt.Sprintf("js=%v", js), func(t *testing.T) {
			h := servertest.New(t)
			b := browsertest.New(t)
			b.Run(chromedp.EmulateViewport(375, 812), emulation.SetScriptExecutionDisabled(!js),
				chromedp.Navigate(h.TS.URL+"/"), chromedp.Click(`a.button[href="/start"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`input[name=leg_pain][value=none]`, chromedp.ByQuery))
			// next submits the step and waits for what the next page shows;
			// the click is retried if a loaded machine lost it.
			next := func(want string) { b.ClickUntil(`.form-actions button[type=submit]:not([name])`, want) }
			next(`input[name=cleared_by_clinician]`) // step 1: no emergency signs
			next(`#age`)                             // step 2: no urgent signs
			b.Run(
				chromedp.SendKeys(`#age`, "46", chromedp.ByQuery),
				chromedp.Click(`input[name=pregnant][value=no]`, chromedp.ByQuery),
				chromedp.Click(`input[name=pain_now][value="4"]`, chromedp.ByQuery),
				chromedp.Click(`input[name=sex][value=male]`, chromedp.ByQuery),
				chromedp.Click(`input[name=floor_transfer][value=easy]`, chromedp.ByQuery),
				chromedp.Click(`input[name=mobility_aid][value=none]`, chromedp.ByQuery),
			)
			next(`#e-duration_weeks`) // step 3 without the duration: the answers are kept
			var age string
			b.Run(chromedp.Value(`#age`, &age, chromedp.ByQuery))
			if age != "46" {
				t.Errorf("age not kept after an error: %q", age)
			}
			b.Screenshot(fmt.Sprintf("start-error-js-%v", js))
			b.Run(chromedp.SendKeys(`#duration_weeks`, "16", chromedp.ByQuery))
			next(`input[name=worse_with][value=sitting]`)
			b.Run(chromedp.Click(`input[name=worse_with][value=sitting]`, chromedp.ByQuery))
			next(`#minutes_per_day`)
			b.Run(
				chromedp.Click(`input[name=activity_level][value=sedentary]`, chromedp.ByQuery),
				chromedp.SendKeys(`#minutes_per_day`, "30", chromedp.ByQuery),
				chromedp.SetValue(`#days_per_week`, "5", chromedp.ByQuery),
			)
			b.Screenshot(fmt.Sprintf("start-step5-js-%v", js))
			next(`.session-cards`)
			var title string
			b.Run(chromedp.Text(`h1`, &title, chromedp.ByQuery))
			if title != "Your 12-week back plan" {
				t.Errorf("landed on %q", title)
			}
			b.Screenshot(fmt.Sprintf("plan-js-%v", js))
			b.AssertSameOrigin(h.TS.URL)
		})
	}
}

// A visitor saves their plan to a new account, logs out and back in, and
// finds the plan again.
func TestBrowserAccountKeepsThePlan(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	planURL := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	b := browsertest.New(t)
	b.Run(chromedp.EmulateViewport(375, 812), chromedp.Navigate(h.TS.URL+planURL), chromedp.WaitVisible(`.session-cards`, chromedp.ByQuery))
	// The save button leads to signup, and the signup saves the plan.
	b.ClickUntil(`.plan-actions form button`, `#email`)
	b.Run(chromedp.WaitVisible(`#password`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "ann@example.org", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "a long enough secret", chromedp.ByQuery))
	b.Screenshot("signup-375")
	// The plan was not made in this browser (h.PostStep), so signing up
	// shows it with its save button rather than saving it unseen.
	b.ClickUntil(`.account-form button`, `.plan-actions form button`)
	b.ClickUntil(`.plan-actions form button`, `.plan-actions .hint`)
	// On a phone, "Log out" is in the header's menu: open it first.
	b.Run(chromedp.Click(`.site-header summary`, chromedp.ByQuery), chromedp.WaitVisible(`.site-nav .link-button`, chromedp.ByQuery),
		chromedp.Click(`.site-nav .link-button`, chromedp.ByQuery), chromedp.Sleep(300*time.Millisecond),
		chromedp.Navigate(h.TS.URL+"/login"), chromedp.WaitVisible(`#password`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "ann@example.org", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "a long enough secret", chromedp.ByQuery))
	b.ClickUntil(`.account-form button`, `.session-cards`)
	var text string
	b.Run(chromedp.Text(`.plan-actions .hint`, &text, chromedp.ByQuery))
	if !strings.Contains(text, "This is your active plan") {
		t.Errorf("after logging in again: %q", text)
	}
	b.Screenshot("my-plan-375")
	for _, path := range []string{"/me/plan", "/me/settings"} {
		b.Run(chromedp.Navigate(h.TS.URL+path), chromedp.WaitReady("main", chromedp.ByQuery))
		for _, v := range b.Axe() {
			t.Errorf("axe on %s: %s", path, v)
		}
	}
	b.Screenshot("settings-375")
	b.AssertSameOrigin(h.TS.URL)
}

// An editor logs in, resolves a reader's feedback and publishes a new
// revision of an article, with axe checking the editor pages.
func TestBrowserEditorResolvesAndPublishes(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	if _, err := h.Srv.Accounts.Create(context.Background(), "ed@example.org", "a long enough secret", "editor"); err != nil {
		t.Fatal(err)
	}
	h.JSON(nil, servertest.APIArticle+"/feedback", `{"text":"The cobra steps are unclear.","section":"gentle-stretches","stars":2}`)
	b := browsertest.New(t)
	b.Run(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(h.TS.URL+"/login?next=/editor/feedback"),
		chromedp.WaitVisible(`#password`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "ed@example.org", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "a long enough secret", chromedp.ByQuery))
	b.ClickUntil(`.account-form button`, `.inbox`)
	for _, v := range b.Axe() {
		t.Errorf("axe on the inbox: %s", v)
	}
	b.ClickUntil(`.status-actions button[value=resolved]`, `.status-actions button[value=new]`)
	if items, _ := h.Srv.DB.ListFeedback(context.Background(), storeFilter("resolved")); len(items) != 1 {
		t.Errorf("feedback not resolved: %v", items)
	}
	b.Screenshot("editor-inbox-1280")
	b.Run(chromedp.Navigate(h.TS.URL+"/editor/articles/scoliosis-and-exercise"), chromedp.WaitVisible(`#source`, chromedp.ByQuery))
	var src string
	b.Run(chromedp.Value(`#source`, &src, chromedp.ByQuery))
	src = strings.Replace(src, "title: \"", "title: \"Updated: ", 1)
	b.Run(chromedp.SetValue(`#source`, src, chromedp.ByQuery), chromedp.Click(`input[name=status][value=published]`, chromedp.ByQuery))
	b.ClickUntil(`.editor-form button[value=save]`, `.notice`)
	for _, v := range b.Axe() {
		t.Errorf("axe on the editor: %s", v)
	}
	b.Screenshot("editor-saved-1280")
	if r := h.Get(nil, "/articles/scoliosis-and-exercise"); !strings.Contains(r.Body, "<h1>Updated: ") {
		t.Error("the new revision is not live")
	}
	b.AssertSameOrigin(h.TS.URL)
}
