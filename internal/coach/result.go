package coach

import "fmt"

// Result is the coach's answer to a profile: a plan or a referral.
type Result struct {
	Status         string          `json:"status"` // "plan" or "referred"
	Referral       *Referral       `json:"referral,omitempty"`
	Advice         []string        `json:"advice"`
	Classification *Classification `json:"classification,omitempty"`
	Weeks          []Week          `json:"weeks,omitempty"`
	Excluded       []Excluded      `json:"excluded"`
	// Adjustments lists every change the logs made to the plan, oldest
	// first; Rescreen asks the person to answer the red-flag questions
	// again (RescreenMessage says why).
	Adjustments     []Adjustment `json:"adjustments"`
	Rescreen        bool         `json:"rescreen"`
	RescreenMessage string       `json:"rescreen_message,omitempty"`
}

// Adjustment is one change the logs made to the plan.
type Adjustment struct {
	Week int `json:"week"`
	// Day is the plan day (2-7) a change starts on within its week; 0
	// (left out of the JSON) when it starts with the week.
	Day    int    `json:"day,omitempty"`
	Change string `json:"change"` // hold, step_back, progress, exclude, swap, rescreen
	Reason string `json:"reason"`
	// Exercise is the exercise an "exclude" or "swap" is about.
	Exercise string `json:"exercise,omitempty"`
	// Prescription is the clinician's prescription (Prescription.ID) a
	// "prescription" change is about, so that a clinician's view can tell
	// their own from the member's other clinicians'.
	Prescription int64 `json:"prescription,omitempty"`
}

// Adjustment changes.
const (
	ChangeHold     = "hold"
	ChangeStepBack = "step_back"
	ChangeProgress = "progress"
	ChangeExclude  = "exclude"
	// ChangeSwap: an exercise marked too painful gives way to its easier
	// version (or is left out) for now, or comes back; or it is done
	// differently (shorter walking bouts).
	ChangeSwap     = "swap"
	ChangeRescreen = "rescreen"
)

// Classification sums up the episode.
type Classification struct {
	Duration  string `json:"duration"`  // acute, subacute, chronic
	Direction string `json:"direction"` // extension, flexion, neutral
}

// Week is one week of the plan.
type Week struct {
	Week            int   `json:"week"`
	TotalMinutes    int   `json:"total_minutes"`
	ModerateMinutes int   `json:"moderate_minutes"`
	Days            []Day `json:"days"`
}

// Day is one day; a rest day has no items.
type Day struct {
	Day   int    `json:"day"`
	Rest  bool   `json:"rest"`
	Items []Item `json:"items"`
}

// Item is one exercise with its dose and the reason it is there.
type Item struct {
	Exercise    string `json:"exercise"`
	Block       Block  `json:"block"`
	Minutes     int    `json:"minutes"`
	Sets        int    `json:"sets"`
	Reps        int    `json:"reps"`
	HoldSeconds int    `json:"hold_seconds"`
	Why         string `json:"why"`
}

// Excluded is an exercise left out of the plan, and why.
type Excluded struct {
	Exercise string `json:"exercise"`
	Reason   string `json:"reason"`
	// KindNotNeeded: the exercise is safe for the person and only not
	// needed (the plan has enough of its kind, or uses its easier or
	// harder step); KindRule: a rule, a rating or their own marks keep it
	// out. Pages show the first kind folded away.
	Kind string `json:"kind"`
	// Prescription is the clinician's prescription that left it out (0:
	// the plan's own rules did).
	Prescription int64 `json:"prescription,omitempty"`
}

// Kinds of Excluded.
const (
	KindRule      = "rule"       // a rule, a rating, the person's own marks, or a prescription keeps it out
	KindNotNeeded = "not_needed" // safe for the person; the plan has what it needs
)

// Plan statuses.
const (
	StatusPlan     = "plan"
	StatusReferred = "referred"
)

// DoseText says a dose in words, e.g. "2 × 8, hold 5 s" or "10 min".
func DoseText(d Dose) string {
	switch {
	case d.Minutes > 0:
		return fmt.Sprintf("%d min", d.Minutes)
	case d.Sets == 0:
		return "–"
	}
	s := fmt.Sprintf("%d × ", d.Sets)
	if d.Reps > 0 {
		s += fmt.Sprint(d.Reps)
		if d.HoldSeconds > 0 {
			s += fmt.Sprintf(", hold %d s", d.HoldSeconds)
		}
	} else {
		s += fmt.Sprintf("%d s hold", d.HoldSeconds)
	}
	if d.PerSide {
		s += " each side"
	}
	return s
}
