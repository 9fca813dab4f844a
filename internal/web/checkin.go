package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"supple/internal/coach"
	"supple/internal/progress"
	"supple/internal/validate"
)

// psfsRow is one activity line of the check-in form.
type psfsRow struct {
	Index         int
	Fixed         bool // named at the first check-in, so scored again as it is
	Activity      string
	Score         string
	ActivityError string
	ScoreError    string
}

func (p psfsRow) ActivityField() string { return fmt.Sprintf("psfs_%d_activity", p.Index) }
func (p psfsRow) ScoreField() string    { return fmt.Sprintf("psfs_%d_score", p.Index) }

// change is a score against its baseline, in words.
type change struct {
	What       string
	Baseline   int
	Now        int
	Text       string
	Meaningful bool
}

type checkinData struct {
	Week      int
	Done      *progress.Checkin // this week's check-in, once made
	Form      answers
	Rows      []psfsRow
	Pain      *change
	PSFS      []change
	PSFSTotal *change
	Checkins  []progress.Checkin
	First     bool
	Notice    string
}

func (s *Site) checkin(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.memberPage(r)
	if err != nil {
		return err
	}
	d := checkinFor(st, answers{Values: url.Values{}})
	if r.URL.Query().Get("done") != "" && d.Done != nil {
		d.Notice = "Thank you: this week’s check-in is saved."
	}
	return s.renderCheckin(w, r, http.StatusOK, d)
}

func (s *Site) renderCheckin(w http.ResponseWriter, r *http.Request, status int, d checkinData) error {
	p := &Page{Title: "Weekly check-in", NoIndex: true, Data: d}
	if len(d.Form.Errors) > 0 {
		p.Alert, p.AlertLink = "Please check the answers marked below; everything you entered is kept.", "#checkin-form"
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "checkin", p)
}

// checkinFor builds the check-in page: the form (with the first
// check-in's activities), and the latest scores against the baseline.
func checkinFor(st *progress.State, f answers) checkinData {
	d := checkinData{Week: st.Week, Form: f, Checkins: st.Checkins, First: len(st.Checkins) == 0}
	for i := range st.Checkins {
		if st.Checkins[i].Week == st.Week {
			d.Done = &st.Checkins[i]
		}
	}
	var base []progress.PSFSActivity
	if len(st.Checkins) > 0 {
		base = st.Checkins[0].PSFS
	}
	for i := range progress.MaxPSFS {
		row := psfsRow{Index: i}
		row.Activity, row.Score = f.Get(row.ActivityField()), f.Get(row.ScoreField())
		if i < len(base) {
			row.Fixed, row.Activity = true, base[i].Activity
		} else if len(base) > 0 {
			continue // the activities were chosen at the first check-in
		}
		row.ActivityError, row.ScoreError = f.Err(row.ActivityField()), f.Err(row.ScoreField())
		d.Rows = append(d.Rows, row)
	}
	o := progress.Compare(st.Plan.Profile.PainNow, st.Checkins)
	if l := o.Pain.Latest; l != nil {
		d.Pain = painChange(o.Pain.Baseline, *l)
	}
	if o.PSFS != nil {
		d.PSFS, d.PSFSTotal = psfsChanges(*o.PSFS)
	}
	return d
}

// painChange compares pain now with the plan's starting answer: about 2
// points or 30% less is a meaningful change (clinical.md section 7).
func painChange(baseline, now int) *change {
	_, meaningful := progress.Change(baseline, now)
	return &change{What: "Pain", Baseline: baseline, Now: now, Meaningful: meaningful, Text: painWords(baseline, now)}
}

// psfsChanges are the activities scored at the first check-in and now,
// and their average, in words: 2 points on the average or 3 on one
// activity is a meaningful change.
func psfsChanges(p progress.PSFSOutcome) ([]change, *change) {
	total := &change{What: "Average", Meaningful: p.Meaningful, Text: psfsWords(p)}
	if p.Scored <= 1 {
		return nil, total
	}
	var out []change
	for _, a := range p.Activities {
		if a.Baseline == nil {
			continue
		}
		out = append(out, change{What: a.Activity, Baseline: *a.Baseline, Now: a.Now, Meaningful: a.Meaningful,
			Text: scoreText(a.Change, a.Meaningful, "3 points on one activity")})
	}
	return out, total
}

