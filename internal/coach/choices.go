package coach

import "time"

// Choices are the inputs of a plan besides its profile and library: what
// the member chose (swaps) and what a linked clinician prescribed. Like
// the library, they act from a date on, so that days already lived never
// change.
type Choices struct {
	// Swaps maps an exercise the plan would use to the alternative the
	// member picked; it applies where the alternative is eligible.
	Swaps map[string]Swap `json:"swaps,omitempty"`
	// Prescriptions are a clinician's overrides, oldest first.
	Prescriptions []Prescription `json:"prescriptions,omitempty"`
}

// Swap is one member choice: use With instead of the exercise, from From.
type Swap struct {
	With string    `json:"with"`
	From time.Time `json:"from"` // the first plan day it applies to
}

// Prescription kinds.
const (
	PrescribeExclude    = "exclude"     // leave Exercise out
	PrescribeAdd        = "add"         // plan Exercise at Dose
	PrescribeCapMinutes = "cap_minutes" // at most CapMinutes minutes a week
	PrescribeReviewOn   = "review_on"   // the clinician reviews the plan on ReviewOn
)

// Prescription is one clinician override. The engine obeys it on top of
// its own rules, and safety still wins: the pain-monitoring rule and the
// red flags act after it.
type Prescription struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	Exercise   string    `json:"exercise,omitempty"`    // exclude, add
	Dose       *Dose     `json:"dose,omitempty"`        // add
	CapMinutes int       `json:"cap_minutes,omitempty"` // cap_minutes
	ReviewOn   string    `json:"review_on,omitempty"`   // review_on, YYYY-MM-DD
	Reason     string    `json:"reason"`
	By         string    `json:"by"` // the clinician's name, as the member sees it
	From       time.Time `json:"from"`
	// Until is the first plan day it no longer applies to, once the
	// clinician removed it or the link ended (zero: still in force). Days
	// before it keep it, so that lived days never change.
	Until time.Time `json:"until,omitzero"`
	// ConfirmedAvoid is set when the clinician confirmed adding an
	// exercise rated avoid for one of the member's conditions.
	ConfirmedAvoid bool `json:"confirmed_avoid,omitempty"`
	// Confirmed are the contraindications the confirmation covered
	// (ConfirmationKeys at the time, rule C1). Another one that appears
	// later (a new condition, a pregnancy week, a fracture, a wheelchair)
	// pauses the exercise until the clinician confirms again.
	Confirmed []string `json:"confirmed,omitempty"`
	// paused is why an add is paused by a caution rating that came after
	// it was prescribed (newCautions; AdaptAcross sets it, rule V1).
	paused string
}
