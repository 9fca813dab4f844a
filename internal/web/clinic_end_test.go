package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/servertest"
)

// Ending access asks first (a second step with its own form token); once
// ended, the member's plan says the prescriptions no longer apply and what
// comes back, the notes stay readable (without a reply form), and the
// clinician finds a page that says who ended it and when, not a generic
// "not found".
func TestEndAccessAsksFirstAndKeepsTheNotes(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	ctx := context.Background()
	ex, _ := h.Srv.Plans.Library().Get(ann.Plan.Result.Weeks[0].Days[0].Items[0].Exercise)
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	if _, err := h.Srv.Clinic.AddPatientNote(ctx, cu, l.ID, "Keep the walks short this week."); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Srv.Clinic.AddOverride(ctx, cu, l.ID, clinic.OverrideInput{Exclude: ex.ID, Reason: "Flexion flares your symptoms."}); err != nil {
		t.Fatal(err)
	}
	end := fmt.Sprintf("/me/clinicians/%d/end", l.ID)
	patient := fmt.Sprintf("/clinic/patients/%d", l.ID)

	ask := ann.Post(end, url.Values{})
	if ask.StatusCode != http.StatusOK || !strings.Contains(ask.Body, "End Dr Rivera&#39;s access?") ||
		!strings.Contains(ask.Body, `name="confirm" value="yes"`) || !strings.Contains(ask.Body, `name="csrf"`) {
		t.Fatalf("the first End access step: %d, want a page that asks, with a confirming form:\n%s", ask.StatusCode, servertest.ErrorText(ask.Body))
	}
	if !strings.Contains(ask.Body, htmlText(ex.Name)) {
		t.Errorf("the confirmation does not say which prescription stops (%s)", ex.Name)
	}
	if r := h.Get(doc.Client, patient); r.StatusCode != http.StatusOK {
		t.Fatalf("asking ended the access already: the clinician's patient page is %d", r.StatusCode)
	}
	if r := ann.Post(end, url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end access: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}

	mine := h.Get(ann.Client, "/me/clinicians").Body
	if !strings.Contains(mine, "Keep the walks short this week.") || !strings.Contains(mine, "Ended on") {
		t.Error("the ended link's notes are not on the member's Clinicians page")
	}
	if strings.Contains(mine, fmt.Sprintf(`action="/me/clinicians/%d/notes"`, l.ID)) {
		t.Error("the ended link still has a reply form")
	}
	clk.Set(servertest.Day(1))
	plan := h.Get(ann.Client, "/me/plan").Body
	if !strings.Contains(plan, "no longer applies") || !strings.Contains(plan, "Dr Rivera") {
		t.Errorf("the plan does not say the prescriptions ended:\n%s", servertest.ErrorText(between(plan, "How your plan changed", "</section>")))
	}

	gone := h.Get(doc.Client, patient)
	if gone.StatusCode != http.StatusGone || !strings.Contains(gone.Body, "ann@example.org ended your access on "+servertest.Start.Format("2 January")) ||
		strings.Contains(gone.Body, "Good places to start") || strings.Contains(gone.Body, "Keep the walks short") {
		t.Errorf("the clinician's page of the ended link: %d, want 410 saying who ended it and when, with no data:\n%s", gone.StatusCode, servertest.ErrorText(gone.Body))
	}
	if dash := h.Get(doc.Client, "/clinic/").Body; strings.Contains(dash, "0 linked patients, the one who") {
		t.Error("the empty dashboard reads \"0 linked patients, the one who most needs attention first\"")
	}
	// Another clinician still gets the plain 404 for that address.
	other := h.Clinician("other@example.org", "Dr Other")
	if r := h.Get(other.Client, patient); r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "ann@example.org") {
		t.Errorf("another clinician GET %s: %d, want 404 naming nobody", patient, r.StatusCode)
	}
}

