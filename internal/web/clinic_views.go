package web

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The clinician's pages and the member's clinicians pages load the chart
// and summary sheet (progress.css) and their own (clinic.css).
var clinicSheets = map[string][]string{
	"clinic": {"progress.css", "clinic.css"}, "clinic-patient": {"progress.css", "clinic.css"},
	"clinic-report": {"progress.css", "clinic.css"}, "clinic-invites": {"progress.css", "clinic.css"},
	"clinicians": {"progress.css", "clinic.css"}, "clinicians-consent": {"progress.css", "clinic.css"},
	"clinicians-end": {"progress.css", "clinic.css"},
}

// clinicianNotSees is what a linked clinician cannot see: the consent
// screen lists it after clinic.Consent, and the privacy page repeats both.
var clinicianNotSees = []string{
	"your password, your signed-in devices, your share links or your calendar feed",
	"anything of yours after you end access",
	"your links with other clinicians",
}

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
	Word      string // rising, falling, steady
	Words     string // the figure
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

// The coach words its adjustments and left-out exercises to the member
// ("your physio removed cat-cow from your plan"). On the clinician's
// pages they speak about the patient: thirdPerson rewords them.
var (
	removedRE = regexp.MustCompile(`[Yy]our physio ([^:]+?) removed (.+?) from your plan`)
	physioRE  = regexp.MustCompile(`[Yy]our physio `)
	youWords  = strings.NewReplacer(
		"Your plan", "The plan", "your plan", "the plan",
		"You are", "The patient is", "you are", "the patient is",
		"You have", "The patient has", "you have", "the patient has",
		"You were", "The patient was", "you were", "the patient was",
		" you are", " the patient is",
		"Your ", "The patient's ", "your ", "the patient's ",
		"You ", "The patient ", " you ", " the patient ",
	)
)

// thirdPersonKeeping is thirdPerson, but an ending of s found in keep (a
// clinician's reason) stays as it was written.
func thirdPersonKeeping(s string, keep []string) string {
	for _, k := range keep {
		if k != "" && strings.HasSuffix(s, k) {
			return thirdPerson(strings.TrimSuffix(s, k)) + k
		}
	}
	return thirdPerson(s)
}

func thirdPerson(s string) string {
	s = removedRE.ReplaceAllString(s, "$1 left out $2")
	s = physioRE.ReplaceAllString(s, "")
	return youWords.Replace(s)
}

// aboutThePatient rewords a patient's progress for their clinician; the
// clinicians' own reasons (a prescription's, at the end of its change)
// stay as they wrote them.
func aboutThePatient(v *progressView, reasons []string) {
	for _, list := range [][]adjustmentView{v.Adjustments, v.RecentAdjustments} {
		for i := range list {
			list[i].Reason = thirdPersonKeeping(list[i].Reason, reasons)
			if list[i].Change == "prescription" {
				list[i].Label = "A clinician's prescription"
			}
		}
	}
	for i := range v.Excluded {
		v.Excluded[i].Reason = thirdPerson(v.Excluded[i].Reason)
	}
}
