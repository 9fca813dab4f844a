package coach_test

import (
	"testing"

	"supple/internal/coach"
)

// TestLibraryFrames: every rating column is rated and every easier/harder
// link names an exercise of the same block (the loader checks the values;
// TestLibraryPictures checks the two frames and their alt text).
func TestLibraryFrames(t *testing.T) {
	lib := mustLibrary(t)
	for _, e := range lib.All() {
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
