package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/clinic"
	"supple/internal/servertest"
)

// TestConsentPageLimitsWrongCodes: the consent page (GET with ?code=) and
// its form share the wrong-code limit; past it both answer 429 with the
// message on the page, and never name a clinician.
func TestConsentPageLimitsWrongCodes(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Clinician("doc@example.org", "Dr Ada Rowe")
	m := h.Member("ann@example.org")
	for i := range clinic.CodeFailuresPerAccount {
		r := h.Get(m.Client, fmt.Sprintf("/me/clinicians/link?code=ACDEFG%c%c", "ACDEFGHJKM"[i], 'X'))
		if r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "doc@example.org") {
			t.Fatalf("wrong code %d: %d, want 404 without the clinician", i, r.StatusCode)
		}
	}
	for _, r := range []servertest.Response{
		h.Get(m.Client, "/me/clinicians/link?code=ACDEFGQX"),
		m.Post("/me/clinicians", url.Values{"code": {"ACDEFGRX"}, "consent": {"yes"}}),
	} {
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "at most 10 wrong codes an hour for one account") {
			t.Errorf("past the limit: %d %q, want 429 with the message", r.StatusCode, r.Header.Get("Retry-After"))
		}
	}
}
