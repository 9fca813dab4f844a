package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/web"
)

// layoutProbe measures the page in the browser and returns what breaks
// the layout rules, each with its selector and numbers. phone is true at
// 375 px, where the header, target-size and choice-card rules apply.
const layoutProbe = `(function(phone){
var out = [];
function sel(e){
  var s = e.tagName.toLowerCase();
  if (e.id) return s + "#" + e.id;
  if (e.classList.length) s += "." + Array.from(e.classList).join(".");
  var t = (e.getAttribute("aria-label") || e.textContent || e.value || "").trim().replace(/\s+/g, " ").slice(0, 30);
  return t ? s + " (" + JSON.stringify(t) + ")" : s;
}
function shown(e){
  var r = e.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1 || !e.checkVisibility({contentVisibilityAuto: true})) return false;
  for (var p = e; p; p = p.parentElement) {
    var cs = getComputedStyle(p);
    if (cs.visibility === "hidden" || cs.display === "none") return false;
  }
  return true;
}
function n(x){ return Math.round(x * 10) / 10; }
var vw = innerWidth, sw = document.documentElement.scrollWidth;
if (sw > vw) {
  var wide = Array.from(document.querySelectorAll("body *")).filter(function(e){ return shown(e) && e.getBoundingClientRect().right > vw + 0.5; }).slice(-3).map(sel);
  out.push("page scrolls sideways: scrollWidth " + sw + " > innerWidth " + vw + " (widest: " + wide.join(", ") + ")");
}
var header = document.querySelector(".site-header");
if (phone && header) {
  var h = header.getBoundingClientRect().height;
  if (h > 130) out.push("header .site-header is " + n(h) + " px high, want at most 130");
}
var row = document.querySelector(".header-row");
if (row) {
  var rr = row.getBoundingClientRect(), rs = getComputedStyle(row), inner = rr.right - parseFloat(rs.paddingRight);
  row.querySelectorAll("a, button, input, summary").forEach(function(e){
    if (shown(e) && e.getBoundingClientRect().right > inner + 0.5) out.push("header item " + sel(e) + " ends at " + n(e.getBoundingClientRect().right) + ", past the header's edge at " + n(inner));
  });
}
if (phone) {
  document.querySelectorAll("button, .button, .choice, .scale-point, .site-header a, .site-header summary").forEach(function(e){
    if (!shown(e)) return;
    var r = e.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) out.push("target " + sel(e) + " is " + n(r.width) + " × " + n(r.height) + " px, want at least 44 × 44");
  });
}
document.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function(i){
  var card = i.closest("label");
  if (!card || !shown(card) || getComputedStyle(i).opacity === "0") return;
  var c = card.getBoundingClientRect(), r = i.getBoundingClientRect();
  if (r.left < c.left + 4 || r.top < c.top + 4 || r.right > c.right - 4 || r.bottom > c.bottom - 4)
    out.push("control " + sel(i) + " [" + i.name + "=" + i.value + "] at (" + n(r.left) + "," + n(r.top) + ")–(" + n(r.right) + "," + n(r.bottom) + ") is not drawn inside its card (4 px in) " + sel(card) + " (" + n(c.left) + "," + n(c.top) + ")–(" + n(c.right) + "," + n(c.bottom) + ")");
  if (card.classList.contains("choice") && parseInt(getComputedStyle(card).fontWeight, 10) >= 600)
    out.push("choice card " + sel(card) + " text is bold (font-weight " + getComputedStyle(card).fontWeight + ")");
});
document.querySelectorAll("table").forEach(function(t){
  if (!shown(t)) return;
  var r = t.getBoundingClientRect();
  var stacked = getComputedStyle(t).display === "block" && t.querySelector("tr") && getComputedStyle(t.querySelector("tr")).display !== "table-row";
  if (stacked) {
    t.querySelectorAll("th, td").forEach(function(c){
      var cr = c.getBoundingClientRect();
      if (shown(c) && (cr.right > r.right + 0.5 || c.scrollWidth > c.clientWidth + 1)) out.push("stacked table " + sel(t) + ": cell " + sel(c) + " is cut (" + c.scrollWidth + " > " + c.clientWidth + " px)");
    });
    return;
  }
  for (var p = t; p && p !== document.body; p = p.parentElement) {
    var ox = getComputedStyle(p).overflowX;
    if (ox === "auto" || ox === "scroll") {
      var pr = p.getBoundingClientRect();
      if (pr.right > vw + 0.5) out.push("table " + sel(t) + " scrolls inside " + sel(p) + ", but that box is " + n(pr.width) + " px wide and ends at " + n(pr.right) + " > " + vw);
      else if (p.scrollWidth > p.clientWidth + 1) out.push("table " + sel(t) + " is cut at the side of its scroll box " + sel(p) + ": " + p.scrollWidth + " px of content in " + p.clientWidth + " px; a table that is shown fits or stacks, so no column is hidden");
      return;
    }
    if (ox === "hidden" || ox === "clip") break;
  }
  var box = t.parentElement.getBoundingClientRect();
  if (r.width > box.width + 0.5 || r.right > vw + 0.5) out.push("table " + sel(t) + " is " + n(r.width) + " px wide in a " + n(box.width) + " px container and neither scrolls in its own box nor stacks");
});
document.querySelectorAll("input[placeholder]").forEach(function(i){
  if (!shown(i) || i.value) return;
  var cs = getComputedStyle(i), ctx = document.createElement("canvas").getContext("2d");
  ctx.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
  // A search box keeps room for its clear button, about 1em.
  var need = ctx.measureText(i.placeholder).width + (i.type === "search" ? parseFloat(cs.fontSize) : 0), room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  if (need > room + 0.5) out.push("input " + sel(i) + " cuts its placeholder " + JSON.stringify(i.placeholder) + ": needs " + n(need) + " px, has " + n(room));
});
return out;
})`

