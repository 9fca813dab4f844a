package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// TestClinicianSeesOnlyTheirOwnPrescriptions: with two clinicians on one
// member, each clinician's patient view (API, web page, report) words
// the other's prescriptions neutrally, without their name, email or
// reason; the member's own plan keeps them all.
func TestClinicianSeesOnlyTheirOwnPrescriptions(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	one := h.Clinician("one@example.org", "Dr Ada Rowe")
	two := h.Clinician("two@example.org", "Dr Bea Stone")
	ann := h.Member("ann@example.org", servertest.WithToken())
	clk.Set(servertest.Day(3))
	l1, l2 := link(t, one, ann), link(t, two, ann)
	for _, rx := range []struct {
		doc      *servertest.Member
		id       int64
		ex, text string
	}{{one, l1.ID, "cat-cow", "reason of the first clinician"}, {two, l2.ID, "bird-dog", "post-op discectomy, keep it out"}} {
		r := rx.doc.Call("POST", fmt.Sprintf("/api/v1/clinic/patients/%d/overrides", rx.id), "application/json", fmt.Sprintf(`{"exclude": %q, "reason": %q}`, rx.ex, rx.text))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("prescribe: %d %s", r.StatusCode, r.Body)
		}
	}
	base := fmt.Sprintf("/api/v1/clinic/patients/%d", l1.ID)
	web := fmt.Sprintf("/clinic/patients/%d", l1.ID)
	views := map[string]string{
		"API":    one.Call("GET", base, "", "").Body,
		"page":   h.Get(one.Client, web).Body,
		"report": h.Get(one.Client, web+"/report").Body,
	}
	for name, body := range views {
		for _, secret := range []string{"two@example.org", "Dr Bea Stone", "post-op discectomy"} {
			if strings.Contains(body, secret) {
				t.Errorf("the first clinician's %s shows the other clinician's %q", name, secret)
			}
		}
	}
	if !strings.Contains(views["API"], "reason of the first clinician") {
		t.Error("the clinician's own prescription reason is missing from the API view")
	}
	if !strings.Contains(views["API"], "Another of the member's clinicians changed this part of the plan.") {
		t.Error("the other clinician's prescription is not named neutrally in the API view")
	}
	mine := ann.Call("GET", "/api/v1/me/plan", "", "").Body
	for _, want := range []string{"Dr Ada Rowe", "reason of the first clinician", "Dr Bea Stone", "post-op discectomy"} {
		if !strings.Contains(mine, want) {
			t.Errorf("the member's own plan lacks %q", want)
		}
	}
}