func scoreText(delta int, meaningful bool, rule string) string {
	switch {
	case delta > 0 && meaningful:
		return fmt.Sprintf("%d %s better, a meaningful change (%s counts).", delta, plural(delta, "point", "points"), rule)
	case delta > 0:
		return fmt.Sprintf("%d %s better; %s counts as a clear change.", delta, plural(delta, "point", "points"), rule)
	case delta == 0:
		return "no change yet."
	}
	return fmt.Sprintf("%d %s lower.", -delta, plural(-delta, "point", "points"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (s *Site) checkinPost(w http.ResponseWriter, r *http.Request) error {
	v, st, f, err := s.memberPost(r)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(st.Checkins, func(c progress.Checkin) bool { return c.Week == st.Week }) {
		// A second check-in this week (a stale tab): say so before anything else.
		p := &Page{Title: "Weekly check-in", NoIndex: true, Alert: "This week already has a check-in, so nothing was stored twice. The next one opens next week.", Data: checkinFor(st, answers{})}
		w.Header().Set("Cache-Control", "no-store")
		return s.render(w, r, http.StatusConflict, "checkin", p)
	}
	c := progress.Checkin{}
	// The form reads the numbers; their ranges are progress.CheckCheckin's.
	score := func(field, what string) (int, bool) {
		raw := strings.TrimSpace(f.Get(field))
		n, err := strconv.Atoi(raw)
		switch {
		case raw == "":
			f.Errors.Add(field, "Please choose "+what)
		case err != nil:
			f.Errors.Add(field, scoreWording)
		default:
			return n, true
		}
		return 0, false
	}
	c.Pain, _ = score("pain", "how bad your back pain is now, from 0 (no pain) to 10 (worst imaginable)")
	d := checkinFor(st, f)
	for _, row := range d.Rows {
		name := strings.TrimSpace(row.Activity)
		if name == "" && strings.TrimSpace(row.Score) == "" {
			continue
		}
		if name == "" {
			f.Errors.Add(row.ActivityField(), "Please name the activity you scored, such as “putting on socks”")
			continue
		}
		n, ok := score(row.ScoreField(), "how well you can do “"+name+"” now, from 0 (unable) to 10 (as before the problem)")
		if ok {
			c.PSFS = append(c.PSFS, progress.PSFSActivity{Activity: name, Score: n})
		}
	}
	if len(f.Errors) == 0 {
		_, err := s.Progress.AddCheckin(r.Context(), v.User.ID, c, r.PostForm.Get("local"))
		var ve validate.Errors
		switch {
		case err == nil:
			http.Redirect(w, r, "/me/checkin?done=1", http.StatusSeeOther)
			return nil
		case errors.Is(err, progress.ErrCheckedIn):
			d = checkinFor(st, f)
			p := &Page{Title: "Weekly check-in", NoIndex: true, Alert: "This week already has a check-in, so nothing was stored twice. The next one opens next week.", Data: d}
			w.Header().Set("Cache-Control", "no-store")
			return s.render(w, r, http.StatusConflict, "checkin", p)
		case errors.As(err, &ve):
			for _, e := range ve {
				field := strings.NewReplacer("psfs[", "psfs_", "].", "_").Replace(e.Field)
				msg := sentence(e.Message)
				switch {
				case field == "week":
					field = "pain"
				case field == "pain", strings.HasSuffix(field, "_score"):
					msg = scoreWording
				}
				f.Errors.Add(field, msg)
			}
		default:
			return err
		}
	}
	return s.renderCheckin(w, r, http.StatusUnprocessableEntity, checkinFor(st, f))
}

// activityData is the outside-activity form.
type activityData struct {
	Form    answers
	Choices []Option
	Today   string
	Start   string
}

func (s *Site) activityChoices() []Option {
	var out []Option
	for _, e := range s.Plans.Library().All() {
		if e.Block == coach.Aerobic && !e.Avoid {
			out = append(out, Option{e.ID, e.Name})
		}
	}
	return out
}

func (s *Site) activity(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.memberPage(r)
	if err != nil {
		return err
	}
	f := answers{Values: url.Values{"date": {st.Today.Format(time.DateOnly)}}}
	return s.renderActivity(w, r, http.StatusOK, st, f)
}

func (s *Site) renderActivity(w http.ResponseWriter, r *http.Request, status int, st *progress.State, f answers) error {
	p := &Page{Title: "Log an activity", NoIndex: true, Data: activityData{Form: f, Choices: s.activityChoices(),
		Today: st.Today.Format(time.DateOnly), Start: st.Plan.Start.Format(time.DateOnly)}}
	if len(f.Errors) > 0 {
		p.Alert, p.AlertLink = "Please check the answers marked below; everything you entered is kept.", "#activity-form"
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "activity", p)
}

// scoreWording words CheckCheckin's range for the check-in's scores.
const scoreWording = "Please choose a whole number from 0 to 10"

// activityWording words the log's checks for the activity form's fields.
var activityWording = map[string]string{
	"minutes":    "Minutes are a whole number from 1 to 600",
	"pain_after": painWording,
}

// activityPost logs activity done outside the plan, such as 25 minutes
// of cycling.
func (s *Site) activityPost(w http.ResponseWriter, r *http.Request) error {
	v, st, f, err := s.memberPost(r)
	if err != nil {
		return err
	}
	l := coach.Log{Kind: coach.KindActivity, Done: true, LegSymptoms: "none", RedFlags: []string{}}
	act := f.Get("activity")
	if !slices.ContainsFunc(s.activityChoices(), func(o Option) bool { return o.Value == act }) {
		f.Errors.Add("activity", "Please choose the activity you did")
	}
	// The form reads numbers; their ranges are coach.ValidateLog's, worded
	// here by field (activityWording).
	raw := strings.TrimSpace(f.Get("minutes"))
	mins, err := strconv.Atoi(raw)
	switch {
	case raw == "":
		f.Errors.Add("minutes", "Please enter how many minutes it lasted, from 1 to 600")
	case err != nil:
		f.Errors.Add("minutes", activityWording["minutes"])
	}
	date, err := time.Parse(time.DateOnly, strings.TrimSpace(f.Get("date")))
	switch {
	case err != nil:
		f.Errors.Add("date", "Please enter the day as YYYY-MM-DD, for example "+st.Today.Format(time.DateOnly))
	case date.After(st.Today):
		f.Errors.Add("date", "That day is in the future; log an activity on or after the day you do it")
	case date.Before(st.Plan.Start):
		f.Errors.Add("date", "That day is before your plan started ("+st.Plan.Start.Format("2 January 2006")+")")
	default:
		l.Date = date.Format(time.DateOnly)
	}
	if raw := strings.TrimSpace(f.Get("pain_after")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			f.Errors.Add("pain_after", activityWording["pain_after"])
		} else {
			l.PainAfter = &n
		}
	}
	l.Items = []coach.LogItem{{Exercise: act, Minutes: mins, Done: true}}
	if len(f.Errors) == 0 {
		saved, err := s.Progress.AddLog(r.Context(), v.User.ID, l)
		var ve validate.Errors
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/me/today?activity=%d", saved.ID), http.StatusSeeOther)
			return nil
		case errors.As(err, &ve):
			for _, e := range ve {
				field := e.Field
				if field == "week" || field == "day" {
					field = "date"
				}
				switch {
				case strings.HasSuffix(field, ".minutes"):
					field = "minutes"
				case strings.HasPrefix(field, "items"):
					field = "activity"
				}
				f.Errors.Add(field, cmp.Or(activityWording[field], sentence(e.Message)))
			}
		default:
			return err
		}
	}
	return s.renderActivity(w, r, http.StatusUnprocessableEntity, st, f)
}

// rescreen asks the warning-sign questions of /start again.
func (s *Site) rescreen(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	st, err := s.current(r, v.User.ID, "")
	if err != nil {
		return err
	}
	return s.renderRescreen(w, r, http.StatusOK, st, answers{Values: url.Values{}})
}

func (s *Site) renderRescreen(w http.ResponseWriter, r *http.Request, status int, st *progress.State, f answers) error {
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "rescreen", &Page{Title: "The warning-sign questions", NoIndex: true, Data: map[string]any{
		"Form": f, "Emergency": append(slices.Clone(emergencyOptions), bothLegsChange), "Urgent": urgentOptions,
		"Message": st.Result.RescreenMessage}})
}

