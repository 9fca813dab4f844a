package coach_test

import (
	"regexp"
	"strings"
	"testing"

	"supple/internal/coach"
)

var frameLabel = regexp.MustCompile(`<text class="label"[^>]*>([^<]+)</text>`)

// TestLibraryFrames: every exercise's picture has two frames, start and
// end, side by side, and its alt text describes both, in order, with the
// drawing's own labels; every rating column is rated (the loader checks
// the values and the easier/harder links).
func TestLibraryFrames(t *testing.T) {
	lib := mustLibrary(t)
	for _, e := range lib.All() {
		labels := frameLabel.FindAllStringSubmatch(e.SVG, -1)
		if len(labels) != 2 || !strings.Contains(e.SVG, `x1="160" y1="10" x2="160" y2="150"`) {
			t.Errorf("%s: %d frame labels, or no divider between two frames", e.ID, len(labels))
			continue
		}
		first, second := labels[0][1]+": ", labels[1][1]+": "
		i, j := strings.Index(e.ImageAlt, first), strings.Index(e.ImageAlt, second)
		if i != 0 || j <= i {
			t.Errorf("%s: alt text %q does not describe %q then %q", e.ID, e.ImageAlt, first, second)
		}
		if !strings.Contains(e.SVG, `class="fig-head"`) {
			t.Errorf("%s: no figure drawn", e.ID)
		}
		for _, c := range coach.RatingColumns {
			if _, ok := e.Ratings[c]; !ok {
				t.Errorf("%s: no rating for %s", e.ID, c)
			}
		}
		for _, id := range []string{e.Easier, e.Harder} {
			if x, ok := lib.Get(id); id != "" && (!ok || x.Block != e.Block) {
				t.Errorf("%s: easier/harder %q is not an exercise of the same block", e.ID, id)
			}
		}
	}
}
