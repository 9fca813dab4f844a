package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/account"
	"supple/internal/servertest"
)

// TestDemotedClinicianLosesTheirPatients: when a clinician's role goes,
// their links end at once (the member's list drops them, their
// prescription stops acting on the plan), their open invites stop
// working, and a later promotion brings no access back without a new
// code.
func TestDemotedClinicianLosesTheirPatients(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	l := link(t, doc, ann)
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d", l.ID)
	if r := doc.Call("POST", pat+"/overrides", "application/json", `{"exclude": "cat-cow", "reason": "keep flexion out"}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("prescribe: %d %s", r.StatusCode, r.Body)
	}
	open := invite(t, doc)
	clk.Set(servertest.Day(3))
	ctx := t.Context()
	if err := h.Srv.Accounts.SetRole(ctx, "admin@example.org", doc.Email, account.Member); err != nil {
		t.Fatal(err)
	}
	if r := ann.Call("GET", "/api/v1/me/clinicians", "", ""); strings.Contains(r.Body, "Dr Ada Rowe") {
		t.Errorf("the member still lists the demoted clinician: %s", r.Body)
	}
	if _, adj := planDays(t, ann); !strings.Contains(adj, "no longer applies") {
		t.Errorf("the prescription does not end with the role:\n%s", adj)
	}
	if err := h.Srv.Accounts.SetRole(ctx, "admin@example.org", doc.Email, account.Clinician); err != nil {
		t.Fatal(err)
	}
	doc.Login()
	if r := doc.Call("GET", pat, "", ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("re-promoted clinician GET the old patient: %d, want 404", r.StatusCode)
	}
	if r := ann.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, open)); r.StatusCode != http.StatusNotFound {
		t.Errorf("an invite made before the demotion: %d, want 404", r.StatusCode)
	}
}
