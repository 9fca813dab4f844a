package clinic

import (
	"strings"
	"testing"

	"supple/internal/coach"
)

// A clinician is told the condition in words, never a rating column's
// name: leg pain below the knee brings the disc ratings (rule V7) under a
// column of its own, which must not read "radicular".
func TestAvoidErrorWordsTheCondition(t *testing.T) {
	for _, tc := range []struct {
		condition, want, not string
	}{
		{coach.RadicularColumn, "rated avoid for leg pain below the knee: leg pain below the knee takes the disc herniation ratings", "radicular"},
		{"spinal_stenosis", "rated avoid for spinal stenosis", "for spinal_stenosis"},
	} {
		ex := &coach.Exercise{ID: "childs-pose", Notes: map[string]string{}, Ratings: map[string]coach.Rating{"disc_herniation": coach.Avoid, "spinal_stenosis": coach.Avoid}}
		err := avoidFor(ex, []string{tc.condition})
		if err == nil {
			t.Fatalf("%s: no avoid error", tc.condition)
		}
		if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, tc.not) {
			t.Errorf("%s: %q", tc.condition, msg)
		}
	}
}
