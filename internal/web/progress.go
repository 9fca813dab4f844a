package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"time"

	"supple/internal/chart"
	"supple/internal/coach"
	"supple/internal/progress"
)

// progressView is what the progress, share and summary pages show.
type progressView struct {
	Owner    bool // the member's own page: forms are shown
	NoPlan   bool
	HasLogs  bool // logs of this plan, or sessions with pain scores of an earlier one
	Earlier  int  // sessions of earlier plans on the pain chart
	Start    time.Time
	End      time.Time // last day of the plan's 12 weeks
	Today    time.Time
	Week     int // today's plan week; 0 outside the plan
	Referral *coach.Referral
	Rescreen string

	Pain, Minutes, Calendar chart.Chart
	Outcomes                []outcomeView
	Adjustments             []adjustmentView
	// RecentAdjustments are the newest changes, for the one-page summary;
	// EarlierAdjustments counts the ones it leaves to the progress page.
	RecentAdjustments  []adjustmentView
	EarlierAdjustments int
	Weeks              []progress.WeekSummary
	Excluded           []excludedView
	// The summary's short form of Excluded: the ones left out because of
	// the answers (LeftOut, the first few named), and how many more are
	// safe but not needed.
	LeftOut      []excludedView
	LeftOutNamed []excludedView
	LeftOutMore  int // the ones of LeftOut not named
	NotNeeded    int
	Sum          progress.Summary

	// share links (the member's own page only)
	Shares   []progress.Share
	New      *progress.NewShare
	NewURL   string
	Form     shareForm
	Choices  []int // link lifetimes in days
	Revoked  bool
	About    []fact // what the member told us (share page only)
	profile  coach.Profile
	Shared   *progress.Share // the link a visitor came through
	ShareURL string          // that link's page, for the summary's back link
}

type outcomeView struct {
	Chart            chart.Chart
	Measure          string
	Baseline, Latest float64
	Change           float64
	Meaningful       bool
	Better           bool   // the change is in the good direction
	Text             string // the comparison in plain sentences
}

// summaryAdjustments is how many of the newest plan changes the one-page
// summary lists, so that it stays one A4 page whatever the history.
const summaryAdjustments = 4

// summaryLeftOutNames is how many of the exercises left out because of
// the answers the one-page summary names; the plan page lists them all.
const summaryLeftOutNames = 5

// summaryReason is how much of a prescription's wording the one-page
// summary and report show; the plan page has it all.
const summaryReason = 200

type adjustmentView struct {
	Week   int
	Date   time.Time
	Change string
	Label  string
	Reason string
}

type excludedView struct {
	Name, ID, Reason string
}

type shareForm struct {
	Days   int
	Label  string
	Errors map[string]string
}

var changeLabels = map[string]string{
	coach.ChangeHold:     "Held at the same level",
	coach.ChangeStepBack: "Eased back",
	coach.ChangeProgress: "Moved forward",
	coach.ChangeExclude:  "Left an exercise out",
	coach.ChangeSwap:     "Changed an exercise",
	coach.ChangeRescreen: "Asked to check the warning signs again",
	coach.ChangeLibrary:  "The exercise library was updated",
	"prescription":       "Your clinician changed the plan",
}

// buildProgress loads a member's adapted plan, logs and check-ins and
// turns them into charts and summaries.
func (s *Site) buildProgress(ctx context.Context, userID int64) (*progressView, error) {
	return s.buildProgressAs(ctx, userID, nil)
}

