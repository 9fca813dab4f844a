package web

import (
	"fmt"
	"time"
)

// The clinician's pages and the member's clinicians pages load the chart
// and summary sheet (progress.css) and their own (clinic.css).
var clinicSheets = map[string][]string{
	"clinic": {"progress.css", "clinic.css"}, "clinic-patient": {"progress.css", "clinic.css"},
	"clinic-report": {"progress.css", "clinic.css"}, "clinic-invites": {"progress.css", "clinic.css"},
	"clinicians": {"progress.css", "clinic.css"}, "clinicians-consent": {"progress.css", "clinic.css"},
}

// What a linked clinician sees, can do and cannot see: the consent screen
// lists these before the member agrees, and the privacy page repeats them.
var (
	clinicianSees = []string{
		"your email address, which is how they tell you apart from their other patients",
		"your active plan as it adapts, with the answers it was made from (age, pain, how long, leg pain, what makes it better or worse, conditions such as pregnancy or osteoporosis, activity level, time available)",
		"every session and activity you log, with its pain scores and your notes",
		"your weekly check-ins (pain and the activities you chose, with their scores)",
		"your answers when the warning-sign questions are asked again",
		"the changes the plan made and why, your progress charts, and a one-page report and FHIR export of all this",
		"the notes you and they write to each other",
	}
	clinicianDoes = []string{
		"leave an exercise out of your plan, add one at a dose they choose, cap your weekly minutes or set a review date, always with a reason you can read",
		"write you notes, which show on your Today page",
	}
	clinicianNotSees = []string{
		"your password, your signed-in devices, your share links or your calendar feed",
		"anything of yours after you end access",
		"other people's links to other clinicians",
	}
)

// flagWords put the dashboard's flags (the API's codes) into words.
var flagWords = map[string]string{
	"referral":         "Referred: warning signs",
	"rescreen_pending": "Warning-sign questions due",
	"spreading":        "Symptoms spreading",
	"flare":            "Flare-up",
	"pain_rising":      "Pain rising",
	"no_logs_7_days":   "No logs for 7 days",
	"review_due":       "Review due",
}

// flagView is one flag: its code (for the class) and its words.
type flagView struct{ Code, Word string }

func flagViews(codes []string) []flagView {
	out := make([]flagView, 0, len(codes))
	for _, c := range codes {
		w, ok := flagWords[c]
		if !ok {
			w = c
		}
		out = append(out, flagView{Code: c, Word: w})
	}
	return out
}

// trendView is a pain trend: an arrow (rising is bad) and its figure.
type trendView struct {
	Direction string // up, down, flat
	Arrow     string
	Words     string
}

// painTrend words the change between two average pain scores out of 10;
// a change under half a point is flat.
func painTrend(first, last float64) *trendView {
	d := last - first
	t := &trendView{Direction: "flat", Arrow: "→"}
	switch {
	case d >= 0.5:
		t.Direction, t.Arrow = "up", "↑"
	case d <= -0.5:
		t.Direction, t.Arrow = "down", "↓"
	}
	word := map[string]string{"up": "rising", "down": "falling", "flat": "steady"}[t.Direction]
	t.Words = fmt.Sprintf("%s: %s/10, from %s/10 (%+.1f)", word, one(round1(last)), one(round1(first)), round1(d))
	return t
}

func round1(f float64) float64 {
	if f < 0 {
		return -float64(int(-f*10+0.5)) / 10
	}
	return float64(int(f*10+0.5)) / 10
}

// patientRow is one line of the dashboard, and the patient page's glance.
type patientRow struct {
	ID        int64
	Name      string
	NoPlan    bool
	Flags     []flagView
	Adherence string // "9 of 10 planned sessions (90%)"; "" when none was planned
	Pain      *trendView
	Checkins  []string // the check-ins against baseline, one sentence a measure
	LastLog   time.Time
	Review    string // the review date in words, "" without one
}

// noteView is one note of a thread.
type noteView struct {
	From string
	Mine bool // written by whoever reads the page
	At   time.Time
	Text string
	link int64 // the link's id, for the way to the thread
}

// Link is the member's thread the note belongs to.
func (n noteView) Link() string { return fmt.Sprintf("/me/clinicians#clinician-%d", n.link) }
