package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/clinic"
	"supple/internal/servertest"
)

// wrongCode is the i-th code of the right form that no invite has.
func wrongCode(i int) string {
	const alphabet = "ACDEFGHJKMNPQRTUVWXY34679"
	return fmt.Sprintf("ACDE%c%c%c%c", alphabet[i/125%25], alphabet[i/25%5], alphabet[i%25], alphabet[(i/5)%25])
}

// TestInviteCodeGuessesAreLimited: wrong invite codes are counted per
// member account and per client network; past either limit the API
// answers 429 with Retry-After and the limit in words, even for a code
// that works, and a code that works does not count.
func TestInviteCodeGuessesAreLimited(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	try := func(m *servertest.Member, code string) servertest.Response {
		return m.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, code))
	}
	n := 0
	var members []*servertest.Member
	for i := range clinic.CodeFailuresPerNetwork / clinic.CodeFailuresPerAccount {
		m := h.Member(fmt.Sprintf("guess%d@example.org", i), servertest.WithToken())
		members = append(members, m)
		for range clinic.CodeFailuresPerAccount {
			if r := try(m, wrongCode(n)); r.StatusCode != http.StatusNotFound {
				t.Fatalf("wrong code %d: %d %s, want 404", n, r.StatusCode, r.Body)
			}
			n++
		}
	}
	r := try(members[0], invite(t, doc))
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "10 wrong codes an hour for one account") ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("past the account's limit: %d %q %s, want 429 with Retry-After naming the limit", r.StatusCode, r.Header.Get("Retry-After"), r.Body)
	}
	fresh := h.Member("fresh@example.org", servertest.WithToken())
	if r := try(fresh, wrongCode(n)); r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "30 wrong codes an hour from one network") {
		t.Errorf("past the network's limit: %d %s, want 429 naming it", r.StatusCode, r.Body)
	}
}

// TestRightCodesDoNotCount: linking with working codes never uses up the
// member's allowance.
func TestRightCodesDoNotCount(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org", servertest.WithToken())
	for i := range clinic.CodeFailuresPerAccount + 1 {
		doc := h.Clinician(fmt.Sprintf("doc%d@example.org", i), "")
		if r := m.Call("POST", "/api/v1/me/clinicians", "application/json", fmt.Sprintf(`{"code": %q}`, invite(t, doc))); r.StatusCode != http.StatusCreated {
			t.Fatalf("link %d: %d %s", i, r.StatusCode, r.Body)
		}
	}
}