// layoutPage is one page of the layout walk: a path, or steps that bring
// the browser to it.
type layoutPage struct {
	name, path string
	noJS       bool
}

// Every page a visitor, a member and an editor see, at 375 px (light and
// dark) and 1280 px: no sideways scrolling, a compact header, targets of
// at least 44 × 44 px, controls inside their cards, tables that fit,
// scroll in their own box or stack, no cut placeholders; at 1280 px the
// article's contents and the plan's weeks sit in a side column and the
// home grid has no empty slot. Screenshots of each page are kept under
// $SUPPLE_ARTIFACTS/screenshots as layout-*.png.
func TestBrowserLayoutEveryPage(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk), func(c *server.Config) { c.AnonymousPlanDays = 90 })
	// Today is week 3, day 6: a session day, so /me/today shows the
	// session and its end-of-session questions.
	m := h.Member("ann@example.org", servertest.DaysAgo(clk, 19))
	mc, uid, pl := m.Client, m.ID, m.Plan
	logDays(t, h, uid, pl, 19)
	if pl.Result.Weeks[2].Days[5].Rest {
		t.Fatal("week 3, day 6 is a rest day: the walk needs a session day")
	}
	h.JSON(nil, servertest.APIArticle+"/feedback", `{"text":"More pictures, please.","section":"gentle-stretches","stars":2}`)
	h.Form(h.Client(), servertest.Pillar+"/rating", url.Values{"stars": {"4"}})
	admin := h.SignedIn("admin@example.org", "admin")
	plan := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	share, err := h.Srv.Progress.CreateShare(context.Background(), uid, 30, "Dr Rivera")
	if err != nil {
		t.Fatal(err)
	}
	clinician, patient := linkedClinician(t, h, m)
	code := invite(t, h, clinician)

	visitor := []layoutPage{
		{"home", "/", false}, {"articles", "/articles/", false}, {"article", servertest.Pillar, false},
		{"category", "/articles/?category=understanding-back-pain", false}, {"search", "/search?q=stretch", false},
		{"exercises", "/exercises/", false}, {"exercise-cobra", "/exercises/cobra", false}, {"exercise-sit-up", "/exercises/sit-up", false},
		{"plan", plan, false}, {"login", "/login", false}, {"signup", "/signup", false}, {"forgot", "/forgot", false}, {"privacy", "/privacy", false},
		{"share", "/share/" + share.Token, false}, {"share-summary", "/share/" + share.Token + "/summary", false},
	}
	// An earlier session day of this week, logged: its page and its
	// correction form.
	earlier := ""
	for d := 1; d < 6 && earlier == ""; d++ {
		if !pl.Result.Weeks[2].Days[d-1].Rest {
			earlier = pl.Date(3, d).Format(time.DateOnly)
		}
	}
	memberPages := []layoutPage{
		{"member-home", "/", false}, {"member-search", "/search?q=walk", false}, {"my-plan", "/me/plan", false},
		{"today", "/me/today", false}, {"today-nojs", "/me/today", true}, {"progress", "/me/progress", false},
		{"summary", "/me/summary", false}, {"settings", "/me/settings", false}, {"devices", "/me/settings/sessions", false}, {"checkin", "/me/checkin", false},
		{"rescreen", "/me/rescreen", false}, {"activity", "/me/activity", false},
		{"plans", "/me/plans", false}, {"today-earlier", "/me/today?date=" + earlier, false},
		{"today-correct", "/me/today?date=" + earlier + "&correct=1", false},
		{"clinicians", "/me/clinicians", false}, {"clinicians-consent", "/me/clinicians/link?code=" + code, false},
	}
	clinicianPages := []layoutPage{
		{"clinic", "/clinic/", false}, {"clinic-invites", "/clinic/invites", false},
		{"clinic-patient", patient, false}, {"clinic-report", patient + "/report", false},
	}
	editorPages := []layoutPage{
		{"editor", "/editor/", false}, {"editor-feedback", "/editor/feedback", false}, {"editor-articles", "/editor/articles/", false},
		{"editor-edit", "/editor/articles/exercise-for-back-pain", false}, {"editor-new", "/editor/articles/new", false},
		{"editor-audit", "/editor/audit", false}, {"editor-revision", "/editor/articles/exercise-for-back-pain/revisions/1", false},
	}

	b := browsertest.New(t)
	for _, view := range []struct {
		name   string
		width  int64
		scheme string
	}{{"375", 375, "light"}, {"1280", 1280, "light"}, {"375-dark", 375, "dark"}} {
		phone := view.width < 600
		check := func(name string) {
			t.Helper()
			var problems []string
			b.Run(chromedp.Evaluate(layoutProbe+fmt.Sprintf("(%v)", phone), &problems))
			for _, p := range problems {
				t.Errorf("%s at %s: %s", name, view.name, p)
			}
			var header, scrollW float64
			b.Run(chromedp.Evaluate(`document.querySelector(".site-header").getBoundingClientRect().height`, &header),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollW))
			t.Logf("%s at %s: header %.0f px high, page %.0f px wide", name, view.name, header, scrollW)
			if !phone {
				desktopChecks(t, b, name)
			}
			b.Screenshot("layout-" + name + "-" + view.name)
		}
		visit := func(p layoutPage) {
			t.Helper()
			b.Run(emulation.SetScriptExecutionDisabled(p.noJS), chromedp.Navigate(h.TS.URL+p.path), chromedp.WaitReady("footer", chromedp.ByQuery))
			check(p.name)
			b.Run(emulation.SetScriptExecutionDisabled(false))
		}
		b.Run(network.ClearBrowserCookies(),
			emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: view.scheme}}),
			chromedp.EmulateViewport(view.width, 812))
		for _, p := range visitor {
			visit(p)
		}
		walkStart(t, b, h, check)
		// The phone menu opens without JavaScript and shows every link.
		if phone {
			b.Run(emulation.SetScriptExecutionDisabled(true), chromedp.Navigate(h.TS.URL+"/"), chromedp.WaitReady("footer", chromedp.ByQuery))
			openMenu(t, b, "menu-open")
			check("menu-open")
			b.Run(emulation.SetScriptExecutionDisabled(false))
		}
		browserCookie(t, b, h, mc)
		for _, p := range memberPages {
			visit(p)
		}
		if phone {
			b.Run(chromedp.Navigate(h.TS.URL+"/"), chromedp.WaitReady("footer", chromedp.ByQuery))
			openMenu(t, b, "member-menu-open")
			check("member-menu-open")
		}
		if view.name == "375-dark" { // the last pass: the member's session may end here
			// Log out from the phone menu: the member is signed out.
			b.Run(chromedp.Navigate(h.TS.URL+"/me/today"), chromedp.WaitReady("footer", chromedp.ByQuery),
				chromedp.Click(`.site-header summary`, chromedp.ByQuery), chromedp.Click(`.site-nav .link-button`, chromedp.ByQuery))
			if !waitTrue(b, `!!document.querySelector('footer') && !!document.querySelector('.site-nav a[href="/login"]')`) {
				t.Error("logging out from the phone menu did not sign the member out")
			}
		}
		b.Run(network.ClearBrowserCookies())
		browserCookie(t, b, h, admin)
		for _, p := range editorPages {
			visit(p)
		}
		b.Run(network.ClearBrowserCookies())
		browserCookie(t, b, h, clinician)
		for _, p := range clinicianPages {
			visit(p)
		}
	}
	b.AssertSameOrigin(h.TS.URL)
}

