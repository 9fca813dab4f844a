package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/fhir"
	"supple/internal/servertest"
)

// wantProblem checks r is a problem+json with status, naming field when
// field is not "".
func wantProblem(t *testing.T, what string, r servertest.Response, status int, field string) problem {
	t.Helper()
	var p problem
	_ = json.Unmarshal([]byte(r.Body), &p)
	if r.StatusCode != status || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("%s: %d %s, want %d problem+json", what, r.StatusCode, r.Body, status)
		return p
	}
	if field == "" {
		return p
	}
	for _, e := range p.Errors {
		if e.Field == field {
			return p
		}
	}
	t.Errorf("%s: %s does not name %s", what, r.Body, field)
	return p
}

type patientRow struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	NoPlan    bool     `json:"no_plan"`
	Adherence *int     `json:"adherence"`
	Flags     []string `json:"flags"`
	LastLog   *string  `json:"last_log"`
	ReviewDue *string  `json:"review_due"`
	PainTrend struct {
		Arrow string `json:"arrow"`
	} `json:"pain_trend"`
}

type linkJSON struct {
	ID        int64 `json:"id"`
	Clinician struct {
		Name string `json:"name"`
	} `json:"clinician"`
}

func invite(t *testing.T, doc *servertest.Member) string {
	t.Helper()
	r := doc.Call("POST", "/api/v1/clinic/invites", "application/json", `{}`)
	var inv struct{ Code, Expires, URL string }
	if err := json.Unmarshal([]byte(r.Body), &inv); r.StatusCode != http.StatusCreated || err != nil || len(inv.Code) != 8 || inv.Expires == "" {
		t.Fatalf("invite: %d %s", r.StatusCode, r.Body)
	}
	return inv.Code
}

func link(t *testing.T, doc, m *servertest.Member) linkJSON {
	t.Helper()
	r := m.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, invite(t, doc)))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("link: %d %s", r.StatusCode, r.Body)
	}
	return servertest.Decode[linkJSON](t, r)
}

