package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

// dayChoice is a day the member may log or correct on the web: one of
// the current and the previous plan week, up to today.
type dayChoice struct {
	Date         time.Time
	Week, Day    int
	Rest, Logged bool
	Earlier      bool // a session logged that day on an earlier plan
	Today, Shown bool // the member's today; the day on the page
}

// Href is the day's page.
func (c dayChoice) Href() string {
	if c.Today {
		return "/me/today"
	}
	return "/me/today?date=" + c.Date.Format(time.DateOnly)
}

// logWindow lists the days the member may log or correct on the web,
// oldest first: the current and the previous plan week, up to today
// (the weeks are the plan's, counted from its start; after its 12 weeks
// the last days of the plan fall out of the window a week at a time).
func logWindow(st *progress.State, shown time.Time) []dayChoice {
	start, today := st.Plan.Start, st.Today
	n := int(today.Sub(start).Hours() / 24)
	if n < 0 {
		return nil
	}
	first := max(0, (n/7-1)*7)
	var out []dayChoice
	for i := first; i <= n && i < coach.PlanWeeks*7; i++ {
		date := start.AddDate(0, 0, i)
		c := dayChoice{Date: date, Week: i/7 + 1, Day: i%7 + 1, Today: date.Equal(today), Shown: date.Equal(shown)}
		if c.Week <= len(st.Result.Weeks) {
			c.Rest = st.Result.Weeks[c.Week-1].Days[c.Day-1].Rest
		}
		for _, l := range st.Logs {
			if l.Kind == coach.KindSession && l.Week == c.Week && l.Day == c.Day {
				c.Logged = true
			}
		}
		c.Earlier = slices.ContainsFunc(st.Earlier, func(l coach.Log) bool { return l.Date == date.Format(time.DateOnly) })
		out = append(out, c)
	}
	return out
}

// inWindow reports whether date is a day of logWindow.
func inWindow(st *progress.State, date time.Time) bool {
	for _, c := range logWindow(st, date) {
		if c.Date.Equal(date) {
			return true
		}
	}
	return false
}

// outsideWindow is the message for a day the web does not log.
func outsideWindow(raw string) string {
	return "You can log or correct the days of this plan week and the week before, up to today; " + raw +
		" is not one of them."
}

// logFingerprint names a log's answers as they were shown, so that a
// correction made from an older copy of the page is refused rather
// than overwrite a newer change.
func logFingerprint(l coach.Log) string {
	b, _ := json.Marshal(l) // a Log always marshals
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:12])
}

// logForm is the session form filled in with a log's answers.
func logForm(l coach.Log, d todayData) answers {
	v := url.Values{"date": {l.Date}, "leg_symptoms": {l.LegSymptoms}, "note": {l.Note}, "new_numbness": {"no"}}
	if len(l.RedFlags) > 0 {
		v["red_flags"] = l.RedFlags
	}
	if l.NewNumbnessOrWeakness {
		v.Set("new_numbness", "yes")
	}
	for name, p := range map[string]*int{"pain_before": l.PainBefore, "pain_during": l.PainDuring, "pain_after": l.PainAfter, "pain_next_morning": l.PainNextMorning} {
		if p != nil {
			v.Set(name, strconv.Itoa(*p))
		}
	}
	for _, it := range d.Items {
		if it.Index >= len(l.Items) || l.Items[it.Index].Exercise != it.Item.Exercise {
			continue
		}
		li := l.Items[it.Index]
		switch {
		case li.Done:
			v.Set(it.Field(), "done")
		case li.Skipped != "":
			v.Set(it.Field(), li.Skipped)
		}
		if it.Timer == "aerobic" && li.Done {
			v.Set(it.MinutesField(), strconv.Itoa(li.Minutes))
		}
	}
	return answers{Values: v}
}

// dayPage is the session page of an earlier day (?date=) of the window,
// and with ?correct= its log in the form, ready to correct.
func (s *Site) dayPage(w http.ResponseWriter, r *http.Request, userID int64, st *progress.State, d todayData) error {
	q := r.URL.Query()
	if raw := q.Get("date"); raw != "" {
		date, err := time.Parse(time.DateOnly, raw)
		if err != nil || !inWindow(st, date) {
			d := s.todayFor(st, st.Today)
			d.Form.Errors.Add("date", outsideWindow(raw))
			return s.renderToday(w, r, http.StatusUnprocessableEntity, st, d)
		}
		notice := d.Notice
		d = s.todayFor(st, date)
		d.Notice = notice
	}
	if id, err := strconv.ParseInt(q.Get("corrected"), 10, 64); err == nil {
		if l, err := s.Progress.Log(r.Context(), userID, id); err == nil {
			d.Notice = fmt.Sprintf("Thank you: your log of %s (week %d, day %d) is corrected.", longDate(l.Date), l.Week, l.Day)
		}
	}
	if q.Get("correct") != "" && d.Logged != nil {
		d.Correct, d.Form = d.Logged, logForm(*d.Logged, d)
	}
	return s.renderToday(w, r, http.StatusOK, st, d)
}

