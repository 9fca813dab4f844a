package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// TestRatingIsRememberedAfterAReload: a reader who voted sees their vote
// on a plain later visit (their reader cookie is the only thing that
// knows them), with the stars checked to change it; a reader who has not
// voted, or voted on another article, gets the page kept in memory.
func TestRatingIsRememberedAfterAReload(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	voter := h.Client()
	if r := h.Form(voter, servertest.Pillar+"/rating", url.Values{"stars": {"4"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("vote: %d", r.StatusCode)
	}
	yours := `You rated this 4 <span aria-hidden="true">★</span><span class="visually-hidden">stars</span> — change?`
	for _, tc := range []struct {
		name string
		c    *http.Client
		path string
		want bool
	}{
		{"voter, reload", voter, servertest.Pillar, true},
		{"voter, another article", voter, "/articles/scoliosis-and-exercise", false},
		{"new reader", h.Client(), servertest.Pillar, false},
	} {
		r := h.Get(tc.c, tc.path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.name, r.StatusCode)
		}
		if got := strings.Contains(r.Body, yours); got != tc.want {
			t.Errorf("%s: shows the vote %v, want %v", tc.name, got, tc.want)
		}
		if tc.want {
			if !strings.Contains(r.Body, `value="4" required checked`) || !strings.Contains(r.Body, "Change my rating") {
				t.Errorf("%s: the form does not start from the vote", tc.name)
			}
			if visible(r.Body, "rate-thanks") {
				t.Errorf("%s: the thanks of the vote is shown again on a later visit", tc.name)
			}
			if r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: a page with the reader's vote is cacheable (%q)", tc.name, r.Header.Get("Cache-Control"))
			}
		}
	}
}
