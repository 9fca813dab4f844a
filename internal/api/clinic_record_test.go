package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"supple/internal/servertest"
)

// The patient response carries the answers the plan is built from
// (profile); the member's access record says how they consented (over
// the API here) and stays readable, with the notes, after the link
// ended, while the clinician gets 404 as the contract says.
func TestClinicRecordOverTheAPI(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	l := link(t, doc, ann)
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d", l.ID)
	r := doc.Call("GET", pat, "", "")
	p := servertest.Decode[struct {
		Profile *struct {
			MinutesPerDay int      `json:"minutes_per_day"`
			DaysPerWeek   int      `json:"days_per_week"`
			WorseWith     []string `json:"worse_with"`
		} `json:"profile"`
	}](t, r)
	if r.StatusCode != http.StatusOK || p.Profile == nil || p.Profile.MinutesPerDay != servertest.Profile.MinutesPerDay || p.Profile.DaysPerWeek != servertest.Profile.DaysPerWeek {
		t.Fatalf("the patient's profile: %d %s", r.StatusCode, r.Body)
	}
	if r := doc.Call("POST", pat+"/notes", "application/json", `{"body": "Keep the walks short."}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("note: %d %s", r.StatusCode, r.Body)
	}
	mine := fmt.Sprintf("/api/v1/me/clinicians/%d", l.ID)
	type record struct {
		Access  []struct{ What string } `json:"access"`
		Consent struct {
			Shown   []string  `json:"shown"`
			At      time.Time `json:"at"`
			Channel string    `json:"channel"`
		} `json:"consent"`
	}
	acc := servertest.Decode[record](t, ann.Call("GET", mine+"/access", "", ""))
	if acc.Consent.Channel != "api" || len(acc.Consent.Shown) == 0 || acc.Consent.At.IsZero() || len(acc.Access) == 0 {
		t.Errorf("the access record: %+v, want the consent given over the api and the views", acc)
	}
	if r := ann.Call("DELETE", mine, "", ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.StatusCode, r.Body)
	}
	if r := doc.Call("GET", pat, "", ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("the clinician after the end: %d, want 404", r.StatusCode)
	}
	if r := ann.Call("GET", mine+"/notes", "", ""); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Keep the walks short.") {
		t.Errorf("the member's notes after the end: %d %s, want them readable", r.StatusCode, r.Body)
	}
	if r := ann.Call("POST", mine+"/notes", "application/json", `{"body": "hello?"}`); r.StatusCode != http.StatusNotFound {
		t.Errorf("a new note after the end: %d, want 404", r.StatusCode)
	}
	if r := ann.Call("GET", mine+"/access", "", ""); r.StatusCode != http.StatusOK || servertest.Decode[record](t, r).Consent.Channel != "api" {
		t.Errorf("the member's access record after the end: %d %s", r.StatusCode, r.Body)
	}
}

// A link whose stored consent does not list the answers gets profile
// null (attack review 3, M1).
func TestClinicProfileNeedsTheAnswersConsent(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	l := link(t, doc, ann)
	h.OlderConsent(t, l.ID)
	r := doc.Call("GET", fmt.Sprintf("/api/v1/clinic/patients/%d", l.ID), "", "")
	p := servertest.Decode[map[string]any](t, r)
	if prof, ok := p["profile"]; r.StatusCode != http.StatusOK || !ok || prof != nil || p["plan"] == nil {
		t.Fatalf("the patient of a link without the answers consent: %d %s", r.StatusCode, r.Body)
	}
}