// The member's record of a link says how they consented: on this site's
// consent screen, or through an app over the API (where this site
// showed nothing).
func TestConsentChannelOnTheRecord(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, c := range []struct {
		via  clinic.Channel
		want string
	}{
		{clinic.ChannelWeb, "on this site&#39;s consent screen"},
		{clinic.ChannelAPI, "through an app"},
	} {
		m := h.Member(string(c.via) + "@example.org")
		doc := h.Clinician("doc-"+string(c.via)+"@example.org", "Dr "+string(c.via))
		serviceLink(t, h, doc, m, c.via)
		if body := h.Get(m.Client, "/me/clinicians").Body; !strings.Contains(body, c.want) {
			t.Errorf("a consent given %s: the Clinicians page does not say %q", c.via, c.want)
		}
	}
}

// The member's access record shows times in their time zone, and views
// repeated within a minute as one line with a count.
func TestAccessLogInTheMembersZone(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	if err := h.Srv.Accounts.SetTimeZone(context.Background(), ann.ID, "America/Los_Angeles"); err != nil {
		t.Fatal(err)
	}
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	_, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	patient := fmt.Sprintf("/clinic/patients/%d", l.ID)
	for range 4 {
		if r := h.Get(doc.Client, patient); r.StatusCode != http.StatusOK {
			t.Fatalf("patient page: %d", r.StatusCode)
		}
	}
	log := between(h.Get(ann.Client, "/me/clinicians").Body, `class="access-log"`, "</details>")
	la, _ := time.LoadLocation("America/Los_Angeles")
	want := servertest.Start.In(la).Format("15:04")
	if !strings.Contains(log, want) || strings.Contains(log, " UTC") {
		t.Errorf("the access log does not show the time in the member's zone (%s):\n%s", want, log)
	}
	if n := strings.Count(log, "viewed your plan"); n != 1 || !strings.Contains(log, "4 times") {
		t.Errorf("four views in one minute show as %d lines, want one with \"4 times\":\n%s", n, log)
	}
}

// Once linked, the Clinicians page shows the clinician first and the code
// form after it, for another clinician; with no note from them yet, the
// note box is "Write to", not "Reply to".
func TestCliniciansPageOnceLinked(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	if body := h.Get(ann.Client, "/me/clinicians").Body; !strings.Contains(body, `id="code"`) {
		t.Fatal("no code form before linking")
	}
	serviceLink(t, h, h.Clinician("rivera@example.org", "Dr Rivera"), ann, clinic.ChannelWeb)
	body := h.Get(ann.Client, "/me/clinicians").Body
	link, form := strings.Index(body, `class="clinician-link"`), strings.Index(body, `id="code"`)
	if link < 0 || form < link || !strings.Contains(body, "Link another clinician") {
		t.Errorf("the code form (at %d) comes before the linked clinician (at %d), or has no heading", form, link)
	}
	if !strings.Contains(body, "Write to Dr Rivera") || strings.Contains(body, "Reply to Dr Rivera") {
		t.Error("the note box says \"Reply to\" with nothing to reply to")
	}
}

// An ex-clinician's rename does not reach the member's ended record
// (attack review 3, L1), and the 410 page after a role change does not
// say the member ended it (L2).
func TestEndedLinkNameAndWhoEndedIt(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ctx := context.Background()
	ann := h.Member("ann@example.org")
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	if r := ann.Post(fmt.Sprintf("/me/clinicians/%d/end", l.ID), url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end access: %d", r.StatusCode)
	}
	if err := h.Srv.Clinic.SetName(ctx, cu, "URGENT from supple"); err != nil {
		t.Fatal(err)
	}
	if body := h.Get(ann.Client, "/me/clinicians").Body; strings.Contains(body, "URGENT") || !strings.Contains(body, "Dr Rivera") {
		t.Errorf("the ended record after the ex-clinician's rename:\n%s", between(body, "Access you ended", "</main>"))
	}

	bob := h.Member("bob@example.org")
	ray := h.Clinician("ray@example.org", "Ray Ode")
	_, _, l2 := serviceLink(t, h, ray, bob, clinic.ChannelWeb)
	for _, role := range []string{account.Member, account.Clinician} {
		if err := h.Srv.Accounts.SetRole(ctx, "admin@example.org", ray.Email, role); err != nil {
			t.Fatal(err)
		}
	}
	gone := h.Get(h.Login(ray.Email), fmt.Sprintf("/clinic/patients/%d", l2.ID))
	if gone.StatusCode != http.StatusGone || strings.Contains(gone.Body, "bob@example.org ended your access") ||
		!strings.Contains(gone.Body, "when your account stopped being a clinician") {
		t.Errorf("the 410 page after a role change: %d\n%s", gone.StatusCode, servertest.ErrorText(gone.Body))
	}
}