// desktopChecks are the 1280 px rules: the article's contents and the
// plan's weeks at a glance sit in a side column beside the text, and
// the home page's article grid fills its rows.
func desktopChecks(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	// side column, main column, the page's title: the side column stands
	// right of the main one and starts by the end of the title.
	side := map[string][3]string{
		"article": {".toc", ".article-main", "h1"},
		"plan":    {".plan-glance", ".plan-main", "h1"},
		"my-plan": {".plan-glance", ".plan-main", "h1"},
	}
	if s, ok := side[name]; ok {
		var got struct{ Side, Main, SideTop, TitleBottom, View float64 }
		b.Run(chromedp.Evaluate(fmt.Sprintf(`(function(){var s=document.querySelector(%q),m=document.querySelector(%q),h=document.querySelector(%q);if(!s||!m||!h)return {};var a=s.getBoundingClientRect(),c=m.getBoundingClientRect();return {Side:a.left,Main:c.right,SideTop:a.top,TitleBottom:h.getBoundingClientRect().bottom,View:innerWidth};})()`, s[0], s[1], s[2]), &got))
		if got.View == 0 || got.Side < got.Main || got.SideTop > got.TitleBottom {
			t.Errorf("%s at 1280: %s should be a side column right of %s, starting by the end of the title: side left %.0f, main right %.0f, side top %.0f, title bottom %.0f", name, s[0], s[1], got.Side, got.Main, got.SideTop, got.TitleBottom)
		}
	}
	if name == "home" || name == "member-home" {
		// The last card ends at the grid's right edge: no empty slot.
		var grid struct{ Items, Columns int }
		var gap float64
		b.Run(chromedp.Evaluate(`(function(){var g=document.querySelector("#latest-title + .cards");if(!g)return {};return {Items:g.children.length,Columns:getComputedStyle(g).gridTemplateColumns.split(" ").filter(function(w){return parseFloat(w)>0;}).length};})()`, &grid),
			chromedp.Evaluate(`(function(){var g=document.querySelector("#latest-title + .cards");if(!g||!g.lastElementChild)return -1;return g.getBoundingClientRect().right-g.lastElementChild.getBoundingClientRect().right;})()`, &gap))
		if grid.Items == 0 || gap < 0 || gap > 1 {
			t.Errorf("%s at 1280: the \"More to read\" grid has %d cards in %d columns and its last card ends %.0f px before the grid's edge: an empty slot", name, grid.Items, grid.Columns, gap)
		}
	}
}

