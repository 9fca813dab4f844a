package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"supple/internal/coach"
	"supple/internal/progress"
)

// olderPlan is the banner of an older plan's page: what became of it,
// and its exports.
type olderPlan struct {
	ID    int64
	Words string
}

// planWords says in a sentence when a plan ran and what became of it.
func planWords(p progress.PastPlan) string {
	start := p.Plan.Start.Format("2 January 2006")
	switch {
	case p.Status == progress.PlanActive:
		return "Your active plan: week 1 began on " + start + "."
	case p.Status == progress.PlanFinished:
		return fmt.Sprintf("Week 1 began on %s; its 12 weeks ended on %s.", start, p.End.Format("2 January 2006"))
	case p.Replaced.IsZero():
		return "Week 1 began on " + start + "; a newer plan replaced it."
	}
	return fmt.Sprintf("Week 1 began on %s; it was replaced on %s, when your next plan began.", start, p.Replaced.Format("2 January 2006"))
}

// planRow is one plan on /me/plans.
type planRow struct {
	progress.PastPlan
	Words    string
	Sessions int    // session days logged
	Made     string // "made at 07:40" when another plan began the same day
}

// myPlans lists every plan the member has saved, newest first.
func (s *Site) myPlans(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	all, err := s.Progress.History(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	loc, err := s.zoneOf(r)
	if err != nil {
		return err
	}
	starts := map[string]int{} // plans by the day they began
	for _, p := range all {
		starts[p.Plan.Start.Format(time.DateOnly)]++
	}
	rows := make([]planRow, 0, len(all))
	for _, p := range all {
		row := planRow{PastPlan: p, Words: planWords(p)}
		if starts[p.Plan.Start.Format(time.DateOnly)] > 1 {
			row.Made = "made at " + p.Plan.Created.In(loc).Format("15:04")
		}
		for _, l := range p.Logs {
			if l.Kind == coach.KindSession {
				row.Sessions++
			}
		}
		rows = append(rows, row)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "plans", &Page{Title: "Your plans", NoIndex: true, Data: rows})
}

// pastPlan is the member's plan named by the path (any of theirs), or
// the 404 page.
func (s *Site) pastPlan(r *http.Request, userID int64) (progress.PastPlan, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return progress.PastPlan{}, errNotFound
	}
	p, err := s.Progress.PastPlan(r.Context(), userID, id)
	if errors.Is(err, progress.ErrNotFound) {
		return p, errNotFound
	}
	return p, err
}

// myOldPlan shows one of the member's plans read-only, made again from
// its inputs and adapted to its logs; the active one lives at /me/plan.
func (s *Site) myOldPlan(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	return s.olderPlanPage(w, r, v.User.ID, id)
}

// olderPlanPage shows the member's plan id read-only, or sends them to
// /me/plan when it is their active one.
func (s *Site) olderPlanPage(w http.ResponseWriter, r *http.Request, userID, id int64) error {
	p, err := s.Progress.PastPlan(r.Context(), userID, id)
	if errors.Is(err, progress.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if p.Status == progress.PlanActive {
		http.Redirect(w, r, "/me/plan", http.StatusSeeOther)
		return nil
	}
	pl := *p.Plan
	pl.Result = p.Result
	data, err := s.planData(r, &pl, true)
	if err != nil {
		return err
	}
	data.Older = &olderPlan{ID: pl.ID, Words: planWords(p)}
	for wi := range data.Weeks { // no day of an older plan is today
		for di := range data.Weeks[wi].Days {
			data.Weeks[wi].Days[di].IsToday = false
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "plan", &Page{Title: "An older plan", NoIndex: true, Data: data})
}

// oldPlanCSV downloads one of the member's plans' logs as CSV.
func (s *Site) oldPlanCSV(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	p, err := s.pastPlan(r, v.User.ID)
	if err != nil {
		return err
	}
	return s.writeLogsCSV(w, p.Logs, fmt.Sprintf("supple-plan-%s-logs.csv", p.Plan.Start.Format("2006-01-02")))
}

// oldPlanFHIR downloads one of the member's plans' logs as FHIR R4.
func (s *Site) oldPlanFHIR(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	p, err := s.pastPlan(r, v.User.ID)
	if err != nil {
		return err
	}
	return s.writeLogsFHIR(w, r, v.User.ID, p.Logs, p.Checkins, fmt.Sprintf("supple-plan-%s-fhir.json", p.Plan.Start.Format("2006-01-02")))
}
