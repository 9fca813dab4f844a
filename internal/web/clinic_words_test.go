package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"supple/internal/clinic"
	"supple/internal/servertest"
)

var (
	tagRE    = regexp.MustCompile(`<[^>]+>`)
	secondRE = regexp.MustCompile(`\b(?:[Yy]our plan|[Yy]our physio|[Yy]our last|[Yy]our pain|Your clinician)\b`)
)

// The clinician's patient page and report speak about the patient in the
// third person: a prescription reads "Dr Rivera left out cat-cow", never
// "your plan" or "your physio", as if the page were written to the
// patient.
func TestClinicPagesSpeakAboutThePatient(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 10))
	logDays(t, h, ann.ID, ann.Plan, 10)
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	ctx := context.Background()
	for _, in := range []clinic.OverrideInput{{Exclude: "cat-cow", Reason: "Flexion flares."}, {CapMinutes: ptr(60), Reason: "Gentle."}} {
		if _, err := h.Srv.Clinic.AddOverride(ctx, cu, l.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"", "/report"} {
		body := h.Get(doc.Client, fmt.Sprintf("/clinic/patients/%d%s", l.ID, p)).Body
		text := tagRE.ReplaceAllString(body, "\n")
		for _, line := range strings.Split(text, "\n") {
			if secondRE.MatchString(line) {
				t.Errorf("%s speaks to the patient: %q", "/clinic/patients/N"+p, strings.TrimSpace(line))
			}
		}
		if p == "" && !strings.Contains(text, "Dr Rivera left out cat-cow") {
			t.Errorf("the patient page does not say \"Dr Rivera left out cat-cow\"")
		}
	}
	// The member's own page keeps speaking to them.
	if mine := h.Get(ann.Client, "/me/plan").Body; !strings.Contains(mine, "Your physio Dr Rivera") {
		t.Error("the member's plan no longer says \"Your physio Dr Rivera\"")
	}
}

// The patient page and the report show the answers the plan was built
// from, in the words /me/settings shows the member.
func TestClinicPagesShowTheAnswers(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	_, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	settings := h.Get(ann.Client, "/me/settings").Body
	answers := regexp.MustCompile(`<dd>([^<]+)</dd>`).FindAllStringSubmatch(between(settings, "<dl", "</dl>"), -1)
	if len(answers) < 8 {
		t.Fatalf("/me/settings shows %d answers", len(answers))
	}
	for _, p := range []string{"", "/report"} {
		body := h.Get(doc.Client, fmt.Sprintf("/clinic/patients/%d%s", l.ID, p)).Body
		sec := between(body, `id="answers"`, "</section>")
		for _, want := range []string{"What makes the pain worse", "Pain in the legs", "Conditions a doctor has told the patient about"} {
			if !strings.Contains(sec, want) {
				t.Errorf("the answers on /clinic/patients/N%s lack %q", p, want)
			}
		}
		for _, a := range answers {
			if !strings.Contains(sec, a[1]) {
				t.Errorf("the answers on /clinic/patients/N%s lack the member's answer %q", p, a[1])
			}
		}
	}
}

