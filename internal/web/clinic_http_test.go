package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"supple/internal/account"
	"supple/internal/browsertest"
	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/servertest"
)

var (
	inviteCodeRE = regexp.MustCompile(`<p class="invite-code"[^>]*>([A-Z0-9]+)</p>`)
	patientRE    = regexp.MustCompile(`href="/clinic/patients/(\d+)"`)
)

// post sends a form with the session's form token read from page path.
func post(t *testing.T, h *servertest.Harness, c *http.Client, from, path string, v url.Values) servertest.Response {
	t.Helper()
	v.Set("csrf", servertest.CSRF(t, h.Get(c, from).Body))
	return h.Form(c, path, v)
}

// invite makes a code as the clinician and reads it off the page shown
// once after the form.
func invite(t *testing.T, h *servertest.Harness, c *http.Client) string {
	t.Helper()
	_, page := h.Follow(c, "/clinic/invites", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/clinic/invites").Body)}})
	m := inviteCodeRE.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no invite code on the page after making one:\n%s", servertest.ErrorText(page.Body))
	}
	if !strings.Contains(page.Body, `<svg class="qr"`) || !strings.Contains(page.Body, "/me/clinicians/link?code="+m[1]) {
		t.Error("the new code has no QR code or link")
	}
	return m[1]
}

