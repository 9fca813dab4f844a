package web_test

import (
	"strings"
	"testing"

	"supple/internal/servertest"
)

// TestSiteSearchFindsExercises: site search finds exercises by name and
// by alias, lists them before the articles and says they are exercises.
func TestSiteSearchFindsExercises(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, tc := range []struct {
		q         string
		want      []string // in this order
		notWanted []string
	}{
		{"sphinx", []string{`<p class="card-kicker">Exercise</p>`, `<a href="/exercises/sphinx">Sphinx</a>`, `<p class="card-kicker">Article · `}, []string{`href="/exercises/cobra"`}},
		{"prone on elb", []string{`<a href="/exercises/sphinx">Sphinx</a>`, `Also called “prone on elbows”.`}, nil},
		{"McKenzie", []string{`<a href="/exercises/prone-press-up">`, `Also called “McKenzie press-up”.`}, []string{`href="/exercises/sphinx"`}},
		{"aqua aerobics", []string{`href="/exercises/water-aerobics"`}, nil},
		{"sciatica", []string{`<p class="card-kicker">Article · `}, []string{`<p class="card-kicker">Exercise`}},
	} {
		page := h.Get(nil, "/search?q="+strings.ReplaceAll(tc.q, " ", "+")).Body
		at := 0
		for _, w := range tc.want {
			i := strings.Index(page[at:], w)
			if i < 0 {
				t.Errorf("%q: %q missing or out of order", tc.q, w)
				break
			}
			at += i + len(w)
		}
		for _, w := range tc.notWanted {
			if strings.Contains(page, w) {
				t.Errorf("%q: found %q", tc.q, w)
			}
		}
	}
	if page := h.Get(nil, "/search?q=sphinx").Body; strings.Contains(page, "0 results") || strings.Contains(page, ">1 result for") {
		t.Error("the count leaves the exercise out")
	}
}