// Messages of a correction that cannot be stored.
const (
	livedMessage = "The week after this session has begun, and these answers decided it: only the next-morning pain and the note can still change. " +
		"Nothing was changed; log how your back is today instead."
	staleMessage = "This log changed since you opened this page (in another tab or in the app), so nothing was changed. " +
		"Here it is as it is now: make your correction again."
)

// correctPost stores new answers for one of the member's session logs of
// the window, by the API's rules (progress.UpdateLog): a log of a lived
// week keeps its answers but for the next-morning pain and the note
// (409), and a form made from an older copy of the log is refused (409).
func (s *Site) correctPost(w http.ResponseWriter, r *http.Request) error {
	v, st, f, err := s.memberPost(r)
	if err != nil {
		return err
	}
	old, err := s.sessionLog(r, v.User.ID)
	if err != nil {
		return err
	}
	date, err := time.Parse(time.DateOnly, old.Date)
	if err != nil || !inWindow(st, date) {
		d := s.todayFor(st, st.Today)
		d.Form.Errors.Add("date", outsideWindow(longDate(old.Date)))
		return s.renderToday(w, r, http.StatusUnprocessableEntity, st, d)
	}
	d := s.todayFor(st, date)
	d.Correct = &old
	if f.Get("was") != logFingerprint(old) {
		d.Form = logForm(old, d)
		d.Form.Errors.Add("date", staleMessage)
		return s.renderToday(w, r, http.StatusConflict, st, d)
	}
	l := sessionFromForm(&f, d, coach.Log{ID: old.ID, RedFlags: []string{}, Items: []coach.LogItem{}})
	l.PainNextMorning = nil
	if raw := strings.TrimSpace(f.Get("pain_next_morning")); raw != "" {
		n, err := strconv.Atoi(raw)
		switch {
		case err != nil: // the range is coach.ValidateLog's
			f.Errors.Add("pain_next_morning", painWording)
		case old.Date >= st.Today.Format(time.DateOnly):
			f.Errors.Add("pain_next_morning", "The next-morning question opens the day after the session")
		default:
			l.PainNextMorning = &n
		}
	}
	// An item answered as it was keeps its minutes as logged.
	for i := range l.Items {
		if i < len(old.Items) && old.Items[i].Exercise == l.Items[i].Exercise && old.Items[i].Done == l.Items[i].Done &&
			old.Items[i].Skipped == l.Items[i].Skipped && d.Items[i].Timer != "aerobic" {
			l.Items[i].Minutes = old.Items[i].Minutes
		}
	}
	if len(f.Errors) == 0 {
		saved, err := s.Progress.UpdateLog(r.Context(), v.User.ID, l)
		var ve validate.Errors
		switch {
		case err == nil:
			if len(saved.RedFlags) > 0 {
				if err := s.referral(r, v.User.ID); err != nil {
					return err
				}
			}
			http.Redirect(w, r, fmt.Sprintf("/me/today?date=%s&corrected=%d", old.Date, old.ID), http.StatusSeeOther)
			return nil
		case errors.Is(err, progress.ErrNotFound):
			return errNotFound
		case errors.Is(err, progress.ErrLived):
			d.Form = f
			d.Form.Errors.Add("date", livedMessage)
			return s.renderToday(w, r, http.StatusConflict, st, d)
		case errors.Is(err, progress.ErrStale):
			if now, err := s.Progress.Log(r.Context(), v.User.ID, old.ID); err == nil {
				d.Correct = &now
				d.Form = logForm(now, d)
			}
			d.Form.Errors.Add("date", staleMessage)
			return s.renderToday(w, r, http.StatusConflict, st, d)
		case errors.As(err, &ve):
			wordLogErrors(&f, ve)
		default:
			return err
		}
	}
	d.Form = f
	return s.renderToday(w, r, http.StatusUnprocessableEntity, st, d)
}