func (s *Site) rescreenPost(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := s.current(r, v.User.ID, "")
	if err != nil {
		return err
	}
	flags := append(nonNil(r.PostForm["red_flags_emergency"]), r.PostForm["red_flags_urgent"]...)
	err = s.Progress.Rescreen(r.Context(), v.User.ID, flags)
	var ve validate.Errors
	switch {
	case errors.As(err, &ve):
		f := answers{Values: r.PostForm}
		f.Errors.Add("red_flags", "Please tick only signs from the lists")
		return s.renderRescreen(w, r, http.StatusUnprocessableEntity, st, f)
	case err != nil:
		return err
	case len(flags) == 0:
		http.Redirect(w, r, "/me/today?done=rescreen", http.StatusSeeOther)
		return nil
	}
	if err := s.referral(r, v.User.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/today?done=rescreen-cleared", http.StatusSeeOther)
	return nil
}

// referral is the answer when warning signs just reported lead to a
// referral (the coach refers on any sign in a log or a re-screen): the
// paused plan's page. nil when the plan goes on.
func (s *Site) referral(r *http.Request, userID int64) error {
	st, err := s.Progress.Current(r.Context(), userID, "")
	if err != nil {
		return err
	}
	if st.Result.Status == coach.StatusReferred && st.Result.Referral != nil {
		return &pageError{why: "the plan is paused", show: func(w http.ResponseWriter, r *http.Request) error {
			return s.showPaused(w, r, st.Result)
		}}
	}
	return nil
}
