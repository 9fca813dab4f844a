package progress

import (
	"math"
	"time"

	"supple/internal/coach"
)

// The numbers of a member's progress are computed here, once, and only
// rendered by the web pages (progress, one-page summary, shared links)
// and the API.

// Date is a calendar day; it marshals as YYYY-MM-DD.
type Date struct{ time.Time }

// MarshalJSON writes the day as YYYY-MM-DD.
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.Format(time.DateOnly) + `"`), nil
}

// DayStatus is what happened on a day of the plan.
type DayStatus string

// Day statuses.
const (
	DayDone     DayStatus = "done"     // the session (or logged activity) was done
	DayPartly   DayStatus = "partly"   // some of the session was done
	DayMissed   DayStatus = "missed"   // a planned session day passed without one
	DayRest     DayStatus = "rest"     // a rest day in the plan
	DayUpcoming DayStatus = "upcoming" // a planned session still to come
	DayNone     DayStatus = "none"     // outside the plan, nothing logged
)

// Day is one day of the calendar, from the plan's first day.
type Day struct {
	Date   Date      `json:"date"`
	Status DayStatus `json:"status"`
	// Earlier: the status is a session logged that day on an earlier
	// plan (the plan's own counts leave it out).
	Earlier bool `json:"-"`
}

// Summary is what a member's logs and check-ins add up to.
type Summary struct {
	Start Date `json:"start_date"`
	End   Date `json:"end_date"` // the last day of the plan's weeks
	Today Date `json:"today"`

	Sessions Sessions      `json:"sessions"`
	Minutes  Minutes       `json:"minutes"`
	Pain     PainTrend     `json:"pain_after_sessions"`
	Checkins Outcomes      `json:"checkins"`
	Weeks    []WeekSummary `json:"weeks"` // the adapted plan's weeks with what was done in them
	Days     []Day         `json:"-"`     // the calendar, from the first day to the last of the plan or of the logs
}

// Sessions counts the planned session days so far (days passed, and
// today once logged) and how much of them was done. A partly done
// session counts for the share of its exercises done: two of four done
// is half a session.
type Sessions struct {
	Planned   int     `json:"planned"`
	Done      float64 `json:"done"`   // sessions done, a partly done one counted for its share
	Full      int     `json:"full"`   // sessions done in full
	Partly    int     `json:"partly"` // sessions done in part
	Adherence int     `json:"adherence_percent"`
	// Earlier counts the days of this plan with a session logged on an
	// earlier plan only (a plan replaced the same day): they are shown
	// done in the day list and left out of the counts above.
	Earlier int `json:"-"`
}

// Minutes are the moderate (aerobic) minutes done, in sessions and
// outside them, by week of the plan, against the weekly goal.
type Minutes struct {
	Goal           int           `json:"goal"`
	Total          int           `json:"total"`
	AveragePerWeek int           `json:"average_per_week"`
	WeeksAtGoal    int           `json:"weeks_at_goal"`
	ByWeek         []WeekMinutes `json:"by_week"`
	// Earlier are the minutes, in ByWeek and Total, of sessions logged
	// on an earlier plan on this plan's days: minutes follow the person.
	Earlier int `json:"-"`
}

// WeekMinutes are one week's moderate minutes, done and planned.
type WeekMinutes struct {
	Week    int  `json:"week"`
	Start   Date `json:"start"`
	Minutes int  `json:"minutes"`
	Planned int  `json:"planned"`
}

// PainPoint is the pain before and after one logged session.
type PainPoint struct {
	Date          Date `json:"date"`
	Before, After *int `json:"-"`
	Earlier       bool `json:"-"` // logged on an earlier plan
}

// PainTrend compares the average pain after sessions in the first 7 days
// with a score and in the last 7; OK is false until the scores span a
// week.
type PainTrend struct {
	OK     bool        `json:"ok"`
	First  float64     `json:"first_week_average"`
	Last   float64     `json:"last_week_average"`
	Points []PainPoint `json:"-"` // the earlier plans' first, then this plan's
	// Earlier counts the points from the member's earlier plans; the
	// averages are this plan's alone.
	Earlier int `json:"-"`
}

// WeekSummary is one week of the adapted plan and what was done in it.
type WeekSummary struct {
	Week     int     `json:"week"`
	Start    Date    `json:"start"`
	Sessions int     `json:"sessions"` // planned session days
	Done     float64 `json:"done"`     // sessions done, counting parts
	Total    int     `json:"total_minutes"`
	Moderate int     `json:"moderate_minutes"`
	When     string  `json:"when"` // "done", "this week" or "coming"
}

