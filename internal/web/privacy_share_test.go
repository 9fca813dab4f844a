package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"supple/internal/benchdata"
	"supple/internal/coach"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
)

// secondPerson finds words that speak to the reader.
var secondPerson = regexp.MustCompile(`(?i)\b(you|your|yours|yourself|you're|you've|you'll)\b`)

// mainText is the visible text of a page's <main>, without the closing
// medical disclaimer (which is for whoever reads the page).
func mainText(body string) string {
	_, main, _ := strings.Cut(body, `<main id="main"`)
	main, _, _ = strings.Cut(main, "</main>")
	main, _, _ = strings.Cut(main, `aria-label="Medical disclaimer"`)
	main = regexp.MustCompile(`(?s)<svg.*?</svg>`).ReplaceAllString(main, " ")
	return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(main, " ")
}

// The share page and its summary speak about the member in the third
// person: the physiotherapist reading them is not "you". The member's own
// pages keep speaking to them.
func TestSharedPagesSpeakAboutTheMember(t *testing.T) {
	t.Parallel()
	clk := benchdata.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 20))
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	ctx := context.Background()
	// Twenty days of sessions with a flare in week 2 and leg symptoms that
	// spread in week 3, and check-ins: adjustments, exclusions, a re-screen
	// notice and outcome sentences, all written to the member.
	for i := range 20 {
		w, d := i/7+1, i%7+1
		day := pl.Result.Weeks[w-1].Days[d-1]
		if day.Rest {
			continue
		}
		l := coach.Log{Kind: coach.KindSession, Week: w, Day: d, Date: pl.Date(w, d).Format(time.DateOnly), Done: true,
			PainBefore: ptr(3), PainAfter: ptr(4), LegSymptoms: "none"}
		switch {
		case w == 2 && d >= 1 && d <= 3:
			l.PainAfter, l.PainNextMorning = ptr(8), ptr(7)
		case w == 3 && d == 2:
			l.LegSymptoms = "further_down"
		}
		for _, it := range day.Items {
			l.Items = append(l.Items, coach.LogItem{Exercise: it.Exercise, Minutes: it.Minutes, Done: true})
		}
		if _, err := h.Srv.Progress.AddLog(ctx, uid, l); err != nil {
			t.Fatalf("log day %d: %v", i, err)
		}
	}
	for w, pain := range map[int]int{1: 5, 2: 4} {
		psfs := fmt.Sprintf(`[{"activity":"putting on socks","score":%d}]`, 3+w)
		if _, err := h.Srv.DB.AddCheckin(ctx, store.Checkin{UserID: uid, PlanID: pl.ID, Week: w, Date: pl.Date(w, 7).Format(time.DateOnly), Pain: pain, PSFS: psfs, CreatedAt: servertest.Start}); err != nil {
			t.Fatal(err)
		}
	}
	_, page := h.Follow(c, "/me/shares", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/progress").Body)}, "expires": {"30"}})
	link := strings.TrimPrefix(shareURLRE.FindStringSubmatch(page.Body)[1], h.TS.URL)

	own := mainText(h.Get(c, "/me/progress").Body)
	if !secondPerson.MatchString(own) {
		t.Error("the member's own page no longer speaks to them")
	}
	for _, p := range []string{link, link + "/summary"} {
		text := mainText(h.Get(nil, p).Body)
		if testing.Verbose() {
			t.Log(strings.Join(strings.Fields(text), " "))
		}
		if !strings.Contains(text, "Their plan") && !strings.Contains(text, "their plan") && !strings.Contains(text, "they") {
			t.Errorf("%s: nothing speaks about the member", p)
		}
		for _, m := range secondPerson.FindAllStringIndex(text, -1) {
			t.Errorf("%s speaks to the reader: …%s…", p, strings.Join(strings.Fields(text[max(m[0]-60, 0):min(m[1]+40, len(text))]), " "))
		}
	}
}

// Calendar UIDs are stable and carry no secret (RFC 7986 5.3): neither
// the plan's link token, nor the feed's, nor the plan or account id in
// the clear.
func TestCalendarUIDsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	anon := h.PostStep(5, servertest.Answers()).Header.Get("Location") // a second, anonymous plan
	feedPath, feedToken := createFeed(t, h, c, "07:30")
	for _, p := range []string{anon + "/calendar.ics", feedPath} {
		body := h.Get(nil, p).Body
		events := icsEvents(t, body)
		if len(events) < 10 {
			t.Fatalf("%s: %d events", p, len(events))
		}
		planToken := strings.TrimPrefix(anon, "/plan/")
		seen := map[string]bool{}
		for _, e := range events {
			u := e["UID"]
			if u == "" || seen[u] {
				t.Errorf("%s: empty or repeated UID %q", p, u)
			}
			seen[u] = true
			for _, secret := range []string{planToken, feedToken, planToken[:12], feedToken[:12], fmt.Sprintf("-%d-", pl.ID), fmt.Sprintf("-%d-", uid)} {
				if strings.Contains(u, secret) {
					t.Errorf("%s: UID %q contains %q", p, u, secret)
				}
			}
		}
		again := icsEvents(t, h.Get(nil, p).Body)
		for i := range again {
			if again[i]["UID"] != events[i]["UID"] {
				t.Errorf("%s: UID %d changed between two downloads", p, i)
			}
		}
	}
}

// The access log names routes that carry a secret by their pattern, so
// the log never holds a link that opens someone's plan, share or feed.
func TestAccessLogHoldsNoSecretLinks(t *testing.T) {
	t.Parallel()
	var buf servertest.SyncBuffer
	h := servertest.New(t, func(c *server.Config) { c.AccessLog, c.Log = true, slog.New(slog.NewTextHandler(&buf, nil)) })
	c := h.Member("ann@example.org").Client
	plan := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	feed, feedToken := createFeed(t, h, c, "07:30")
	for _, p := range []string{plan, plan + "/calendar.ics", feed, "/share/" + strings.Repeat("A", 43)} {
		h.Get(nil, p)
	}
	log := buf.String()
	if !strings.Contains(log, "path=/plan/{token}") || !strings.Contains(log, "path=/articles/") && !strings.Contains(log, "path=/start") {
		t.Errorf("the access log does not name the routes:\n%s", log)
	}
	for _, secret := range []string{strings.TrimPrefix(plan, "/plan/"), feedToken, strings.Repeat("A", 43)} {
		if strings.Contains(log, secret) {
			t.Errorf("the access log holds the secret %q", secret)
		}
	}
}
