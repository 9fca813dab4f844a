package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/account"
	"supple/internal/servertest"
)

// TestClinicianSetsTheirName: a clinician names themself on the invites
// page (patients see it instead of the email address). A name over 80
// characters or with control characters is refused with the message, and
// an empty one brings the email address back.
func TestClinicianSetsTheirName(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	doc := h.Clinician("doc@example.org", "")
	page := h.Get(doc.Client, "/clinic/invites").Body
	if !strings.Contains(page, `action="/clinic/name"`) {
		t.Fatal("the invites page has no name form")
	}
	for _, tc := range []struct{ name, want string }{
		{strings.Repeat("a", 81), "longer than 80 characters"},
		{"Dr\x07Rowe", "name"},
	} {
		r := doc.Post("/clinic/name", url.Values{"name": {tc.name}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="name-error"`) || !strings.Contains(strings.ToLower(r.Body), tc.want) {
			t.Errorf("name %q: %d, want 422 with a message about %q", tc.name, r.StatusCode, tc.want)
		}
	}
	if r := doc.Post("/clinic/name", url.Values{"name": {"Dr Ada Rowe"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a good name: %d", r.StatusCode)
	}
	if page := h.Get(doc.Client, "/clinic/invites").Body; !strings.Contains(page, `value="Dr Ada Rowe"`) {
		t.Error("the form does not show the saved name")
	}
	u := &account.User{ID: doc.ID, Email: doc.Email, Role: account.Clinician}
	if got, err := h.Srv.Clinic.Name(t.Context(), u); err != nil || got != "Dr Ada Rowe" {
		t.Errorf("name %q, %v", got, err)
	}
	if r := doc.Post("/clinic/name", url.Values{"name": {""}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("an empty name: %d", r.StatusCode)
	}
	if got, _ := h.Srv.Clinic.Name(t.Context(), u); got != "" {
		t.Errorf("after clearing: %q", got)
	}
	if r := h.Form(doc.Client, "/clinic/name", url.Values{"name": {"X"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("without the form token: %d, want 403", r.StatusCode)
	}
}