// The whole loop over the API: invite, link, dashboard, prescription,
// notes both ways, the member's access log, revoke, and 404 after it.
func TestClinicLoop(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	cat := h.Member("cat@example.org", servertest.WithToken(), servertest.NoPlan())
	clk.Set(servertest.Day(10))

	l := link(t, doc, ann)
	if l.Clinician.Name != "Dr Ada Rowe" || l.ID == 0 {
		t.Fatalf("link: %+v", l)
	}
	lc := link(t, doc, cat)
	r := ann.Call("GET", "/api/v1/me/clinicians", "", "")
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"name":"Dr Ada Rowe"`) || !strings.Contains(r.Body, "session logs") {
		t.Errorf("member's clinicians: %d %s", r.StatusCode, r.Body)
	}

	r = doc.Call("GET", "/api/v1/clinic/patients", "", "")
	rows := servertest.Decode[struct{ Patients []patientRow }](t, r).Patients
	if r.StatusCode != 200 || len(rows) != 2 || rows[0].ID != l.ID || rows[0].Name != "ann@example.org" || rows[1].ID != lc.ID || !rows[1].NoPlan {
		t.Fatalf("dashboard: %d %s", r.StatusCode, r.Body)
	}
	if got := strings.Join(rows[0].Flags, ","); got != "no_logs_7_days" || rows[0].Adherence == nil || *rows[0].Adherence != 0 {
		t.Errorf("ann's row: %+v", rows[0])
	}

	// A prescription: leave out an exercise of ann's plan.
	var ex string
	for _, d := range ann.Plan.Result.Weeks[2].Days {
		if len(d.Items) > 0 {
			ex = d.Items[0].Exercise
			break
		}
	}
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d", l.ID)
	r = doc.Call("POST", pat+"/overrides", "application/json", fmt.Sprintf(`{"exclude": %q, "reason": "it sets off your knee"}`, ex))
	var o struct {
		ID     int64  `json:"id"`
		Kind   string `json:"kind"`
		By     string `json:"by"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal([]byte(r.Body), &o); r.StatusCode != http.StatusCreated || err != nil || o.Kind != "exclude" || o.By != "Dr Ada Rowe" {
		t.Fatalf("override: %d %s", r.StatusCode, r.Body)
	}
	ps, err := h.Srv.Clinic.Prescriptions(t.Context(), ann.ID)
	if err != nil || len(ps) != 1 || ps[0].Kind != coach.PrescribeExclude || ps[0].Exercise != ex || ps[0].By != "Dr Ada Rowe" {
		t.Errorf("prescriptions the plan obeys: %+v %v", ps, err)
	}

	// Notes both ways.
	if r := doc.Call("POST", pat+"/notes", "application/json", `{"body": "How are the walks going?"}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("clinician's note: %d %s", r.StatusCode, r.Body)
	}
	mine := fmt.Sprintf("/api/v1/me/clinicians/%d", l.ID)
	if r := ann.Call("POST", mine+"/notes", "application/json", `{"body": "Better each day"}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("member's note: %d %s", r.StatusCode, r.Body)
	}
	r = ann.Call("GET", mine+"/notes", "", "")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "How are the walks going?") || !strings.Contains(r.Body, "Better each day") {
		t.Errorf("member's thread: %d %s", r.StatusCode, r.Body)
	}

	// The patient page holds everything.
	r = doc.Call("GET", pat, "", "")
	var p struct {
		Plan        *json.RawMessage  `json:"plan"`
		Logs        []json.RawMessage `json:"logs"`
		Checkins    []json.RawMessage `json:"checkins"`
		Adjustments []json.RawMessage `json:"adjustments"`
		Overrides   []json.RawMessage `json:"overrides"`
		Notes       []json.RawMessage `json:"notes"`
	}
	if err := json.Unmarshal([]byte(r.Body), &p); r.StatusCode != 200 || err != nil || p.Plan == nil || p.Logs == nil || p.Checkins == nil ||
		p.Adjustments == nil || len(p.Overrides) != 1 || len(p.Notes) != 2 {
		t.Fatalf("patient: %d %s", r.StatusCode, r.Body)
	}
	if r := doc.Call("GET", fmt.Sprintf("/api/v1/clinic/patients/%d", lc.ID), "", ""); r.StatusCode != 200 || !strings.Contains(r.Body, `"plan":null`) {
		t.Errorf("patient with no plan: %d %s", r.StatusCode, r.Body)
	}

	// The FHIR bundle passes the member export's validation.
	r = doc.Call("GET", pat+"/fhir", "", "")
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), fhir.ContentType) {
		t.Fatalf("fhir: %d %s", r.StatusCode, r.Body)
	}
	if err := fhir.ValidateBundle([]byte(r.Body)); err != nil {
		t.Errorf("fhir bundle: %v", err)
	}

	// Removing the prescription.
	if r := doc.Call("DELETE", fmt.Sprintf("%s/overrides/%d", pat, o.ID), "", ""); r.StatusCode != http.StatusNoContent {
		t.Errorf("remove override: %d %s", r.StatusCode, r.Body)
	}
	// It acted today (made today, nothing logged) and stops from tomorrow.
	if ps, _ := h.Srv.Clinic.Prescriptions(t.Context(), ann.ID); len(ps) != 1 || ps[0].Until.IsZero() || !ps[0].Until.After(ps[0].From) {
		t.Errorf("removed prescription still acts: %+v", ps)
	}

	// The member sees every access.
	r = ann.Call("GET", mine+"/access", "", "")
	var acc struct {
		Access []struct{ At, What string } `json:"access"`
	}
	if err := json.Unmarshal([]byte(r.Body), &acc); r.StatusCode != 200 || err != nil {
		t.Fatalf("access: %d %s", r.StatusCode, r.Body)
	}
	var whats []string
	for _, a := range acc.Access {
		whats = append(whats, a.What)
	}
	// The log names the exercise as the member reads it, not its id.
	e, _ := h.Srv.Plans.Library().Get(ex)
	want := []string{"removed a prescription: leave out " + e.Name, "downloaded your logs and check-ins as a FHIR bundle",
		"viewed your plan, logs, check-ins and notes", "wrote a note", "prescribed: leave out " + e.Name, "saw you on the dashboard"}
	if strings.Join(whats, "|") != strings.Join(want, "|") {
		t.Errorf("access log\n got %q\nwant %q", whats, want)
	}
	if r := cat.Call("GET", mine+"/access", "", ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("another member reads ann's access log: %d", r.StatusCode)
	}

	// Revoke: the clinician's next request finds no patient.
	if r := ann.Call("DELETE", mine, "", ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.StatusCode, r.Body)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", pat, ""}, {"GET", pat + "/notes", ""}, {"GET", pat + "/fhir", ""},
		{"POST", pat + "/notes", `{"body": "still there?"}`},
		{"POST", pat + "/overrides", `{"cap_minutes": 60, "reason": "gentle"}`},
	} {
		wantProblem(t, "after revoke "+c.method+" "+c.path, doc.Call(c.method, c.path, "application/json", c.body), http.StatusNotFound, "")
	}
	r = doc.Call("GET", "/api/v1/clinic/patients", "", "")
	if rows := servertest.Decode[struct{ Patients []patientRow }](t, r).Patients; len(rows) != 1 || rows[0].ID != lc.ID {
		t.Errorf("dashboard after revoke: %s", r.Body)
	}
	wantProblem(t, "revoke twice", ann.Call("DELETE", mine, "", ""), http.StatusNotFound, "")

	// Deleting the account ends access too.
	if err := h.Srv.Accounts.Delete(t.Context(), "test", cat.ID); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, "deleted member", doc.Call("GET", fmt.Sprintf("/api/v1/clinic/patients/%d", lc.ID), "", ""), http.StatusNotFound, "")
}

