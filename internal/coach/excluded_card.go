package coach

import "fmt"

// inPlace says what the plan has instead of a left-out exercise: the
// first exercise of the same block it plans (issue 15: a left-out card
// says why it is out and what replaces it, never how to do it). "" when
// the plan has none.
func (b *builder) inPlace(e *Exercise) string {
	for _, w := range b.weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				if it.Block == e.Block && it.Exercise != e.ID {
					return fmt.Sprintf(" In its place your plan has %s.", exerciseName(b.lib, it.Exercise))
				}
			}
		}
	}
	return ""
}