// buildProgressAs is buildProgress with the state reworded by as first
// (nil: as the member reads it).
func (s *Site) buildProgressAs(ctx context.Context, userID int64, as func(*progress.State)) (*progressView, error) {
	st, err := s.Progress.Current(ctx, userID, "")
	if errors.Is(err, progress.ErrNoPlan) {
		return &progressView{NoPlan: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web: progress of %d: %w", userID, err)
	}
	if as != nil {
		as(st)
	}
	return s.progressOf(st), nil
}

func (s *Site) progressOf(st *progress.State) *progressView {
	lib := s.Plans.Library()
	sum := progress.Summarize(st, lib)
	v := &progressView{Start: sum.Start.Time, End: sum.End.Time, Today: sum.Today.Time, Week: st.Week, HasLogs: len(st.Logs) > 0 || sum.Pain.Earlier > 0, Earlier: sum.Pain.Earlier,
		Referral: st.Result.Referral, profile: st.Plan.Profile, Sum: sum, Weeks: sum.Weeks}
	if st.Result.Rescreen {
		v.Rescreen = st.Result.RescreenMessage
	}
	days := make([]chart.CalendarDay, 0, len(sum.Days))
	for _, d := range sum.Days {
		days = append(days, chart.CalendarDay{Date: d.Date.Time, Status: chart.Status(d.Status)})
	}
	v.Calendar = chart.Calendar("calendar", days)
	wm := make([]chart.WeekMinutes, 0, len(sum.Minutes.ByWeek))
	for _, w := range sum.Minutes.ByWeek {
		wm = append(wm, chart.WeekMinutes{Label: fmt.Sprintf("Week %d", w.Week), Start: w.Start.Time, Minutes: w.Minutes, Planned: w.Planned})
	}
	v.Minutes = chart.Minutes("minutes", wm, sum.Minutes.Goal)
	var pts []chart.PainPoint
	for _, p := range sum.Pain.Points {
		pts = append(pts, chart.PainPoint{Date: p.Date.Time, Before: p.Before, After: p.After})
	}
	v.Pain = chart.PainSince("pain", pts, sum.Start.Time)
	v.Outcomes = outcomes(sum.Checkins)
	for _, a := range st.Result.Adjustments {
		v.Adjustments = append(v.Adjustments, adjustmentView{Week: a.Week, Date: coach.PlanDate(sum.Start.Time, max(a.Week, 1), max(a.Day, 1)), Change: a.Change,
			Label: changeLabels[a.Change], Reason: a.Reason})
	}
	v.RecentAdjustments = slices.Clone(v.Adjustments[max(len(v.Adjustments)-summaryAdjustments, 0):])
	for i, a := range v.RecentAdjustments { // a clinician's reason is free text: the one-page views cut it
		if a.Change == coach.ChangePrescription {
			v.RecentAdjustments[i].Reason = cut(a.Reason, summaryReason)
		}
	}
	v.EarlierAdjustments = len(v.Adjustments) - len(v.RecentAdjustments)
	for _, x := range st.Result.Excluded {
		ev := excludedView{ID: x.Exercise, Name: x.Exercise, Reason: x.Reason}
		if e, ok := lib.Get(x.Exercise); ok {
			ev.Name = e.Name
		}
		v.Excluded = append(v.Excluded, ev)
		if x.Kind == coach.KindNotNeeded {
			v.NotNeeded++
		} else {
			v.LeftOut = append(v.LeftOut, ev)
		}
	}
	v.LeftOutNamed = v.LeftOut[:min(len(v.LeftOut), summaryLeftOutNames)]
	v.LeftOutMore = len(v.LeftOut) - len(v.LeftOutNamed)
	return v
}

// outcomes draws the check-ins against the start: pain against the answer
// given when the plan was made, the activities against the first
// check-in (progress.Compare).
func outcomes(o progress.Outcomes) []outcomeView {
	var pain []chart.Score
	for _, p := range o.Pain.Series {
		pain = append(pain, chart.Score{Label: fmt.Sprintf("Week %d", p.Week), Value: p.Value})
	}
	base := float64(o.Pain.Baseline)
	po := outcomeView{Measure: "pain", Baseline: base,
		Chart: chart.Outcome{ID: "checkin-pain", Title: "Pain at weekly check-ins", Measure: "pain", Baseline: base, BaselineLabel: "Start (the plan's answers)", Max: 10}.Draw(pain)}
	if l := o.Pain.Latest; l != nil {
		po.Latest, po.Change, po.Meaningful, po.Better = float64(*l), float64(o.Pain.Change), o.Pain.Meaningful, o.Pain.Change < 0
		po.Text = painWords(o.Pain.Baseline, *l)
	}
	out := []outcomeView{po}
	p := o.PSFS
	if p == nil {
		return out
	}
	var psfs []chart.Score
	for _, c := range p.Series {
		psfs = append(psfs, chart.Score{Label: fmt.Sprintf("Week %d", c.Week), Value: c.Value})
	}
	fo := outcomeView{Measure: "activity score", Baseline: p.Baseline, Latest: p.Latest, Change: p.Change, Meaningful: p.Meaningful, Better: p.Change > 0,
		Chart: chart.Outcome{ID: "checkin-psfs", Title: "Chosen activities (average score, 0 unable to 10 as before)", Measure: "activity score",
			Baseline: p.Baseline, BaselineLabel: "First check-in", Max: 10, HigherBetter: true}.Draw(psfs)}
	fo.Text = psfsWords(*p)
	return append(out, fo)
}

// myProgress is the member's progress page.
func (s *Site) myProgress(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	pv, err := s.buildProgress(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	var f progressFlash
	if _, err := s.takeFlash(r, "progress", &f); err != nil {
		return err
	}
	if f.New != nil {
		pv.New, pv.NewURL = f.New, s.abs("/share/"+f.New.Token)
	}
	pv.Revoked = f.Revoked
	return s.showMyProgress(w, r, http.StatusOK, pv, v.User.ID, "")
}

func (s *Site) showMyProgress(w http.ResponseWriter, r *http.Request, status int, pv *progressView, userID int64, alert string) error {
	pv.Owner, pv.Choices = true, progress.ShareDays
	if pv.Form.Days == 0 {
		pv.Form.Days = 30
	}
	var err error
	if pv.Shares, err = s.Progress.Shares(r.Context(), userID); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "progress", &Page{Title: "My progress", NoIndex: true, Alert: alert, AlertLink: alertLink(alert), Data: pv})
}

func alertLink(alert string) string {
	if alert == "" {
		return ""
	}
	return "#share"
}

// mySummary is the member's printable one-page summary.
func (s *Site) mySummary(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	pv, err := s.buildProgress(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	pv.Owner = true
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "summary", &Page{Title: "Progress summary", NoIndex: true, Data: pv})
}

// painTarget is the highest pain score that would be a meaningful change
// from baseline (progress.Change); ok is false when none would be.
func painTarget(baseline int) (target int, ok bool) {
	for v := baseline; v >= 0; v-- {
		if _, meaningful := progress.Change(baseline, v); meaningful {
			return v, true
		}
	}
	return 0, false
}

// painWords puts pain now against the plan's starting answer in plain
// sentences, the same on the progress, share, summary and check-in pages.
func painWords(baseline, now int) string {
	delta, meaningful := progress.Change(baseline, now)
	var s string
	switch {
	case delta < 0 && meaningful:
		return fmt.Sprintf("Pain %d/10, against %d/10 at the start: %d %s less, a meaningful change.", now, baseline, -delta, plural(-delta, "point", "points"))
	case delta < 0:
		s = fmt.Sprintf("Pain %d/10, against %d/10 at the start.", now, baseline)
	case delta == 0:
		s = fmt.Sprintf("Pain %d/10, the same as at the start.", now)
	default:
		return fmt.Sprintf("Pain %d/10, against %d/10 at the start: %d %s more. If it keeps rising, or you are worried, talk to a doctor or physiotherapist.",
			now, baseline, delta, plural(delta, "point", "points"))
	}
	if t, ok := painTarget(baseline); ok {
		s += fmt.Sprintf(" A meaningful change would be 2 points or 30%% less (%d/10 or lower).", t)
	}
	return s
}

// psfsWords puts the average activity score against the first
// check-in's, as progress.Compare measured it.
func psfsWords(p progress.PSFSOutcome) string {
	switch {
	case p.Scored <= 1:
		return "This is your starting point; later check-ins are compared with it."
	case p.Compared == 0:
		return "None of these activities was scored at the first check-in, so there is no change to show yet."
	}
	s := fmt.Sprintf("Your activities %.1f/10 on average, against %.1f/10 at the first check-in", p.Latest, p.Baseline)
	r := math.Round(p.Change*10) / 10
	switch {
	case p.Meaningful:
		return s + fmt.Sprintf(": %s points higher, a meaningful change.", one(r))
	case r > 0:
		s += fmt.Sprintf(": %s %s higher.", one(r), plural2(r))
	case r < 0:
		s += fmt.Sprintf(": %s %s lower.", one(-r), plural2(-r))
	default:
		s += ": no change yet."
	}
	return s + " A meaningful change would be about 2 points higher on average (3 for one activity)."
}

// one formats a score with one decimal, none when whole.
func one(f float64) string {
	if f == math.Trunc(f) {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}

func plural2(f float64) string {
	if f == 1 {
		return "point"
	}
	return "points"
}
