package web

import "testing"

// The plan page folds advice after its first sentence, but never the
// coach's core advice (staying active, the pain rule, when to seek help)
// nor any piece that says when to stop.
func TestFoldAdvice(t *testing.T) {
	core := []string{"Stay active. Bed rest does not help.", "The pain rule: up to 5. If it goes above 5, do less.", "Stop and get help at once if …. Or call.", "Stop an exercise if …. Then answer again."}
	for _, tc := range []struct {
		name, advice, first, more string
	}{
		{"plan words fold", "With the time you have, your plan reaches 102 minutes. The rest goes to strength.", "With the time you have, your plan reaches 102 minutes.", "The rest goes to strength."},
		{"a stop sign stays whole", "Tell your midwife about this plan. Stop and contact them now if you bleed.", "Tell your midwife about this plan. Stop and contact them now if you bleed.", ""},
		{"a lower-case stop stays whole", "Walk in bouts. Rest or stop when you need to.", "Walk in bouts. Rest or stop when you need to.", ""},
		{"one sentence", "Balance practice works best on 3 days a week.", "Balance practice works best on 3 days a week.", ""},
		{"no split inside a number", "Aim for 2.5 hours a week. Start small.", "Aim for 2.5 hours a week.", "Start small."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := foldAdvice(append(append([]string{}, core...), tc.advice))
			for i, c := range core {
				if got[i].First != c || got[i].More != "" {
					t.Errorf("core advice %d folded: %+v", i, got[i])
				}
			}
			if last := got[len(core)]; last.First != tc.first || last.More != tc.more {
				t.Errorf("got %+v, want %q + %q", last, tc.first, tc.more)
			}
		})
	}
}