// Summarize adds up a member's progress: the plan as adapted (st), with
// exercises looked up in lib. It is pure: the same state gives the same
// numbers, on every page and in the API.
func Summarize(st *State, lib *coach.Library) Summary {
	start := dateOnly(st.Plan.Start)
	today := dateOnly(st.Today)
	s := Summary{Start: Date{start}, End: Date{start.AddDate(0, 0, coach.PlanWeeks*7-1)}, Today: Date{today}}
	weeks := st.Result.Weeks
	if len(weeks) == 0 {
		weeks = st.Plan.Result.Weeks // a referral keeps no weeks; the calendar still shows what was planned
	}
	days := byDay(st.Logs, start)
	early := byDay(st.Earlier, start)
	last := s.End.Time
	if d := start.AddDate(0, 0, len(days)-1); d.After(last) {
		last = d // a day logged after the plan's weeks
	}
	for n, d := 0, start; !d.After(last); n, d = n+1, d.AddDate(0, 0, 1) {
		session, inPlan := plannedDay(weeks, n)
		dl := dayAt(days, n)
		if e := dayAt(early, n).session; dl.session == nil && e != nil {
			s.Sessions.Earlier++
			s.Days = append(s.Days, Day{Date: Date{d}, Status: sessionStatus(e), Earlier: true})
			continue
		}
		status := dayStatus(dl, session, inPlan, d.Before(today))
		if session && (d.Before(today) || dl.session != nil) {
			s.Sessions.count(status, dl.session)
		}
		s.Days = append(s.Days, Day{Date: Date{d}, Status: status})
	}
	if s.Sessions.Planned > 0 {
		s.Sessions.Adherence = int(math.Round(s.Sessions.Done * 100 / float64(s.Sessions.Planned)))
	}
	s.Minutes = minutes(days, early, weeks, start, today, lib)
	s.Pain = painTrend(st.Logs, start)
	s.Pain.addEarlier(st.Earlier)
	s.Checkins = Compare(st.Plan.Profile.PainNow, st.Checkins)
	for _, w := range st.Result.Weeks {
		ws := WeekSummary{Week: w.Week, Total: w.TotalMinutes, Moderate: w.ModerateMinutes, Start: Date{coach.PlanDate(start, w.Week, 1)}, When: "coming"}
		for di, d := range w.Days {
			if !d.Rest {
				ws.Sessions++
			}
			if l := dayAt(days, (w.Week-1)*7+di).session; l != nil {
				ws.Done += SessionShare(l)
			}
		}
		switch {
		case w.Week < st.Week || (st.Week == 0 && today.After(start)):
			ws.When = "done"
		case w.Week == st.Week:
			ws.When = "this week"
		}
		s.Weeks = append(s.Weeks, ws)
	}
	return s
}

func (c *Sessions) count(status DayStatus, l *coach.Log) {
	c.Planned++
	switch status {
	case DayDone:
		c.Full++
	case DayPartly:
		c.Partly++
	}
	if l != nil {
		c.Done += SessionShare(l)
	}
}

// SessionShare is how much of a logged session was done, from 0 to 1:
// the share of its exercises marked done (all of it when it was marked
// done without exercises).
func SessionShare(l *coach.Log) float64 {
	if len(l.Items) == 0 {
		if l.Done {
			return 1
		}
		return 0
	}
	done := 0
	for _, it := range l.Items {
		if it.Done {
			done++
		}
	}
	return float64(done) / float64(len(l.Items))
}

// dayLogs are the logs of one day of the plan.
type dayLogs struct {
	session *coach.Log
	active  bool // activity outside the plan was logged
	logs    []*coach.Log
}

// byDay groups logs by day from the plan's start; logs before it are left
// out.
func byDay(logs []coach.Log, start time.Time) []dayLogs {
	var days []dayLogs
	for i := range logs {
		l := &logs[i]
		d, err := time.Parse(time.DateOnly, l.Date)
		if err != nil || d.Before(start) {
			continue
		}
		n := int(d.Sub(start).Hours() / 24)
		for len(days) <= n {
			days = append(days, dayLogs{})
		}
		dl := &days[n]
		dl.logs = append(dl.logs, l)
		if l.Kind == coach.KindSession {
			dl.session = l
		} else if len(l.RedFlags) == 0 {
			dl.active = dl.active || l.Minutes() > 0
		}
	}
	return days
}

