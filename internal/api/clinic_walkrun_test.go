package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// Walk-run cannot be prescribed, confirmed or not (coach rule V10;
// clinical review 3, H1): 422 on add, naming brisk walking.
func TestPrescribedWalkRunIsRefused(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	l := link(t, doc, ann)
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d/overrides", l.ID)
	for _, confirm := range []bool{false, true} {
		r := doc.Call("POST", pat, "application/json", fmt.Sprintf(`{"add": "walk-run", "dose": {"sets": 1, "minutes": 30}, "reason": "back to running", "confirm_avoid": %v}`, confirm))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"add"`) || !strings.Contains(r.Body, "brisk walking") {
			t.Fatalf("confirm %v: %d %s, want 422 on add naming brisk walking", confirm, r.StatusCode, r.Body)
		}
	}
}
