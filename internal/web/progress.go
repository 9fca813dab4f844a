package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"time"

	"supple/internal/chart"
	"supple/internal/coach"
	"supple/internal/progress"
)

// ModerateGoal is the weekly moderate-activity goal the minutes chart is
// drawn against (WHO 2020: 150 minutes a week for adults).
const ModerateGoal = 150

// progressView is what the progress, share and summary pages show.
type progressView struct {
	Owner    bool // the member's own page: forms are shown
	NoPlan   bool
	HasLogs  bool
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
	Weeks              []weekSummary
	Excluded           []excludedView
	Sum                summary

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

type adjustmentView struct {
	Week   int
	Date   time.Time
	Change string
	Label  string
	Reason string
}

type weekSummary struct {
	Week, Sessions, Total, Moderate int
	Start                           time.Time
	When                            string // "done", "this week", "coming"
	Done                            int    // sessions logged as done
}

type excludedView struct {
	Name, ID, Reason string
}

// summary is the one-page summary's numbers.
type summary struct {
	Planned, Done, Partly int // planned session days so far, and how they went
	Adherence             int // % of planned session days done
	FirstPain, LastPain   float64
	HasPainTrend          bool
	PainDays              int // the window of the trend
	TotalMinutes          int
	AverageMinutes        int // per week so far
	WeeksAtGoal, Weeks    int
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
}

// buildProgress loads a member's adapted plan, logs and check-ins and
// turns them into charts and summaries.
func (s *Site) buildProgress(ctx context.Context, userID int64) (*progressView, error) {
	st, err := s.Progress.Current(ctx, userID, "")
	if errors.Is(err, progress.ErrNoPlan) {
		return &progressView{NoPlan: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web: progress of %d: %w", userID, err)
	}
	return s.progressOf(st), nil
}

func (s *Site) progressOf(st *progress.State) *progressView {
	pl := st.Plan
	start := truncateDay(pl.Start)
	today := truncateDay(st.Today)
	v := &progressView{Start: start, End: start.AddDate(0, 0, coach.PlanWeeks*7-1), Today: today, Week: st.Week, HasLogs: len(st.Logs) > 0,
		Referral: st.Result.Referral, profile: pl.Profile}
	if st.Result.Rescreen {
		v.Rescreen = st.Result.RescreenMessage
	}
	weeks := st.Result.Weeks
	if len(weeks) == 0 {
		weeks = pl.Result.Weeks // a referral keeps no weeks; the calendar still shows what was planned
	}
	plannedDay := func(n int) (session, inPlan bool) {
		w, d := n/7, n%7
		if n < 0 || w >= len(weeks) || d >= len(weeks[w].Days) {
			return false, false
		}
		return !weeks[w].Days[d].Rest, true
	}
	lib := s.Plans.Library()

	// Logs by day from the start; the range covers the plan and any
	// logged day after it.
	last := v.End
	type dayLogs struct {
		any     bool // a log of this day was read
		session *coach.Log
		active  bool
	}
	byDayLogs := make([]dayLogs, 0, max(coach.PlanWeeks*7, len(st.Logs)+7))
	byDay := func(n int) *dayLogs { // nil for a day without logs
		if n < 0 || n >= len(byDayLogs) || !byDayLogs[n].any {
			return nil
		}
		return &byDayLogs[n]
	}
	var painPts []chart.PainPoint
	weekMinutes := map[int]int{}
	for i := range st.Logs {
		l := &st.Logs[i]
		d, err := time.Parse(time.DateOnly, l.Date)
		if err != nil || d.Before(start) {
			continue
		}
		if d.After(last) {
			last = d
		}
		n := int(d.Sub(start).Hours() / 24)
		for len(byDayLogs) <= n {
			byDayLogs = append(byDayLogs, dayLogs{})
		}
		dl := &byDayLogs[n]
		dl.any = true
		if l.Kind == coach.KindSession {
			dl.session = l
			if l.PainBefore != nil || l.PainAfter != nil {
				painPts = append(painPts, chart.PainPoint{Date: d, Before: l.PainBefore, After: l.PainAfter})
			}
		} else if len(l.RedFlags) == 0 {
			dl.active = dl.active || l.Minutes() > 0
		}
		for _, it := range l.Items {
			if e, ok := lib.Get(it.Exercise); ok && it.Done && e.Block == coach.Aerobic {
				weekMinutes[n/7] += it.Minutes
			}
		}
	}

	// The calendar.
	days := make([]chart.CalendarDay, 0, int(last.Sub(start).Hours()/24)+1)
	sum := &v.Sum
	for n, d := 0, start; !d.After(last); n, d = n+1, d.AddDate(0, 0, 1) {
		session, inPlan := plannedDay(n)
		dl := byDay(n)
		st := chart.NoPlan
		switch {
		case dl != nil && dl.session != nil:
			st = sessionStatus(dl.session)
		case !inPlan && dl != nil && dl.active:
			st = chart.Done
		case inPlan && !session:
			st = chart.Rest
		case inPlan && d.Before(today):
			st = chart.Missed
		case inPlan:
			st = chart.Upcoming
		}
		if session && (d.Before(today) || (dl != nil && dl.session != nil)) {
			sum.Planned++
			switch st {
			case chart.Done:
				sum.Done++
			case chart.Partly:
				sum.Partly++
			}
		}
		days = append(days, chart.CalendarDay{Date: d, Status: st})
	}
	if sum.Planned > 0 {
		sum.Adherence = sum.Done * 100 / sum.Planned
	}
	v.Calendar = chart.Calendar("calendar", days)

	// Weekly minutes: the plan's weeks up to this one, and every week
	// with a log after them.
	nWeeks := 1
	if todayN := int(today.Sub(start).Hours() / 24); todayN >= 0 {
		nWeeks = min(todayN/7+1, coach.PlanWeeks)
	}
	for w := range weekMinutes {
		nWeeks = max(nWeeks, w+1)
	}
	var wm []chart.WeekMinutes
	for w := range nWeeks {
		planned := 0
		if w < len(weeks) {
			planned = weeks[w].ModerateMinutes
		}
		m := weekMinutes[w]
		wm = append(wm, chart.WeekMinutes{Label: fmt.Sprintf("Week %d", w+1), Start: start.AddDate(0, 0, 7*w), Minutes: m, Planned: planned})
		sum.TotalMinutes += m
		if m >= ModerateGoal {
			sum.WeeksAtGoal++
		}
	}
	sum.Weeks = nWeeks
	sum.AverageMinutes = sum.TotalMinutes / nWeeks
	v.Minutes = chart.Minutes("minutes", wm, ModerateGoal)
	v.Pain = chart.Pain("pain", painPts)
	sum.FirstPain, sum.LastPain, sum.PainDays, sum.HasPainTrend = painTrend(painPts)

	v.Outcomes = outcomes(pl.Profile.PainNow, st.Checkins)
	for _, a := range st.Result.Adjustments {
		v.Adjustments = append(v.Adjustments, adjustmentView{Week: a.Week, Date: coach.PlanDate(start, max(a.Week, 1), max(a.Day, 1)), Change: a.Change,
			Label: changeLabels[a.Change], Reason: a.Reason})
	}
	v.RecentAdjustments = v.Adjustments[max(len(v.Adjustments)-summaryAdjustments, 0):]
	v.EarlierAdjustments = len(v.Adjustments) - len(v.RecentAdjustments)
	for _, w := range st.Result.Weeks {
		ws := weekSummary{Week: w.Week, Total: w.TotalMinutes, Moderate: w.ModerateMinutes, Start: coach.PlanDate(start, w.Week, 1), When: "coming"}
		for di, d := range w.Days {
			if !d.Rest {
				ws.Sessions++
			}
			if dl := byDay((w.Week-1)*7 + di); dl != nil && dl.session != nil && dl.session.Done {
				ws.Done++
			}
		}
		switch {
		case w.Week < st.Week || (st.Week == 0 && today.After(start)):
			ws.When = "done"
		case w.Week == st.Week:
			ws.When = "this week"
		}
		v.Weeks = append(v.Weeks, ws)
	}
	for _, x := range st.Result.Excluded {
		ev := excludedView{ID: x.Exercise, Name: x.Exercise, Reason: x.Reason}
		if e, ok := lib.Get(x.Exercise); ok {
			ev.Name = e.Name
		}
		v.Excluded = append(v.Excluded, ev)
	}
	return v
}

// sessionStatus is how a logged session went: done, partly or missed.
func sessionStatus(l *coach.Log) chart.Status {
	done, notDone := 0, 0
	for _, it := range l.Items {
		if it.Done {
			done++
		} else {
			notDone++
		}
	}
	switch {
	case l.Done && notDone == 0:
		return chart.Done
	case l.Done || done > 0:
		return chart.Partly
	}
	return chart.Missed
}

// painTrend compares the average pain after sessions in the first and
// the last 7 days with a score.
func painTrend(pts []chart.PainPoint) (first, last float64, window int, ok bool) {
	var after []chart.PainPoint
	for _, p := range pts {
		if p.After != nil {
			after = append(after, p)
		}
	}
	if len(after) < 2 {
		return 0, 0, 0, false
	}
	avg := func(from, to time.Time) float64 {
		sum, n := 0, 0
		for _, p := range after {
			if !p.Date.Before(from) && !p.Date.After(to) {
				sum += *p.After
				n++
			}
		}
		return float64(sum) / float64(n)
	}
	a, b := after[0].Date, after[len(after)-1].Date
	return avg(a, a.AddDate(0, 0, 6)), avg(b.AddDate(0, 0, -6), b), 7, b.Sub(a) >= 7*24*time.Hour
}

// outcomes compares check-ins with the start: pain against the answer
// given when the plan was made, the PSFS against the first check-in.
func outcomes(painNow int, cs []progress.Checkin) []outcomeView {
	var out []outcomeView
	var pain []chart.Score
	for _, c := range cs {
		pain = append(pain, chart.Score{Label: fmt.Sprintf("Week %d", c.Week), Value: float64(c.Pain)})
	}
	po := outcomeView{Measure: "pain", Baseline: float64(painNow),
		Chart: chart.Outcome{ID: "checkin-pain", Title: "Pain at weekly check-ins", Measure: "pain", Baseline: float64(painNow), BaselineLabel: "Start (the plan's answers)", Max: 10}.Draw(pain)}
	if len(cs) > 0 {
		latest := cs[len(cs)-1].Pain
		delta, meaningful := progress.Change(painNow, latest)
		po.Latest, po.Change, po.Meaningful, po.Better = float64(latest), float64(delta), meaningful, delta < 0
		po.Text = painWords(painNow, latest)
	}
	out = append(out, po)

	var psfs []chart.Score
	for _, c := range cs {
		if len(c.PSFS) == 0 {
			continue
		}
		total := 0
		for _, a := range c.PSFS {
			total += a.Score
		}
		psfs = append(psfs, chart.Score{Label: fmt.Sprintf("Week %d", c.Week), Value: float64(total) / float64(len(c.PSFS))})
	}
	if len(psfs) > 0 {
		base := psfs[0].Value
		fo := outcomeView{Measure: "activity score", Baseline: base, Latest: psfs[len(psfs)-1].Value,
			Chart: chart.Outcome{ID: "checkin-psfs", Title: "Chosen activities (average score, 0 unable to 10 as before)", Measure: "activity score",
				Baseline: base, BaselineLabel: "First check-in", Max: 10, HigherBetter: true}.Draw(psfs)}
		fo.Change = fo.Latest - base
		fo.Meaningful, fo.Better = len(psfs) > 1 && fo.Change >= progress.PSFSMeaningfulAverage, fo.Change > 0
		fo.Text = psfsWords(base, fo.Latest, len(psfs))
		out = append(out, fo)
	}
	return out
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
// check-in's; n is the number of check-ins with scores.
func psfsWords(base, latest float64, n int) string {
	if n <= 1 {
		return "This is your starting point; later check-ins are compared with it."
	}
	d := latest - base
	s := fmt.Sprintf("Your activities %.1f/10 on average, against %.1f/10 at the first check-in", latest, base)
	r := math.Round(d*10) / 10
	switch {
	case d >= progress.PSFSMeaningfulAverage:
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