// link links member c to the code's clinician through the consent
// screen, and returns the patient id on the clinician's dashboard.
func link(t *testing.T, h *servertest.Harness, member, clinician *http.Client, code, email string) string {
	t.Helper()
	consent := h.Get(member, "/me/clinicians/link?code="+code)
	if consent.StatusCode != http.StatusOK {
		t.Fatalf("consent screen: %d %s", consent.StatusCode, servertest.ErrorText(consent.Body))
	}
	for _, item := range clinic.Consent {
		if !strings.Contains(consent.Body, htmlText(item)) {
			t.Errorf("the consent screen does not list %q", item)
		}
	}
	if r := post(t, h, member, "/me/clinicians", "/me/clinicians", url.Values{"code": {code}, "consent": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("link: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	dash := h.Get(clinician, "/clinic/")
	i := strings.Index(dash.Body, email)
	if i < 0 {
		t.Fatalf("the dashboard does not list %s", email)
	}
	m := patientRE.FindAllStringSubmatch(dash.Body[:i], -1)
	if len(m) == 0 {
		t.Fatal("no patient link on the dashboard")
	}
	return m[len(m)-1][1]
}

func htmlText(s string) string {
	return strings.NewReplacer("'", "&#39;", `"`, "&#34;", "&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// The clinic's pages are only for clinicians: a member, an editor and an
// admin are refused (403), a visitor is asked to log in.
func TestClinicPagesOnlyForClinicians(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	paths := []string{"/clinic/", "/clinic/invites", "/clinic/patients/1", "/clinic/patients/1/report", "/clinic/patients/1/fhir.json"}
	for _, role := range []string{"member", "editor", "admin"} {
		c := h.SignedIn(role+"@example.org", role)
		for _, p := range paths {
			if r := h.Get(c, p); r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "These pages are for clinicians") {
				t.Errorf("%s GET %s: %d, want 403 saying the pages are for clinicians", role, p, r.StatusCode)
			}
		}
		for _, p := range []string{"/clinic/invites", "/clinic/patients/1/notes", "/clinic/patients/1/overrides", "/clinic/patients/1/overrides/1/delete"} {
			if r := post(t, h, c, "/me/settings", p, url.Values{"text": {"hi"}, "kind": {"exclude"}, "reason": {"x"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", role, p, r.StatusCode)
			}
		}
	}
	for _, p := range paths {
		if r := h.Get(nil, p); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
			t.Errorf("visitor GET %s: %d to %q, want the login page", p, r.StatusCode, r.Header.Get("Location"))
		}
	}
}

// The loop over the pages: invite, consent, dashboard, patient page,
// note both ways (the clinician's on the member's Today page), the
// access log, end access, and then every patient address is 404.
func TestClinicLoopPages(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 20))
	logDays(t, h, ann.ID, ann.Plan, 20)
	rivera := h.Clinician("rivera@example.org", "Dr Rivera").Client
	other := h.Clinician("other@example.org", "Dr Other").Client

	code := invite(t, h, rivera)
	id := link(t, h, ann.Client, rivera, code, "ann@example.org")
	base := "/clinic/patients/" + id

	if body := h.Get(ann.Client, "/me/clinicians").Body; !strings.Contains(body, "Dr Rivera") || !strings.Contains(body, "End access") {
		t.Error("the member's Clinicians page does not show the link with its End access button")
	}
	page := h.Get(rivera, base)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `class="chart chart-pain"`) && !strings.Contains(page.Body, "chart-pain") {
		t.Fatalf("patient page: %d, charts shown: %v", page.StatusCode, strings.Contains(page.Body, "chart-pain"))
	}
	for _, want := range []string{"ann@example.org", "Sessions, last 14 days", "Logs", "Prescriptions", "Re-screens", "Weekly check-ins", base + "/fhir.json", base + "/report"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the patient page lacks %q", want)
		}
	}
	// Another clinician does not see her.
	for _, p := range []string{base, base + "/report", base + "/fhir.json"} {
		if r := h.Get(other, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("another clinician GET %s: %d, want 404", p, r.StatusCode)
		}
	}
	if strings.Contains(h.Get(other, "/clinic/").Body, "ann@example.org") {
		t.Error("another clinician's dashboard lists the patient")
	}

	// Notes both ways.
	if r := post(t, h, rivera, base, base+"/notes", url.Values{"text": {"  "}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-note"`) {
		t.Errorf("an empty note: %d, want 422 with the message by the field", r.StatusCode)
	}
	if r := post(t, h, rivera, base, base+"/notes", url.Values{"text": {"Keep the walks <short> this week."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	today := h.Get(ann.Client, "/me/today").Body
	if !strings.Contains(today, "A note from Dr Rivera") || !strings.Contains(today, "Keep the walks &lt;short&gt; this week.") {
		t.Error("the clinician's note is not on the member's Today page")
	}
	mine := h.Get(ann.Client, "/me/clinicians").Body
	m := regexp.MustCompile(`action="/me/clinicians/(\d+)/notes"`).FindStringSubmatch(mine)
	if m == nil {
		t.Fatal("no reply form on the Clinicians page")
	}
	if r := post(t, h, ann.Client, "/me/clinicians", "/me/clinicians/"+m[1]+"/notes", url.Values{"text": {"Thank you, will do."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if !strings.Contains(h.Get(rivera, base).Body, "Thank you, will do.") {
		t.Error("the member's reply is not on the patient page")
	}
	if !strings.Contains(h.Get(ann.Client, "/me/clinicians").Body, "viewed your plan") {
		t.Error("the access log does not list the clinician's views")
	}

	// End access (confirmed): at once, every patient address is gone.
	if r := post(t, h, ann.Client, "/me/clinicians", "/me/clinicians/"+m[1]+"/end", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end access: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if body := h.Get(ann.Client, "/me/clinicians").Body; !strings.Contains(body, "Dr Rivera no longer has access") {
		t.Error("no confirmation after ending access")
	}
	for p, want := range map[string]int{base: http.StatusGone, base + "/report": http.StatusGone, base + "/fhir.json": http.StatusNotFound} {
		if r := h.Get(rivera, p); r.StatusCode != want || strings.Contains(r.Body, "Keep the walks") {
			t.Errorf("after the end, GET %s: %d, want %d with none of the patient's data", p, r.StatusCode, want)
		}
	}
	for _, p := range []string{base + "/notes", base + "/overrides"} {
		if r := post(t, h, rivera, "/clinic/", p, url.Values{"text": {"hello"}, "kind": {"exclude"}, "exercise": {"cat-cow"}, "reason": {"x"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("after the end, POST %s: %d, want 404", p, r.StatusCode)
		}
	}
	// The dashboard keeps who ended it and when (TestDashboardSaysWhoEndedAccess), never a link to their page.
	if strings.Contains(h.Get(rivera, "/clinic/").Body, `href="`+base+`"`) {
		t.Error("the dashboard still lists the patient after the end")
	}
}

// Prescriptions through the forms: a missing reason or a dose that is no
// number re-renders the form with the field's message (422); an exercise
// rated avoid for the patient asks to confirm, naming the rating and
// why, and the confirmation is recorded; a removal ends one.
func TestClinicPrescriptionForms(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := memberWith(t, h, "ann@example.org", "spinal_stenosis")
	rivera := h.Clinician("rivera@example.org", "Dr Rivera").Client
	base := "/clinic/patients/" + link(t, h, ann.Client, rivera, invite(t, h, rivera), "ann@example.org")
	rx := func(v url.Values) servertest.Response {
		t.Helper()
		return post(t, h, rivera, base, base+"/overrides", v)
	}
	planned := ""
	for _, d := range ann.Plan.Result.Weeks[0].Days {
		for _, it := range d.Items {
			if it.Block != coach.Aerobic {
				planned = it.Exercise
			}
		}
	}
	for _, c := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"no reason", url.Values{"kind": {"exclude"}, "exercise": {planned}, "reason": {" "}}, `id="e-reason-exclude"`},
		{"dose not a number", url.Values{"kind": {"add"}, "exercise": {"bird-dog"}, "sets": {"two"}, "reason": {"core"}}, "Write a whole number"},
		{"cap not a number", url.Values{"kind": {"cap_minutes"}, "cap_minutes": {"lots"}, "reason": {"tired"}}, "Write a whole number"},
		{"unknown exercise", url.Values{"kind": {"exclude"}, "exercise": {"levitation"}, "reason": {"why not"}}, `class="error"`},
	} {
		r := rx(c.form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, c.field) {
			t.Errorf("%s: %d, want 422 with %q: %s", c.name, r.StatusCode, c.field, servertest.ErrorText(r.Body))
		}
	}
	if r := rx(url.Values{"kind": {"exclude"}, "exercise": {planned}, "reason": {"It aggravates her hip."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("exclude: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	page := h.Get(rivera, base).Body
	if !strings.Contains(page, "It aggravates her hip.") || !strings.Contains(page, "Left out:") {
		t.Error("the prescription is not listed on the patient page")
	}

	// An exercise rated avoid for one of her conditions.
	avoid, cond := avoidFor(t, h, ann.Plan)
	form := url.Values{"kind": {"add"}, "exercise": {avoid.ID}, "sets": {"2"}, "reps": {"8"}, "reason": {"Examined: she tolerates it well."}}
	r := rx(form)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "is rated avoid for this patient") || !strings.Contains(r.Body, strings.ReplaceAll(cond, "_", " ")) {
		t.Fatalf("adding an avoid-rated exercise: %d, want the confirmation step naming %q: %s", r.StatusCode, cond, servertest.ErrorText(r.Body))
	}
	form.Set("confirm_avoid", "yes")
	if r := rx(form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	page = h.Get(rivera, base).Body
	if !strings.Contains(page, "confirmed against an avoid rating") {
		t.Error("the confirmation is not shown with the prescription")
	}
	// Remove the first one.
	m := regexp.MustCompile(`action="(` + regexp.QuoteMeta(base) + `/overrides/\d+/delete)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no remove button")
	}
	if r := post(t, h, rivera, base, m[1], url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	// It acted today, so the plan's history keeps it; the prescriptions in
	// force no longer list it.
	if rxs := between(h.Get(rivera, base).Body, `id="prescriptions"`, "</section>"); strings.Contains(rxs, "It aggravates her hip.") {
		t.Error("the removed prescription is still listed")
	}
	if r := post(t, h, rivera, base, m[1], url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("removing it again: %d, want 404", r.StatusCode)
	}
}

// memberWith is a signed-in member whose saved plan was made with
// conditions.
func memberWith(t *testing.T, h *servertest.Harness, email string, conditions ...string) struct {
	Client *http.Client
	Plan   *plans.Plan
} {
	t.Helper()
	ctx := context.Background()
	u, err := h.Srv.Accounts.Create(ctx, email, servertest.Password, "member")
	if err != nil {
		t.Fatal(err)
	}
	p := servertest.Profile
	p.Conditions = conditions
	pl, err := h.Srv.Plans.Create(ctx, p)
	if err == nil {
		err = h.Srv.Plans.Save(ctx, pl.Token, u.ID)
	}
	if err == nil {
		pl, err = h.Srv.Plans.Active(ctx, u.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	return struct {
		Client *http.Client
		Plan   *plans.Plan
	}{h.Login(email), pl}
}

// avoidFor finds an exercise the library rates avoid for one of the
// plan's rating columns, or fails.
func avoidFor(t *testing.T, h *servertest.Harness, pl *plans.Plan) (*coach.Exercise, string) {
	t.Helper()
	var c coach.Classification
	if pl.Result.Classification != nil {
		c = *pl.Result.Classification
	}
	cols := coach.RatingColumnsFor(pl.Profile, c)
	for _, e := range h.Srv.Plans.Library().All() {
		for _, col := range cols {
			if !e.Avoid && e.RatingFor(col) == coach.Avoid {
				return e, col
			}
		}
	}
	t.Fatalf("no exercise rated avoid for %v", cols)
	return nil, ""
}

// Codes that do not work say why on the form; a clinician cannot link
// to anyone; a member without a plan can link and shows as "No plan yet".
func TestClinicInviteCodesOnTheForm(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	rivera := h.Clinician("rivera@example.org", "Dr Rivera").Client
	bob := h.Member("bob@example.org", servertest.NoPlan())
	if r := h.Get(bob.Client, "/me/clinicians/link?code=ACDEFGHJ"); r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, `id="e-code"`) {
		t.Errorf("unknown code: %d, want 404 with the message by the field", r.StatusCode)
	}
	code := invite(t, h, rivera)
	if r := h.Get(rivera, "/me/clinicians/link?code="+code); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Only a member account links to clinicians") {
		t.Errorf("a clinician opening the consent screen: %d, want the page saying only members link", r.StatusCode)
	}
	if r := post(t, h, rivera, "/clinic/", "/me/clinicians", url.Values{"code": {code}, "consent": {"yes"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("a clinician linking: %d, want 403", r.StatusCode)
	}
	if r := h.Get(rivera, "/me/clinicians"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Only a member account links to clinicians") {
		t.Errorf("a clinician's Clinicians page: %d, want 200 saying only members link", r.StatusCode)
	}
	link(t, h, bob.Client, rivera, strings.ToLower(code[:4])+"-"+code[4:], "bob@example.org")
	if !strings.Contains(h.Get(rivera, "/clinic/").Body, "No plan yet") {
		t.Error("the dashboard does not say \"No plan yet\" for a patient without a plan")
	}
	carl := h.Member("carl@example.org", servertest.NoPlan())
	if r := h.Get(carl.Client, "/me/clinicians/link?code="+code); r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "used already") {
		t.Errorf("used code: %d, want 410 saying it was used", r.StatusCode)
	}
	late := invite(t, h, rivera)
	clk.Set(clk.Now().AddDate(0, 0, clinic.InviteDays+1))
	carl.Login()
	if r := post(t, h, carl.Client, "/me/clinicians", "/me/clinicians", url.Values{"code": {late}, "consent": {"yes"}}); r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "expired") {
		t.Errorf("expired code: %d, want 410 saying it expired", r.StatusCode)
	}
	rivera = h.Login("rivera@example.org")
	if body := h.Get(rivera, "/clinic/invites").Body; !strings.Contains(body, "No open invites.") {
		t.Error("an expired code is still listed as open")
	}
}

// linkedClinician makes clinician Dr Rivera, links the member to them
// through the service, with a note each way and a prescription, and
// returns the clinician's browser and the patient page's path: the
// pages as they look in use, for the page-wide tests (layout, classes).
func linkedClinician(t *testing.T, h *servertest.Harness, m *servertest.Member) (*http.Client, string) {
	t.Helper()
	ctx := context.Background()
	c := h.Clinician("rivera@example.org", "Dr Rivera")
	cu, mu, l := serviceLink(t, h, c, m, clinic.ChannelWeb)
	if _, err := h.Srv.Clinic.AddPatientNote(ctx, cu, l.ID, "Well done this week: keep the walks short if the leg tingles."); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Srv.Clinic.AddMemberNote(ctx, mu, l.ID, "Thank you, I will."); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Srv.Clinic.AddOverride(ctx, cu, l.ID, clinic.OverrideInput{Add: "bird-dog", Dose: &coach.Dose{Sets: 2, Reps: 8}, Reason: "To build up the back muscles gently."}); err != nil {
		t.Fatal(err)
	}
	return c.Client, fmt.Sprintf("/clinic/patients/%d", l.ID)
}

// serviceLink links member m to clinician c through the service, as
// consented through via, and returns both accounts and the link.
func serviceLink(t *testing.T, h *servertest.Harness, c, m *servertest.Member, via clinic.Channel) (cu, mu *account.User, l clinic.Link) {
	t.Helper()
	ctx := context.Background()
	cu, err := h.Srv.Accounts.ByEmail(ctx, c.Email)
	if err != nil {
		t.Fatal(err)
	}
	if mu, err = h.Srv.Accounts.ByEmail(ctx, m.Email); err != nil {
		t.Fatal(err)
	}
	inv, err := h.Srv.Clinic.CreateInvite(ctx, cu)
	if err != nil {
		t.Fatal(err)
	}
	if l, err = h.Srv.Clinic.Accept(ctx, mu, inv.Code, "", via); err != nil {
		t.Fatal(err)
	}
	return cu, mu, l
}

// The Nu HTML checker finds no errors on the clinic's pages and the
// member's clinicians pages, with their forms' errors and the
// confirmation step too.
func TestClinicPagesValidHTML(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.DaysAgo(clk, 20))
	logDays(t, h, ann.ID, ann.Plan, 20)
	rivera, patient := linkedClinician(t, h, ann)
	sue := memberWith(t, h, "sue@example.org", "spinal_stenosis")
	sueID := link(t, h, sue.Client, rivera, invite(t, h, rivera), "sue@example.org")
	avoid, _ := avoidFor(t, h, sue.Plan)
	code := invite(t, h, rivera)
	_, newCode := h.Follow(rivera, "/clinic/invites", url.Values{"csrf": {servertest.CSRF(t, h.Get(rivera, "/clinic/invites").Body)}})
	docs := map[string][]byte{
		"dashboard":       []byte(h.Get(rivera, "/clinic/").Body),
		"patient":         []byte(h.Get(rivera, patient).Body),
		"report":          []byte(h.Get(rivera, patient+"/report").Body),
		"invites":         []byte(h.Get(rivera, "/clinic/invites").Body),
		"invites-new":     []byte(newCode.Body),
		"rx-error":        []byte(post(t, h, rivera, patient, patient+"/overrides", url.Values{"kind": {"cap_minutes"}, "cap_minutes": {"1"}, "reason": {""}}).Body),
		"rx-confirm":      []byte(post(t, h, rivera, patient, "/clinic/patients/"+sueID+"/overrides", url.Values{"kind": {"add"}, "exercise": {avoid.ID}, "reason": {"Examined."}}).Body),
		"note-error":      []byte(post(t, h, rivera, patient, patient+"/notes", url.Values{"text": {""}}).Body),
		"patient-no-plan": nil,
		"clinicians":      []byte(h.Get(ann.Client, "/me/clinicians").Body),
		"consent":         []byte(h.Get(ann.Client, "/me/clinicians/link?code="+code).Body),
		"code-error":      []byte(h.Get(ann.Client, "/me/clinicians/link?code=nonsense").Body),
		"today-note":      []byte(h.Get(ann.Client, "/me/today").Body),
		"privacy":         []byte(h.Get(nil, "/privacy").Body),
	}
	bob := h.Member("bob@example.org", servertest.NoPlan())
	bobID := link(t, h, bob.Client, rivera, invite(t, h, rivera), "bob@example.org")
	docs["patient-no-plan"] = []byte(h.Get(rivera, "/clinic/patients/"+bobID).Body)
	// Ending bob's link: the step that asks, the page after, the clinician's page.
	bobLinks, err := h.Srv.Clinic.Clinicians(context.Background(), bob.ID)
	if err != nil || len(bobLinks) != 1 {
		t.Fatalf("bob's links: %v %v", bobLinks, err)
	}
	end := fmt.Sprintf("/me/clinicians/%d/end", bobLinks[0].ID)
	docs["end-ask"] = []byte(bob.Post(end, url.Values{}).Body)
	bob.Post(end, url.Values{"confirm": {"yes"}})
	docs["clinicians-ended"] = []byte(h.Get(bob.Client, "/me/clinicians").Body)
	docs["patient-ended"] = []byte(h.Get(rivera, "/clinic/patients/"+bobID).Body)
	for name, d := range docs {
		if !strings.Contains(string(d), "</html>") {
			t.Errorf("%s: not a whole page", name)
		}
	}
	for _, e := range browsertest.VNU(t, docs) {
		t.Errorf("Nu HTML checker: %s", e)
	}
}