// walkStart answers /start in the browser, checking each step, and ends
// on the new plan.
func walkStart(t *testing.T, b *browsertest.Browser, h *servertest.Harness, check func(string)) {
	t.Helper()
	fill := map[int]string{
		3: `document.getElementById("age").value="46";document.querySelector("input[name=pregnant][value=no]").checked=true;document.querySelector("input[name=pain_now][value='4']").checked=true;document.getElementById("duration_weeks").value="16";` +
			`document.querySelector("input[name=sex][value=female]").checked=true;document.querySelector("input[name=floor_transfer][value=easy]").checked=true;document.querySelector("input[name=mobility_aid][value=none]").checked=true;`,
		4: `document.querySelector("input[name=worse_with][value=sitting]").checked=true;document.querySelector("input[name=better_with][value=walking]").checked=true;`,
		5: `document.querySelector("input[name=activity_level][value=sedentary]").checked=true;document.getElementById("minutes_per_day").value="30";document.getElementById("days_per_week").value="5";`,
	}
	b.Run(chromedp.Navigate(h.TS.URL+"/start"), chromedp.WaitReady("footer", chromedp.ByQuery))
	for step := 1; step <= 5; step++ {
		if !waitTrue(b, fmt.Sprintf(`(document.querySelector(".step-count")||{}).textContent === "Step %d of 5" && !!document.querySelector("footer")`, step)) {
			t.Fatalf("/start never showed step %d", step)
		}
		check(fmt.Sprintf("start-step-%d", step))
		b.Run(chromedp.Evaluate(fill[step]+`document.querySelector(".start-form .form-actions button:not([name=back])").click();`, nil))
	}
	if !waitTrue(b, `location.pathname.indexOf("/plan/") === 0 && !!document.querySelector("footer")`) {
		t.Fatal("/start did not end on a plan")
	}
	check("start-plan")
}

// openMenu opens the header's menu, a details element that needs no
// script, and checks that its links then show.
func openMenu(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	var links int
	err := b.Try(5*time.Second, chromedp.Click(`.site-header details > summary`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".site-header nav a")).filter(function(a){return a.getBoundingClientRect().height > 0;}).length`, &links))
	if err != nil || links < 3 {
		t.Errorf("%s: the header menu does not open into its links (a <details> menu): %d links shown, %v", name, links, err)
	}
}

// waitTrue evaluates expr until it is true, through the navigation
// that a click started; false after 10 s.
func waitTrue(b *browsertest.Browser, expr string) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ok bool
		if err := b.Try(2*time.Second, chromedp.Evaluate(expr, &ok)); err == nil && ok {
			return true
		}
	}
	return false
}

// browserCookie gives the browser the session of client c.
func browserCookie(t *testing.T, b *browsertest.Browser, h *servertest.Harness, c *http.Client) {
	t.Helper()
	u, _ := url.Parse(h.TS.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == web.SessionCookie {
			b.Run(network.SetCookie(ck.Name, ck.Value).WithDomain(u.Hostname()).WithPath("/").WithHTTPOnly(true))
			return
		}
	}
	t.Fatal("the client has no session cookie")
}
