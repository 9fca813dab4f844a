package coach

import "fmt"

// inPlace says what the plan has instead of a left-out exercise: the
// first exercise of the same block it plans (issue 15: a left-out card
// says why it is out and what replaces it, never how to do it). "" when
// the plan has none.
func (b *builder) inPlace(e *Exercise) string {
	if b.notForThisPerson(e) {
		return ""
	}
	for _, w := range b.weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				if it.Block == e.Block && it.Exercise != e.ID && it.Exercise != PelvicFloor {
					return fmt.Sprintf(" In its place your plan has %s.", exerciseName(b.lib, it.Exercise))
				}
			}
		}
	}
	return ""
}

// notForThisPerson: an exercise planned only for others (the pelvic
// floor outside pregnancy, heel drops outside the osteoporosis rules,
// seated aerobic work for someone who does not use a wheelchair), whose
// card says so without naming a replacement (clinical review 2, L11: the
// replacement clause made no sense for them).
func (b *builder) notForThisPerson(e *Exercise) bool {
	switch {
	case e.ID == PelvicFloor:
		return b.p.PregnancyWeeks == 0
	case e.ID == "heel-drops":
		return !b.p.boneLoading()
	}
	return wheelchairAerobic(e) && b.p.MobilityAid != AidWheelchair
}