// A share link shows that a clinician changed the plan, never who or
// why: the clinician is a third party to the share (attack review 3, L3).
func TestShareLinkLeavesOutTheClinician(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	ctx := context.Background()
	ex, _ := h.Srv.Plans.Library().Get(ann.Plan.Result.Weeks[0].Days[0].Items[0].Exercise)
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, mu, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	if _, err := h.Srv.Clinic.AddOverride(ctx, cu, l.ID, clinic.OverrideInput{Exclude: ex.ID, Reason: "SECRETREASON flexion flares it"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Srv.Clinic.AddOverride(ctx, cu, l.ID, clinic.OverrideInput{CapMinutes: ptr(60), Reason: "SECRETREASON keep it short"}); err != nil {
		t.Fatal(err)
	}
	clk.Set(clk.Now().Add(48 * time.Hour))
	sh, err := h.Srv.Progress.CreateShare(ctx, mu.ID, 7, "physio")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"", "/summary"} {
		body := h.Get(h.Client(), "/share/"+sh.Token+p).Body
		if strings.Contains(body, "SECRETREASON") || strings.Contains(body, "Dr Rivera") {
			t.Errorf("/share/T%s shows the clinician's name or reason:\n%s", p, mainText(body))
		}
		if !strings.Contains(body, "A clinician&#39;s prescription changed this part of the plan.") {
			t.Errorf("/share/T%s does not say a clinician changed the plan:\n%s", p, mainText(body))
		}
	}
	if mine := h.Get(ann.Client, "/me/progress").Body; !strings.Contains(mine, "SECRETREASON") {
		t.Error("the member's own progress page lost the clinician's reason")
	}
}

// After a patient ends access, the clinician's dashboard keeps a short
// trace (UX review 3, M5): who ended it and when, no data, and not the
// empty "No patients yet" as if they had never been linked. Another
// clinician does not see it.
func TestDashboardSaysWhoEndedAccess(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	other := h.Clinician("okafor@example.org", "Dr Okafor")
	_, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	if r := ann.Post(fmt.Sprintf("/me/clinicians/%d/end", l.ID), url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end access: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	dash := h.Get(doc.Client, "/clinic/").Body
	if strings.Contains(dash, "No patients yet") {
		t.Error("the dashboard says No patients yet after a patient ended access")
	}
	if !strings.Contains(dash, "Ended by the patient") || !strings.Contains(dash, "ann@example.org") ||
		!strings.Contains(dash, `datetime="2026-11-23"`) {
		t.Errorf("the dashboard does not say who ended access and when:\n%s", servertest.ErrorText(dash))
	}
	if strings.Contains(dash, fmt.Sprintf(`href="/clinic/patients/%d"`, l.ID)) {
		t.Error("the ended patient is still linked from the dashboard")
	}
	if body := h.Get(other.Client, "/clinic/").Body; strings.Contains(body, "ann@example.org") {
		t.Error("another clinician's dashboard shows the ended link")
	}
}

// The member's access record names exercises as the plan does, never by
// their slug (UX review 3, L1).
func TestAccessLogNamesTheExercise(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	ex, _ := h.Srv.Plans.Library().Get(ann.Plan.Result.Weeks[0].Days[0].Items[0].Exercise)
	if _, err := h.Srv.Clinic.AddOverride(context.Background(), cu, l.ID, clinic.OverrideInput{Exclude: ex.ID, Reason: "Not now."}); err != nil {
		t.Fatal(err)
	}
	log := between(h.Get(ann.Client, "/me/clinicians").Body, `class="access-log"`, "</details>")
	if !strings.Contains(log, "prescribed: leave out "+htmlText(ex.Name)) || strings.Contains(log, "leave out "+ex.ID) {
		t.Errorf("the access log does not name %s (%s):\n%s", ex.Name, ex.ID, log)
	}
}