// A clinician without a plan of their own sees no member items (Today,
// My plan, Progress) in the header; with a plan of their own they do, as
// a member does.
func TestClinicianHeaderWithoutAPlan(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	ann := h.Member("ann@example.org")
	nav := func(c *servertest.Member, path string) string {
		return between(h.Get(c.Client, path).Body, `<nav class="site-nav"`, "</nav>")
	}
	member := []string{`href="/me/today"`, `href="/me/plan"`, `href="/me/progress"`}
	for _, path := range []string{"/clinic/", "/articles/"} {
		n := nav(doc, path)
		if !strings.Contains(n, `href="/clinic/"`) {
			t.Errorf("%s: the clinician's header has no Patients", path)
		}
		for _, item := range member {
			if strings.Contains(n, item) {
				t.Errorf("%s: the header of a clinician without a plan has %s", path, item)
			}
		}
	}
	for _, item := range member {
		if !strings.Contains(nav(ann, "/articles/"), item) {
			t.Errorf("the member's header lacks %s", item)
		}
	}
	ctx := context.Background()
	u, err := h.Srv.Accounts.ByEmail(ctx, doc.Email)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := h.Srv.Plans.Create(ctx, servertest.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Srv.Plans.Save(ctx, pl.Token, u.ID); err != nil {
		t.Fatal(err)
	}
	for _, item := range member {
		if !strings.Contains(nav(doc, "/clinic/"), item) {
			t.Errorf("a clinician with a plan of their own: the header lacks %s", item)
		}
	}
}

// The prescription forms offer only what makes sense: "Leave out" no
// exercise already left out, "Add" nothing from the never list; a note
// sent says so.
func TestPrescriptionFormsOfferWhatMakesSense(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	ex := ann.Plan.Result.Weeks[0].Days[0].Items[0].Exercise
	if _, err := h.Srv.Clinic.AddOverride(context.Background(), cu, l.ID, clinic.OverrideInput{Exclude: ex, Reason: "Flexion flares."}); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/clinic/patients/%d", l.ID)
	page := h.Get(doc.Client, base).Body
	if strings.Contains(between(page, `id="exclude-exercise"`, "</select>"), `value="`+ex+`"`) {
		t.Errorf("Leave out still offers %s, which is left out already", ex)
	}
	add := between(page, `id="add-exercise"`, "</select>")
	for _, e := range h.Srv.Plans.Library().All() {
		if e.Avoid && strings.Contains(add, `value="`+e.ID+`"`) {
			t.Errorf("Add offers %s, which is never part of a plan", e.ID)
		}
	}
	_, sent := h.Follow(doc.Client, base+"/notes", url.Values{"csrf": {servertest.CSRF(t, page)}, "text": {"Hello"}})
	if !strings.Contains(sent.Body, `role="status">Note sent`) {
		t.Error("no confirmation after sending a note")
	}
}

// An open invite can be cancelled from the invites page: its code then
// works no more, and another clinician cannot cancel it.
func TestCancelAnInvite(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	rivera := h.Clinician("rivera@example.org", "Dr Rivera").Client
	other := h.Clinician("other@example.org", "Dr Other").Client
	code := invite(t, h, rivera)
	page := h.Get(rivera, "/clinic/invites").Body
	m := regexp.MustCompile(`action="(/clinic/invites/\d+/cancel)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no Cancel button by the open invite")
	}
	if r := post(t, h, other, "/clinic/invites", m[1], url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("another clinician cancels the invite: %d, want 404", r.StatusCode)
	}
	_, after := h.Follow(rivera, m[1], url.Values{"csrf": {servertest.CSRF(t, page)}})
	if !strings.Contains(after.Body, "No open invites.") || !strings.Contains(after.Body, `role="status">Invite cancelled`) {
		t.Error("the invite is still open after cancelling it, or nothing says so")
	}
	ann := h.Member("ann@example.org")
	if r := h.Get(ann.Client, "/me/clinicians/link?code="+code); r.StatusCode != http.StatusNotFound {
		t.Errorf("the cancelled code: %d, want 404 (no invite has this code)", r.StatusCode)
	}
}

// A link whose stored consent does not list the answers shows a note in
// their place on the patient page and the report (attack review 3, M1).
func TestClinicPagesHideAnswersNotAgreedTo(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	_, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	h.OlderConsent(t, l.ID)
	for _, p := range []string{"", "/report"} {
		body := h.Get(doc.Client, fmt.Sprintf("/clinic/patients/%d%s", l.ID, p)).Body
		sec := between(body, `id="answers"`, "</section>")
		if !strings.Contains(sec, "Not part of what this patient agreed to share when they linked") || strings.Contains(sec, "What makes the pain worse") {
			t.Errorf("the answers on /clinic/patients/N%s of a link without the answers consent: %q", p, sec)
		}
	}
	mine := h.Get(ann.Client, "/me/clinicians").Body
	share := fmt.Sprintf(`action="/me/clinicians/%d/answers"`, l.ID)
	if !strings.Contains(mine, share) || !strings.Contains(mine, htmlText(clinic.AnswersItem)) {
		t.Fatalf("/me/clinicians offers no share step naming the answers for a link without them:\n%s", between(mine, "<h1", "</main>"))
	}
	other := h.Member("bob@example.org")
	if r := other.Post(fmt.Sprintf("/me/clinicians/%d/answers", l.ID), url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("another member shares the answers of the link: %d", r.StatusCode)
	}
	if r := ann.Post(fmt.Sprintf("/me/clinicians/%d/answers", l.ID), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("Share my answers too: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if mine := h.Get(ann.Client, "/me/clinicians").Body; strings.Contains(mine, share) {
		t.Error("/me/clinicians still offers the share step after sharing")
	}
	for _, p := range []string{"", "/report"} {
		sec := between(h.Get(doc.Client, fmt.Sprintf("/clinic/patients/%d%s", l.ID, p)).Body, `id="answers"`, "</section>")
		if !strings.Contains(sec, "What makes the pain worse") {
			t.Errorf("after sharing, the answers on /clinic/patients/N%s: %q", p, sec)
		}
	}
}

// The clinician's own free-text reason is never reworded on their pages
// (UX review 3, L3), while the coach's words around it speak about the
// patient; and the answers read "How active the patient is" (L4).
func TestClinicPagesKeepTheClinicianReason(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	doc := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, _, l := serviceLink(t, h, doc, ann, clinic.ChannelWeb)
	ex := ann.Plan.Result.Weeks[0].Days[0].Items[0].Exercise
	if _, err := h.Srv.Clinic.AddOverride(context.Background(), cu, l.ID, clinic.OverrideInput{Exclude: ex, Reason: "Flexion flares your symptoms at the moment."}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"", "/report"} {
		body := h.Get(doc.Client, fmt.Sprintf("/clinic/patients/%d%s", l.ID, p)).Body
		if strings.Contains(body, "the patient&#39;s symptoms") || strings.Contains(body, "the patient's symptoms") {
			t.Errorf("/clinic/patients/N%s rewords the clinician's reason", p)
		}
		if !strings.Contains(body, "Dr Rivera left out") {
			t.Errorf("/clinic/patients/N%s does not speak about the patient around the reason", p)
		}
		if strings.Contains(body, "the patient are") || !strings.Contains(body, "How active the patient is") {
			t.Errorf("/clinic/patients/N%s: the activity answer does not read How active the patient is", p)
		}
	}
}
