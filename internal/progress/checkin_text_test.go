package progress_test

import (
	"testing"

	"supple/internal/progress"
)

// A check-in's activity names are held to the text policy.
func TestCheckCheckinText(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{{"putting on socks", true}, {"socks\x00", false}, {"socks\u2066", false}, {"socks\xff", false}, {"socks\nshoes", false}} {
		e := progress.CheckCheckin(progress.Checkin{Pain: 3, PSFS: []progress.PSFSActivity{{Activity: tt.name, Score: 4}}})
		if (len(e) == 0) != tt.ok || !tt.ok && e.For("psfs[0].activity") == "" {
			t.Errorf("%q: %v", tt.name, e)
		}
	}
}
