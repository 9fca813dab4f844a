package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"supple/internal/benchdata"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/servertest"
)

func ptr(n int) *int { return &n }

// logDays logs the plan's first n days through the progress service:
// every session done (pain before 4, after 3 to 5), a walk on rest days.
func logDays(t *testing.T, h *servertest.Harness, uid int64, pl *plans.Plan, n int) (sessions int) {
	t.Helper()
	for i := range n {
		w, d := i/7+1, i%7+1
		day := pl.Result.Weeks[w-1].Days[d-1]
		date := pl.Date(w, d).Format(time.DateOnly)
		l := coach.Log{Kind: coach.KindSession, Week: w, Day: d, Date: date, Done: true, PainBefore: ptr(4), PainAfter: ptr(3 + i%3), LegSymptoms: "none"}
		if day.Rest {
			l = coach.Log{Kind: coach.KindActivity, Date: date, Done: true, LegSymptoms: "none", Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 20, Done: true}}}
		} else {
			sessions++
			for _, it := range day.Items {
				l.Items = append(l.Items, coach.LogItem{Exercise: it.Exercise, Minutes: it.Minutes, Done: true})
			}
		}
		if _, err := h.Srv.Progress.AddLog(context.Background(), uid, l); err != nil {
			t.Fatalf("log day %d: %v", i, err)
		}
	}
	return sessions
}

var (
	cellRE     = regexp.MustCompile(`<g class="cell cell-(\w+)">`)
	shareURLRE = regexp.MustCompile(`value="(http://[^"]+/share/[A-Za-z0-9_-]{43})"`)
)

func cells(page string) map[string]int {
	out := map[string]int{}
	for _, m := range cellRE.FindAllStringSubmatch(page, -1) {
		out[m[1]]++
	}
	return out
}

func TestProgressPage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		plan    bool
		logs    int // days of the plan logged
		want    []string
		notWant []string
		cells   map[string]int // calendar cells by status
	}{
		{name: "no plan", want: []string{"Your progress will show here", `href="/start"`}, notWant: []string{"<svg", "Share with your physiotherapist"}},
		{name: "a plan, nothing logged", plan: true, want: []string{"Nothing logged yet", "No pain scores logged yet", "No check-ins yet", "No changes so far",
			"Share with your physiotherapist", "today is in week 6 of 12"}, cells: map[string]int{"missed": 29, "rest": 24, "upcoming": 31}},
		{name: "one log", plan: true, logs: 1, want: []string{"before and after 1 session from 14 Oct 2026 to 14 Oct 2026", `class="dot dot-before"`, "Pain before and after sessions: the numbers"},
			notWant: []string{"Nothing logged yet"}},
		{name: "forty days", plan: true, logs: 40, want: []string{"before and after 29 sessions from 14 Oct 2026 to 22 Nov 2026",
			"29 of 29 planned sessions so far done (100%)", "Moderate activity minutes per week: the numbers", "Sessions day by day: the numbers"},
			cells: map[string]int{"done": 29, "rest": 24, "upcoming": 31}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := benchdata.NewClock(servertest.Start)
			h := servertest.New(t, servertest.WithClock(clk))
			var c *http.Client
			if tt.plan {
				var uid int64
				var pl *plans.Plan
				ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 40))
				c, uid, pl = ann.Client, ann.ID, ann.Plan
				logDays(t, h, uid, pl, tt.logs)
			} else {
				c = h.SignedIn("ann@example.org", "member")
			}
			r := h.Get(c, "/me/progress")
			if r.StatusCode != 200 {
				t.Fatalf("status %d", r.StatusCode)
			}
			for _, s := range tt.want {
				if !strings.Contains(r.Body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.notWant {
				if strings.Contains(r.Body, s) {
					t.Errorf("page shows %q", s)
				}
			}
			if tt.cells != nil {
				got := cells(r.Body)
				for k, n := range tt.cells {
					if got[k] != n {
						t.Errorf("%d %s days, want %d (all: %v)", got[k], k, n, got)
					}
				}
			}
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
			s := h.Get(c, "/me/summary")
			if s.StatusCode != 200 || !strings.Contains(s.Body, "Back-care progress summary") {
				t.Errorf("summary: %d", s.StatusCode)
			}
			// no week at the goal yet: said in words, not "reached in 0 weeks"
			if tt.plan && (!strings.Contains(s.Body, "the goal of 150 not reached yet") || strings.Contains(s.Body, "reached in 0")) {
				t.Errorf("summary's goal line: %s", servertest.ErrorText(s.Body))
			}
		})
	}
}