func dayAt(days []dayLogs, n int) dayLogs {
	if n < 0 || n >= len(days) {
		return dayLogs{}
	}
	return days[n]
}

// plannedDay says whether day n of the plan (from 0) is a session day,
// and whether it is in the plan at all.
func plannedDay(weeks []coach.Week, n int) (session, inPlan bool) {
	w, d := n/7, n%7
	if n < 0 || w >= len(weeks) || d >= len(weeks[w].Days) {
		return false, false
	}
	return !weeks[w].Days[d].Rest, true
}

func dayStatus(dl dayLogs, session, inPlan, past bool) DayStatus {
	switch {
	case dl.session != nil:
		return sessionStatus(dl.session)
	case !inPlan && dl.active:
		return DayDone
	case inPlan && !session:
		return DayRest
	case inPlan && past:
		return DayMissed
	case inPlan:
		return DayUpcoming
	}
	return DayNone
}

// sessionStatus is how a logged session went: done, partly or missed.
func sessionStatus(l *coach.Log) DayStatus {
	switch share := SessionShare(l); {
	case l.Done && share == 1:
		return DayDone
	case l.Done || share > 0:
		return DayPartly
	}
	return DayMissed
}

// minutes adds up the aerobic minutes done by week: the plan's weeks up
// to this one, and every week with a log after them. early are the
// sessions of earlier plans on this plan's days; their minutes count too.
func minutes(days, early []dayLogs, weeks []coach.Week, start, today time.Time, lib *coach.Library) Minutes {
	byWeek := map[int]int{}
	earlier := 0
	for i, list := range [][]dayLogs{days, early} {
		for n, dl := range list {
			for _, l := range dl.logs {
				for _, it := range l.Items {
					if e, ok := lib.Get(it.Exercise); ok && it.Done && e.Block == coach.Aerobic {
						byWeek[n/7] += it.Minutes
						if i == 1 {
							earlier += it.Minutes
						}
					}
				}
			}
		}
	}
	nWeeks := 1
	if todayN := int(today.Sub(start).Hours() / 24); todayN >= 0 {
		nWeeks = min(todayN/7+1, coach.PlanWeeks)
	}
	for w := range byWeek {
		nWeeks = max(nWeeks, w+1)
	}
	m := Minutes{Goal: coach.ModerateGoal, Earlier: earlier}
	for w := range nWeeks {
		wm := WeekMinutes{Week: w + 1, Start: Date{start.AddDate(0, 0, 7*w)}, Minutes: byWeek[w]}
		if w < len(weeks) {
			wm.Planned = weeks[w].ModerateMinutes
		}
		m.ByWeek = append(m.ByWeek, wm)
		m.Total += wm.Minutes
		if wm.Minutes >= m.Goal {
			m.WeeksAtGoal++
		}
	}
	m.AveragePerWeek = m.Total / nWeeks
	return m
}

// painTrend compares the average pain after sessions in the first and
// the last 7 days with a score.
func painTrend(logs []coach.Log, start time.Time) PainTrend {
	var t PainTrend
	var after []PainPoint
	for _, l := range logs {
		d, err := time.Parse(time.DateOnly, l.Date)
		if err != nil || d.Before(start) || l.Kind != coach.KindSession || (l.PainBefore == nil && l.PainAfter == nil) {
			continue
		}
		p := PainPoint{Date: Date{d}, Before: l.PainBefore, After: l.PainAfter}
		t.Points = append(t.Points, p)
		if p.After != nil {
			after = append(after, p)
		}
	}
	if len(after) < 2 {
		return t
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
	a, b := after[0].Date.Time, after[len(after)-1].Date.Time
	t.First, t.Last, t.OK = avg(a, a.AddDate(0, 0, 6)), avg(b.AddDate(0, 0, -6), b), b.Sub(a) >= 7*24*time.Hour
	return t
}

// addEarlier puts the sessions of earlier plans with a pain score before
// this plan's points, marked, so that the chart follows the person.
func (t *PainTrend) addEarlier(logs []coach.Log) {
	var pts []PainPoint
	for _, l := range logs {
		d, err := time.Parse(time.DateOnly, l.Date)
		if err != nil || l.Kind != coach.KindSession || (l.PainBefore == nil && l.PainAfter == nil) {
			continue
		}
		pts = append(pts, PainPoint{Date: Date{d}, Before: l.PainBefore, After: l.PainAfter, Earlier: true})
	}
	t.Earlier = len(pts)
	t.Points = append(pts, t.Points...)
}

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