// Invite codes that do not work, roles that may not link or prescribe,
// and prescriptions that do not hold.
func TestClinicBadInput(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	doc := h.Clinician("doc@example.org", "")
	other := h.Clinician("other@example.org", "")
	ann := h.Member("ann@example.org", servertest.WithToken())
	bob := h.Member("bob@example.org", servertest.WithToken())

	code := invite(t, doc)
	wantProblem(t, "clinician links with their own code", doc.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, code)), http.StatusForbidden, "")
	wantProblem(t, "another clinician links", other.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, code)), http.StatusForbidden, "")
	wantProblem(t, "member makes an invite", ann.Call("POST", "/api/v1/clinic/invites", "application/json", `{}`), http.StatusForbidden, "")
	wantProblem(t, "member opens the dashboard", ann.Call("GET", "/api/v1/clinic/patients", "", ""), http.StatusForbidden, "")
	wantProblem(t, "anonymous dashboard", h.Get(nil, "/api/v1/clinic/patients"), http.StatusUnauthorized, "")
	wantProblem(t, "no code", ann.Call("POST", "/api/v1/me/clinicians", "application/json", `{}`), http.StatusUnprocessableEntity, "code")
	wantProblem(t, "unknown field", ann.Call("POST", "/api/v1/me/clinicians", "application/json", `{"code": "x", "extra": 1}`), http.StatusUnprocessableEntity, "extra")
	wantProblem(t, "unknown code", ann.Call("POST", "/api/v1/me/clinicians", "application/json", `{"code": "ACDEFGHJ"}`), http.StatusNotFound, "")
	if r := ann.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, code)); r.StatusCode != http.StatusCreated {
		t.Fatalf("link: %d %s", r.StatusCode, r.Body)
	}
	p := wantProblem(t, "used code", bob.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, code)), http.StatusGone, "")
	if !strings.Contains(p.Detail, "used already") {
		t.Errorf("used code: %q", p.Detail)
	}
	late := invite(t, other)
	clk.Set(servertest.Day(14))
	p = wantProblem(t, "expired code", bob.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, late)), http.StatusGone, "")
	if !strings.Contains(p.Detail, "expired") {
		t.Errorf("expired code: %q", p.Detail)
	}

	rows := servertest.Decode[struct{ Patients []patientRow }](t, doc.Call("GET", "/api/v1/clinic/patients", "", "")).Patients
	if len(rows) != 1 {
		t.Fatalf("dashboard: %+v", rows)
	}
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d", rows[0].ID)
	wantProblem(t, "another clinician's patient", other.Call("GET", pat, "", ""), http.StatusNotFound, "")
	wantProblem(t, "no such patient", doc.Call("GET", "/api/v1/clinic/patients/999999", "", ""), http.StatusNotFound, "")
	wantProblem(t, "not an id", doc.Call("GET", "/api/v1/clinic/patients/ann", "", ""), http.StatusNotFound, "")
	wantProblem(t, "member's own id as a clinician", ann.Call("GET", pat, "", ""), http.StatusForbidden, "")

	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	var risky, safe, never string
	for _, e := range lib.All() {
		xs := coach.Contraindications(ann.Plan.Profile, lib, e.ID)
		if len(xs) > 0 && !xs[0].Never && risky == "" {
			risky = e.ID
		}
		if e.Avoid && never == "" {
			never = e.ID
		}
		if len(xs) == 0 && e.Block != coach.Aerobic && safe == "" {
			safe = e.ID
		}
	}
	for _, c := range []struct{ name, body, field string }{
		{"unknown exercise", `{"exclude": "moonwalk", "reason": "x"}`, "exclude"},
		{"unknown added exercise", `{"add": "moonwalk", "dose": {"sets": 2, "reps": 8}, "reason": "x"}`, "add"},
		{"dose out of range", fmt.Sprintf(`{"add": %q, "dose": {"sets": 50, "reps": 8}, "reason": "x"}`, safe), "dose.sets"},
		{"no dose", fmt.Sprintf(`{"add": %q, "reason": "x"}`, safe), "dose"},
		{"no reason", fmt.Sprintf(`{"exclude": %q}`, safe), "reason"},
		{"cap out of range", `{"cap_minutes": 3, "reason": "x"}`, "cap_minutes"},
		{"review not a date", `{"review_on": "soon", "reason": "x"}`, "review_on"},
		{"two at once", fmt.Sprintf(`{"exclude": %q, "cap_minutes": 60, "reason": "x"}`, safe), "kind"},
		{"unknown field", `{"swap": "x", "reason": "x"}`, "swap"},
		{"never list, even confirmed", fmt.Sprintf(`{"add": %q, "dose": {"sets": 2, "reps": 8}, "reason": "x", "confirm_avoid": true}`, never), "add"},
		{"dose not an object", fmt.Sprintf(`{"add": %q, "dose": 3, "reason": "x"}`, safe), "dose"},
	} {
		wantProblem(t, c.name, doc.Call("POST", pat+"/overrides", "application/json", c.body), http.StatusUnprocessableEntity, c.field)
	}
	p = wantProblem(t, "avoid", doc.Call("POST", pat+"/overrides", "application/json",
		fmt.Sprintf(`{"add": %q, "dose": {"sets": 2, "reps": 8}, "reason": "supervised in clinic"}`, risky)), http.StatusUnprocessableEntity, "add")
	if !strings.Contains(p.Detail, "avoid") || !strings.Contains(p.Detail, "confirm_avoid") {
		t.Errorf("avoid says why and how to confirm: %q", p.Detail)
	}
	r := doc.Call("POST", pat+"/overrides", "application/json",
		fmt.Sprintf(`{"add": %q, "dose": {"sets": 2, "reps": 8}, "reason": "supervised in clinic", "confirm_avoid": true}`, risky))
	if r.StatusCode != http.StatusCreated || !strings.Contains(r.Body, `"confirmed_avoid":true`) {
		t.Errorf("confirmed avoid: %d %s", r.StatusCode, r.Body)
	}
	wantProblem(t, "empty note", doc.Call("POST", pat+"/notes", "application/json", `{"body": " "}`), http.StatusUnprocessableEntity, "body")
	wantProblem(t, "no note", doc.Call("POST", pat+"/notes", "application/json", `{}`), http.StatusUnprocessableEntity, "body")
	wantProblem(t, "no such override", doc.Call("DELETE", pat+"/overrides/12345", "", ""), http.StatusNotFound, "")
}

// A revoke on one instance ends access on the other at once.
func TestClinicRevokeAcrossInstances(t *testing.T) {
	t.Parallel()
	h1, h2 := servertest.TwoInstances(t)
	doc := h1.Clinician("doc@example.org", "Dr Rowe")
	ann := h1.Member("ann@example.org", servertest.WithToken())
	l := link(t, doc, ann)
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d", l.ID)
	call := func(h *servertest.Harness, m *servertest.Member, method, path string) servertest.Response {
		return h.Do(nil, method, path, "", "", "Authorization", "Bearer "+m.Bearer)
	}
	if r := call(h2, doc, "GET", pat); r.StatusCode != http.StatusOK {
		t.Fatalf("patient on instance 2: %d %s", r.StatusCode, r.Body)
	}
	if r := call(h1, ann, "DELETE", fmt.Sprintf("/api/v1/me/clinicians/%d", l.ID)); r.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke on instance 1: %d", r.StatusCode)
	}
	wantProblem(t, "patient on instance 2 after revoke", call(h2, doc, "GET", pat), http.StatusNotFound, "")
}