func TestProgressNeedsAnAccountAndIsPrivate(t *testing.T) {
	t.Parallel()
	clk := benchdata.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	for _, p := range []string{"/me/progress", "/me/summary"} {
		if r := h.Get(nil, p); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next="+url.QueryEscape(p) {
			t.Errorf("anonymous %s: %d %s", p, r.StatusCode, r.Header.Get("Location"))
		}
	}
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 20))
	a, uid, pl := ann.Client, ann.ID, ann.Plan
	logDays(t, h, uid, pl, 20)
	b := h.SignedIn("bob@example.org", "member")
	page := h.Get(b, "/me/progress").Body
	if !strings.Contains(page, "Your progress will show here") || strings.Contains(page, "<svg") {
		t.Error("another member's progress shows on B's page")
	}
	// B cannot withdraw A's link.
	_, r := h.Follow(a, "/me/shares", url.Values{"csrf": {servertest.CSRF(t, h.Get(a, "/me/progress").Body)}, "expires": {"30"}})
	shares, err := h.Srv.Progress.Shares(context.Background(), uid)
	if err != nil || len(shares) != 1 {
		t.Fatalf("shares %v %v", shares, err)
	}
	tokB := servertest.CSRF(t, page)
	if r := h.Form(b, "/me/shares/"+itoa(shares[0].ID)+"/revoke", url.Values{"csrf": {tokB}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("B revokes A's link: %d", r.StatusCode)
	}
	if r := h.Get(nil, strings.TrimPrefix(shareURLRE.FindStringSubmatch(r.Body)[1], h.TS.URL)); r.StatusCode != 200 {
		t.Errorf("A's link after B's attempt: %d", r.StatusCode)
	}
}

