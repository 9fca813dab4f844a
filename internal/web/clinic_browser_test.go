package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	qr "github.com/piglig/go-qr"

	"supple/internal/account"
	"supple/internal/browsertest"
	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/servertest"
)

// The whole loop in the browser, as the two people would do it: the
// clinician makes an invite code; the member enters it, reads the consent
// screen and agrees; the clinician finds them on the dashboard, opens
// their page, prints the one-page report (one A4 page as a PDF) and
// writes a note; the member sees the note on Today and the clinician's
// views in the access log, ends access, and the clinician's patient page
// then says the patient ended access. axe-core finds no violations on any page, and
// screenshots of the dashboard and the patient page at 375 and 1280 px
// (light and dark) are kept.
func TestBrowserClinicLoop(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 30))
	logDays(t, h, ann.ID, ann.Plan, 30)
	rivera := h.Clinician("rivera@example.org", "Dr Rivera").Client
	// Three more patients, linked through the service, for a dashboard
	// with flags: one whose leg symptoms spread after today's session,
	// one who logged nothing for a week, one with no plan yet.
	ctx := context.Background()
	dana := h.Member("dana@example.org", servertest.DaysAgo(clk, 30))
	logDays(t, h, dana.ID, dana.Plan, 29)
	spread := coach.Log{Kind: coach.KindSession, Week: 5, Day: 2, Date: dana.Plan.Date(5, 2).Format(time.DateOnly), Done: true,
		PainBefore: ptr(5), PainAfter: ptr(7), LegSymptoms: "further_down", Note: "Tingling went down to my foot after the bridges."}
	if _, err := h.Srv.Progress.AddLog(ctx, dana.ID, spread); err != nil {
		t.Fatal(err)
	}
	bob := h.Member("bob@example.org", servertest.DaysAgo(clk, 20))
	carl := h.Member("carl@example.org", servertest.NoPlan())
	riveraUser, err := h.Srv.Accounts.ByEmail(ctx, "rivera@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*servertest.Member{dana, bob, carl} {
		inv, err := h.Srv.Clinic.CreateInvite(ctx, riveraUser)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Srv.Clinic.Accept(ctx, &account.User{ID: m.ID, Email: m.Email, Role: account.Member}, inv.Code, "", clinic.ChannelWeb); err != nil {
			t.Fatal(err)
		}
	}

	b := browsertest.New(t)
	as := func(c *http.Client) {
		b.Run(network.ClearBrowserCookies())
		browserCookie(t, b, h, c)
	}
	view := func(width int64, scheme string) {
		b.Run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
			chromedp.EmulateViewport(width, 812))
	}
	open := func(path, ready string) {
		t.Helper()
		b.Run(chromedp.Navigate(h.TS.URL+path), chromedp.WaitReady(ready, chromedp.ByQuery))
	}
	axe := func(name string) {
		t.Helper()
		for _, v := range b.Axe() {
			t.Errorf("axe on %s: %s", name, v)
		}
	}
	text := func(sel string) string {
		t.Helper()
		var s string
		b.Run(chromedp.Text(sel, &s, chromedp.ByQuery))
		return s
	}

	// The clinician makes a code.
	view(375, "light")
	as(rivera)
	open("/clinic/invites", "footer")
	b.ClickUntil(`.invite-form button`, `.invite-code`)
	code := strings.TrimSpace(text(".invite-code"))
	if code == "" {
		t.Fatal("no invite code shown")
	}
	// The QR code, as the browser draws it, reads back as the link.
	var shot []byte
	b.Run(chromedp.Screenshot(`.invite-qr svg.qr`, &shot, chromedp.ByQuery))
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qr.Decode(img); err != nil || got != h.TS.URL+"/me/clinicians/link?code="+code {
		t.Errorf("the QR code reads %q (%v), want the link for code %s", got, err, code)
	}
	axe("invites")
	b.Screenshot("clinic-invites-light-375")
	// The name field holds a full "Dr Ana Ruiz, Riverside Physio" at 1280,
	// under its label (UX review 3, L5).
	view(1280, "light")
	open("/clinic/invites", "footer")
	var field struct{ Width, LabelBottom, Top float64 }
	b.Run(chromedp.Evaluate(`(() => { const i = document.getElementById("clinic-name").getBoundingClientRect(), l = document.querySelector("label[for=clinic-name]").getBoundingClientRect(); return {Width: i.width, LabelBottom: l.bottom, Top: i.top}; })()`, &field))
	if field.Width < 400 || field.Top < field.LabelBottom {
		t.Errorf("the clinician name field at 1280 px: %+v, want at least 400 px wide, under its label", field)
	}
	b.Screenshot("clinic-invites-light-1280")
	view(375, "light")

	// The member enters it, reads what the clinician will see, agrees.
	as(ann.Client)
	open("/me/clinicians", "footer")
	axe("clinicians-empty")
	b.Run(chromedp.SendKeys(`#code`, code, chromedp.ByQuery))
	b.ClickUntil(`.code-form button`, `.consent-form`)
	consent := text("main")
	for _, want := range append([]string{"Link with Dr Rivera?", "your password", "end access"}, clinic.Consent...) {
		if !strings.Contains(consent, want) {
			t.Errorf("the consent screen does not say %q:\n%s", want, consent)
		}
	}
	axe("consent")
	b.Screenshot("clinic-consent-light-375")
	b.ClickUntil(`.consent-form button[type=submit]`, `.clinician-link`)
	if got := text(".clinician-link h2"); got != "Dr Rivera" {
		t.Errorf("linked clinician %q, want Dr Rivera", got)
	}

	annID := ""
	if links, err := h.Srv.Clinic.Clinicians(ctx, ann.ID); err != nil || len(links) != 1 {
		t.Fatalf("ann's links: %v %v", links, err)
	} else {
		annID = strconv.FormatInt(links[0].ID, 10)
	}

	// The clinician's dashboard and patient page, at both widths and in
	// both schemes.
	as(rivera)
	for _, v := range []struct {
		width  int64
		scheme string
	}{{375, "light"}, {1280, "light"}, {375, "dark"}, {1280, "dark"}} {
		view(v.width, v.scheme)
		open("/clinic/", "footer")
		if got := text(".clinic-patients tbody tr:first-child th"); got != "dana@example.org" {
			t.Errorf("the dashboard's first patient is %q, want dana@example.org, whose symptoms spread", got)
		}
		if !strings.Contains(text(".clinic-patients"), "ann@example.org") || !strings.Contains(text(".clinic-patients"), "No plan yet") {
			t.Fatalf("the dashboard does not list the new patient, or not the one without a plan")
		}
		axe(fmt.Sprintf("dashboard (%s, %d)", v.scheme, v.width))
		b.Screenshot(fmt.Sprintf("clinic-dashboard-%s-%d", v.scheme, v.width))
		if v.width == 1280 { // the header is one row: brand, menu and search side by side
			var rows int
			b.Run(chromedp.Evaluate(`new Set([...document.querySelector('.header-row').children].map(e => Math.round(e.getBoundingClientRect().top / 20))).size`, &rows))
			if rows != 1 {
				t.Errorf("at 1280 px the clinician's header wraps onto %d rows", rows)
			}
		}
		b.ClickUntil(`.clinic-patients th a[href$="/`+annID+`"]`, `.patient-page`)
		b.Run(chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery))
		axe(fmt.Sprintf("patient page (%s, %d)", v.scheme, v.width))
		b.Screenshot(fmt.Sprintf("clinic-patient-%s-%d", v.scheme, v.width))
	}

	// The report prints on one A4 page, also with many prescriptions
	// whose reasons are as long as the form takes.
	long := strings.Repeat("She reported that this exercise brings on leg pain; we will try it again after the review. ", 6)[:clinic.MaxReason]
	id, _ := strconv.ParseInt(annID, 10, 64)
	seen := map[string]bool{}
	for _, w := range ann.Plan.Result.Weeks[4:] {
		for _, d := range w.Days {
			for _, it := range d.Items {
				if len(seen) < 4 && !seen[it.Exercise] && it.Block != coach.Aerobic {
					seen[it.Exercise] = true
					if _, err := h.Srv.Clinic.AddOverride(ctx, riveraUser, id, clinic.OverrideInput{Exclude: it.Exercise, Reason: long}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	cap := 90
	for _, in := range []clinic.OverrideInput{{CapMinutes: &cap, Reason: long}, {ReviewOn: servertest.Day(20).Format(time.DateOnly), Reason: long},
		{Add: "bird-dog", Dose: &coach.Dose{Sets: 2, Reps: 8}, Reason: long}} {
		if _, err := h.Srv.Clinic.AddOverride(ctx, riveraUser, id, in); err != nil {
			t.Fatal(err)
		}
	}
	// and with a thread of long notes, both ways (the report keeps the
	// newest two, cut).
	annUser, err := h.Srv.Accounts.ByEmail(ctx, "ann@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		note := strings.Repeat("The walks went well this week; the leg tingled once after the longest one. ", 30)[:clinic.MaxNote-1]
		if _, err := h.Srv.Clinic.AddMemberNote(ctx, annUser, id, fmt.Sprint(i, note)); err != nil {
			t.Fatal(err)
		}
	}
	view(1280, "light")
	var patientURL string
	b.Run(chromedp.Location(&patientURL))
	var pdf []byte
	b.Run(
		emulation.SetEmulatedMedia().WithMedia("print").WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}),
		chromedp.Navigate(patientURL+"/report"), chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).Do(ctx)
			return err
		}),
		emulation.SetEmulatedMedia().WithMedia(""),
	)
	if dir := os.Getenv("SUPPLE_ARTIFACTS"); dir != "" {
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, "clinic-report.pdf"), pdf, 0o644) // to look at
	}
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("the printed report has %d pages, want 1", n)
	}
	axe("report")
	b.Screenshot("clinic-report-light-1280")

	// A note to the patient.
	b.Run(chromedp.Navigate(patientURL), chromedp.WaitReady(`#note-text`, chromedp.ByQuery),
		chromedp.SendKeys(`#note-text`, "Well done this week. Keep the walks short if the leg tingles.", chromedp.ByQuery))
	b.ClickUntil(`.note-form button`, `.notes .note-mine`)

	// The member reads it on Today, sees the views and ends access.
	as(ann.Client)
	view(375, "light")
	open("/me/today", "footer")
	if !strings.Contains(text("main"), "Keep the walks short if the leg tingles.") {
		t.Error("the clinician's note is not on the member's Today page")
	}
	axe("today with a note")
	open("/me/clinicians", "footer")
	b.Run(chromedp.Click(`.access-log summary`, chromedp.ByQuery))
	if log := text(".access-log"); !strings.Contains(log, "viewed") && !strings.Contains(log, "View") {
		t.Errorf("the access log does not show the clinician's views:\n%s", log)
	}
	axe("clinicians-linked")
	b.Screenshot("clinic-clinicians-light-375")
	b.ClickUntil(`.clinician-link form button.danger`, `.consent-form`)
	if h1 := text("h1"); !strings.Contains(h1, "End Dr Rivera") {
		t.Errorf("End access shows %q, want the step that asks first", h1)
	}
	axe("end access, asked first")
	b.Screenshot("clinic-end-ask-light-375")
	b.ClickUntil(`.consent-form button.danger`, `.notice`)
	b.Screenshot("clinic-ended-light-375")
	if strings.Contains(text("main"), "Linked since") {
		t.Error("the link still shows after ending access")
	}

	// The clinician's page for that patient says it is no longer shared.
	as(rivera)
	b.Run(chromedp.Navigate(patientURL), chromedp.WaitReady("footer", chromedp.ByQuery))
	if h1 := text("h1"); h1 != "No longer shared with you" || !strings.Contains(text("main"), "ann@example.org ended your access on") {
		t.Errorf("after the member ended access the patient page shows %q, want the page that says who ended it", h1)
	}
	b.Screenshot("clinic-patient-ended-light-375")
	open("/clinic/", "footer")
	if main := text("main"); !strings.Contains(main, "Ended by the patient") || !strings.Contains(main, "ann@example.org ended your access on") {
		t.Error("the dashboard does not say the patient ended access")
	}
	var n int
	b.Run(chromedp.Evaluate(`document.querySelectorAll('.clinic-patients th a[href$="/`+annID+`"]').length`, &n))
	if n != 0 {
		t.Error("the dashboard still lists the patient after access ended")
	}
	b.Screenshot("clinic-dashboard-ended-light-1280")
	b.AssertSameOrigin(h.TS.URL)
}
