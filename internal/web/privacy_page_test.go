package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/benchdata"
	"supple/internal/clinic"
	"supple/internal/httpx"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
	"supple/internal/web"
)

// Every page's footer links to /privacy, and the page states the limits
// this server really applies.
func TestPrivacyPage(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) { c.AnonymousPlanDays = 45 })
	plan := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	for _, p := range []string{"/", "/articles/", "/start", plan, "/login", "/no-such-page", "/privacy"} {
		if r := h.Get(nil, p); !strings.Contains(r.Body, `<a href="/privacy">Privacy</a>`) {
			t.Errorf("%s: no privacy link in the footer", p)
		}
	}
	r := h.Get(nil, "/privacy")
	if r.StatusCode != 200 {
		t.Fatalf("/privacy: %d", r.StatusCode)
	}
	for _, want := range []string{
		"deleted 45 days after it was made", "deleted with its answers 45 days after it was made",
		"7 days without use, or 30 days in all", "after 10 minutes", "argon2id", "only a keyed hash of it, never your IP address", "15 minutes for sign-in",
		// What a linked clinician sees (issue 17): the consent screen's lists.
		`id="clinicians"`, "enter an invite code", "can never link to itself", "End access", "deleting your account ends every link",
		"every view and change a clinician makes", "your links with other clinicians",
		"7, 30 or 90 days", `href="/me/export"`, `href="/me/export/logs.csv"`, `href="/me/export/fhir.json"`, `href="/me/settings#delete"`,
		`<link rel="canonical" href="` + h.TS.URL + `/privacy">`,
		// What the account features keep, and how long (review finding 5).
		"never confirmed is deleted 48 hours after it was made", "keeps at most 20 sessions", "the hourly clean-up deletes it",
		"Trusted browsers", "at most 10 per account", "deleted a year after", "sign-ups", "password changes", "requests for email links",
		"a keyed hash of the email address", "an hour for sign-ups and email links", "at most an hour after its window ends",
		"works once, for 30 minutes", "a confirmation link 48 hours", "deleted a day after it expires", "Changing the password ends every open reset link",
		"password resets a member makes", "accounts the operator added or whose password it set", "a deleted account's lines stay, with its email address",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("/privacy lacks %q", want)
		}
	}
	for _, item := range clinic.Consent {
		if !strings.Contains(r.Body, htmlText(item)) {
			t.Errorf("/privacy does not say that a clinician sees %q", item)
		}
	}
	// Every cookie the site sets is named, and so are the email links.
	for _, name := range []string{httpx.ReaderCookie, web.SessionCookie, web.DeviceCookie, "sets three cookies", "reset a password or confirm an address", "device name"} {
		if !strings.Contains(r.Body, name) {
			t.Errorf("/privacy does not name %q", name)
		}
	}
	// With 0 days the page does not promise a deletion.
	h0 := servertest.New(t)
	if b := h0.Get(nil, "/privacy").Body; strings.Contains(b, "days after it was made") || !strings.Contains(b, "kept until the operator deletes them") {
		t.Error("with -anonymous-plan-days 0 the page still promises a deletion")
	}
}

// Deleting an account removes what the privacy page says it removes:
// plans, logs, check-ins, share links and the calendar feed.
func TestAccountDeletionRemovesWhatThePrivacyPageSays(t *testing.T) {
	t.Parallel()
	clk := benchdata.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 10))
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	ctx := context.Background()
	logDays(t, h, uid, pl, 10)
	if _, err := h.Srv.DB.AddCheckin(ctx, store.Checkin{UserID: uid, PlanID: pl.ID, Week: 1, Date: pl.Date(1, 7).Format("2006-01-02"), Pain: 3, PSFS: "[]", CreatedAt: servertest.Start}); err != nil {
		t.Fatal(err)
	}
	ns, err := h.Srv.Progress.CreateShare(ctx, uid, 30, "Dr Rivera")
	if err != nil {
		t.Fatal(err)
	}
	feed, _ := createFeed(t, h, c, "07:30")
	if r := h.Form(c, "/me/delete", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}, "confirm": {"ann@example.org"}}); r.StatusCode != 200 {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	sum := sha256.Sum256([]byte(ns.Token))
	if _, err := h.Srv.DB.ShareLinkByHash(ctx, hex.EncodeToString(sum[:])); err != store.ErrNotFound {
		t.Errorf("the share link is still stored: %v", err)
	}
	if r := h.Get(nil, "/share/"+ns.Token); r.StatusCode != http.StatusNotFound {
		t.Errorf("share link after deletion: %d", r.StatusCode)
	}
	if r := h.Get(nil, feed); r.StatusCode != http.StatusNotFound {
		t.Errorf("calendar feed after deletion: %d", r.StatusCode)
	}
	if logs, err := h.Srv.DB.Logs(ctx, uid, pl.ID); err != nil || len(logs) != 0 {
		t.Errorf("logs after deletion: %d %v", len(logs), err)
	}
	if cs, err := h.Srv.DB.Checkins(ctx, uid, pl.ID); err != nil || len(cs) != 0 {
		t.Errorf("check-ins after deletion: %d %v", len(cs), err)
	}
}