// A member makes a link, a physiotherapist opens it without an account,
// and it stops working when it expires or is withdrawn.
func TestShareLinks(t *testing.T) {
	t.Parallel()
	clk := benchdata.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 40))
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	logDays(t, h, uid, pl, 40)
	page := h.Get(c, "/me/progress").Body
	tok := servertest.CSRF(t, page)

	for _, bad := range []struct {
		v     url.Values
		field string
		msg   string
	}{
		{url.Values{"expires": {"365"}, "label": {"Dr Rivera"}}, "expires", "Choose how long the link works: 7, 30 or 90 days"},
		{url.Values{"expires": {""}}, "expires", "Choose how long the link works"},
		{url.Values{"expires": {"30"}, "label": {strings.Repeat("x", 61)}}, "label", "The label has at most 60 characters"},
	} {
		bad.v.Set("csrf", tok)
		r := h.Form(c, "/me/shares", bad.v)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, bad.msg) || !strings.Contains(r.Body, `id="e-`+bad.field+`"`) {
			t.Errorf("%v: %d\n%s", bad.v, r.StatusCode, servertest.ErrorText(r.Body))
		}
		if l := bad.v.Get("label"); l != "" && !strings.Contains(r.Body, `value="`+l+`"`) {
			t.Errorf("%v: the label typed is not kept", bad.v)
		}
	}
	if s, _ := h.Srv.Progress.Shares(context.Background(), uid); len(s) != 0 {
		t.Fatalf("a refused form stored a link: %v", s)
	}

	_, r := h.Follow(c, "/me/shares", url.Values{"csrf": {tok}, "expires": {"7"}, "label": {`Dr <Rivera> & team`}})
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "shown only once") || !strings.Contains(r.Body, "Dr &lt;Rivera&gt; &amp; team") {
		t.Fatalf("create: %d", r.StatusCode)
	}
	m := shareURLRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no link on the page")
	}
	link := strings.TrimPrefix(m[1], h.TS.URL)
	// Only the hash is stored.
	secret := strings.TrimPrefix(link, "/share/")
	sum256 := sha256.Sum256([]byte(secret))
	if l, err := h.Srv.DB.ShareLinkByHash(context.Background(), hex.EncodeToString(sum256[:])); err != nil || l.UserID != uid {
		t.Errorf("the link's SHA-256 is not stored: %v", err)
	}
	if _, err := h.Srv.DB.ShareLinkByHash(context.Background(), secret); err == nil {
		t.Error("the secret itself is stored")
	}
	if own := h.Get(c, "/me/progress").Body; strings.Contains(own, strings.TrimPrefix(link, "/share/")) || strings.Contains(own, "What they told us") {
		t.Error("the link is shown again after the first time, or the own page shows the share page's profile")
	}

	shared := h.Get(nil, link)
	if shared.StatusCode != 200 {
		t.Fatalf("shared page: %d", shared.StatusCode)
	}
	for _, want := range []string{"Plan and progress", "It works until", "before and after 29 sessions",
		"The plan, as adapted", "Week 12", "Left out, and why", `<meta name="robots" content="noindex">`,
		// what the member told us, in plain words, and the long list folded away
		"What they told us", "<dt>Age</dt><dd>46</dd>", "<dt>Pain at the start</dt><dd>4/10</dd>", "<dt>Pain for</dt><dd>16 weeks</dd>",
		"<dt>Leg pain</dt><dd>No leg pain</dd>", "<dt>Worse with</dt><dd>Sitting; Bending forward</dd>", "<dt>Better with</dt><dd>Walking</dd>",
		"<dt>Diagnosed conditions</dt><dd>None named</dd>", "<dt>Activity level</dt><dd>Mostly sitting; little planned exercise</dd>",
		"<dt>Time available</dt><dd>30 minutes a day, 5 days a week</dd>", "<dt>Cleared by a clinician</dt><dd>No</dd>",
		`<details class="excluded-details">`} {
		if !strings.Contains(shared.Body, want) {
			t.Errorf("shared page lacks %q", want)
		}
	}
	// The label is the member's own note: the person with the link never sees it.
	for _, not := range []string{"ann@example.org", "Rivera", `name="csrf"`, "Make a link", "Withdraw", `<details class="excluded-details" open`, "sitting,", "bending_forward"} {
		if strings.Contains(shared.Body, not) {
			t.Errorf("shared page shows %q", not)
		}
	}
	for k, v := range map[string]string{"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"} {
		if got := shared.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	sum := h.Get(nil, link+"/summary")
	for _, want := range []string{"Back-care progress summary", "29 of 29 planned sessions so far done (100%)", "Exercises left out"} {
		if !strings.Contains(sum.Body, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if sum.StatusCode != 200 || strings.Contains(sum.Body, "ann@example.org") || strings.Contains(sum.Body, "Rivera") {
		t.Errorf("summary: %d", sum.StatusCode)
	}

	// Unknown and malformed links are 404s.
	for _, p := range []string{"/share/" + strings.Repeat("A", 43), "/share/short", "/share/" + strings.Repeat("A", 43) + "/summary"} {
		if r := h.Get(nil, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}

	// Seven days later the link has expired.
	clk.Set(servertest.Start.AddDate(0, 0, 7).Add(-time.Minute))
	if r := h.Get(nil, link); r.StatusCode != 200 {
		t.Errorf("a minute before it expires: %d", r.StatusCode)
	}
	clk.Set(servertest.Start.AddDate(0, 0, 7))
	for _, p := range []string{link, link + "/summary"} {
		r := h.Get(nil, p)
		if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "This link has expired or was withdrawn; ask for a new one.") {
			t.Errorf("expired %s: %d", p, r.StatusCode)
		}
	}
	if s, _ := h.Srv.Progress.Shares(context.Background(), uid); len(s) != 0 {
		t.Errorf("an expired link is listed: %v", s)
	}

	// A new link, withdrawn at once.
	clk.Set(servertest.Start)
	_, r = h.Follow(c, "/me/shares", url.Values{"csrf": {tok}, "expires": {"90"}})
	link2 := strings.TrimPrefix(shareURLRE.FindStringSubmatch(r.Body)[1], h.TS.URL)
	if !strings.Contains(r.Body, "Links that work now") || !strings.Contains(r.Body, "until <time datetime=\"2027-02-21\">") {
		t.Error("the new link is not listed with its expiry")
	}
	// (The first link works again: the clock went back.)
	shares, _ := h.Srv.Progress.Shares(context.Background(), uid)
	if len(shares) != 2 || shares[0].Label != "" {
		t.Fatalf("shares %v", shares)
	}
	rv, withdrawn := h.Follow(c, "/me/shares/"+itoa(shares[0].ID)+"/revoke", url.Values{"csrf": {tok}})
	if rv.Header.Get("Location") != "/me/progress#share" {
		t.Fatalf("revoke: %d %s", rv.StatusCode, rv.Header.Get("Location"))
	}
	if r := h.Get(nil, link2); r.StatusCode != http.StatusGone {
		t.Errorf("withdrawn link: %d", r.StatusCode)
	}
	if r := h.Form(c, "/me/shares/"+itoa(shares[0].ID)+"/revoke", url.Values{"csrf": {tok}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("revoking twice: %d", r.StatusCode)
	}
	for _, id := range []string{"abc", "99999999999999999999"} {
		if r := h.Form(c, "/me/shares/"+id+"/revoke", url.Values{"csrf": {tok}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("revoke %s: %d", id, r.StatusCode)
		}
	}
	if page := withdrawn.Body; !strings.Contains(page, "The link was withdrawn") || strings.Count(page, "/revoke") != 1 {
		t.Error("after withdrawing: no confirmation, or the link is still listed")
	}
	if strings.Contains(h.Get(c, "/me/progress").Body, "The link was withdrawn") {
		t.Error("the confirmation is shown again on a reload")
	}
}

// A member without a plan cannot make a link.
func TestShareNeedsAPlan(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	c := h.SignedIn("ann@example.org", "member")
	tok := servertest.CSRF(t, h.Get(c, "/me/settings").Body)
	r := h.Form(c, "/me/shares", url.Values{"csrf": {tok}, "expires": {"30"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "You need a saved plan") {
		t.Errorf("%d", r.StatusCode)
	}
	if _, err := h.Srv.Progress.CreateShare(context.Background(), 1, 30, ""); err != progress.ErrNoPlan {
		t.Errorf("service: %v", err)
	}
}

// A link made on one instance works on another.
func TestShareLinkOnASecondInstance(t *testing.T) {
	t.Parallel()
	clk := benchdata.NewClock(servertest.Start)
	a, b := servertest.TwoInstances(t, servertest.WithClock(clk))
	ann := a.Member("ann@example.org", servertest.DaysAgo(clk, 10))
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	logDays(t, a, uid, pl, 10)
	_, r := a.Follow(c, "/me/shares", url.Values{"csrf": {servertest.CSRF(t, a.Get(c, "/me/progress").Body)}, "expires": {"30"}})
	m := shareURLRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("create: %d", r.StatusCode)
	}
	link := strings.TrimPrefix(m[1], a.TS.URL)
	if r := b.Get(nil, link); r.StatusCode != 200 || !strings.Contains(r.Body, "before and after 8 sessions") {
		t.Errorf("on the second instance: %d", r.StatusCode)
	}
	shares, _ := b.Srv.Progress.Shares(context.Background(), uid)
	if err := b.Srv.Progress.RevokeShare(context.Background(), uid, shares[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := a.Get(nil, link); r.StatusCode != http.StatusGone {
		t.Errorf("withdrawn on b, opened on a: %d", r.StatusCode)
	}
}
