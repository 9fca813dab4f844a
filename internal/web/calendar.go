package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/httpx"
	"supple/internal/progress"
	"supple/internal/validate"
)

// calendarSettings is the "Calendar reminders" section of the settings
// page.
type calendarSettings struct {
	On     bool
	Time   string       // the feed's time of day, or what was typed
	URL    string       // the secret URL, shown once after it is made
	Webcal template.URL // the same as webcal://, which calendar apps open to subscribe
	Done   string
	Errors validate.Errors
}

// calendarFlash is the one-time message of the calendar section: a new
// feed's token (its URL shown once), or what changed.
type calendarFlash struct {
	Token string `json:",omitempty"`
	Done  string `json:",omitempty"` // "time" or "revoked"
}

func (s *Site) calendarSettingsFor(r *http.Request, u *account.User) calendarSettings {
	c := calendarSettings{Time: progress.DefaultFeedTime}
	if f, err := s.Progress.Feed(r.Context(), u.ID); err == nil {
		c.On, c.Time = true, f.TimeOfDay
	}
	var f calendarFlash
	if _, err := s.takeFlash(r, "calendar", &f); err != nil {
		s.Log.Error("calendar message lost", "err", err, "request_id", httpx.RequestID(r.Context()))
	}
	switch {
	case f.Token != "":
		c.URL = s.abs("/calendar/" + f.Token + ".ics")
		_, rest, _ := strings.Cut(c.URL, "://")
		c.Webcal = template.URL("webcal://" + rest) // our own absolute URL: safe
		c.Done = "Your calendar feed is ready. Copy its address into your calendar app (\"subscribe\" or \"add calendar from URL\"). It is shown only now; keep it to yourself."
	case f.Done == "time":
		c.Done = "Reminders now start at " + c.Time + ". Your calendar app shows the change the next time it refreshes the feed."
	case f.Done == "revoked":
		c.Done = "The calendar feed is turned off; its address no longer works. Remove the subscription from your calendar app too."
	}
	return c
}

// calendarRerender shows the settings page again with the section's
// form error.
func (s *Site) calendarRerender(w http.ResponseWriter, r *http.Request, u *account.User, status int, edit func(*calendarSettings)) error {
	d := s.settingsFor(r, u)
	edit(&d.Calendar)
	p := &Page{Title: "Settings", NoIndex: true, Data: d}
	if len(d.Calendar.Errors) > 0 {
		p.Alert, p.AlertLink = d.Calendar.Errors[0].Message+".", "#cal-time"
	}
	return s.render(w, r, status, "settings", p)
}

// calendarDone redirects to the settings page, which shows f once.
func (s *Site) calendarDone(w http.ResponseWriter, r *http.Request, f calendarFlash) error {
	if err := s.setFlash(r, "calendar", f); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/settings#calendar", http.StatusSeeOther)
	return nil
}

// newCalendar makes (or replaces) the member's feed; the settings page
// it redirects to shows the URL once (a reload makes no other).
func (s *Site) newCalendar(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	typed := r.PostFormValue("time")
	token, err := s.Progress.NewFeed(r.Context(), v.User.ID, typed)
	var ve validate.Errors
	switch {
	case errors.As(err, &ve):
		return s.calendarRerender(w, r, v.User, http.StatusUnprocessableEntity, func(c *calendarSettings) { c.Errors, c.Time = ve, typed })
	case err != nil:
		return err
	default:
		return s.calendarDone(w, r, calendarFlash{Token: token})
	}
}

// calendarTime changes the feed's time of day; its URL stays the same.
func (s *Site) calendarTime(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	typed := r.PostFormValue("time")
	err = s.Progress.SetFeedTime(r.Context(), v.User.ID, typed)
	var ve validate.Errors
	switch {
	case errors.As(err, &ve):
		return s.calendarRerender(w, r, v.User, http.StatusUnprocessableEntity, func(c *calendarSettings) { c.Errors, c.Time = ve, typed })
	case errors.Is(err, progress.ErrNoFeed):
		return s.calendarRerender(w, r, v.User, http.StatusConflict, func(c *calendarSettings) {
			c.Errors = validate.Errors{{Field: "time", Message: "You have no calendar feed yet; create one first"}}
			c.Time = typed
		})
	case err != nil:
		return err
	default:
		return s.calendarDone(w, r, calendarFlash{Done: "time"})
	}
}

// revokeCalendar turns the feed off; its URL answers 404 from now on.
func (s *Site) revokeCalendar(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := s.Progress.RevokeFeed(r.Context(), v.User.ID); err != nil && !errors.Is(err, progress.ErrNoFeed) {
		return err
	}
	return s.calendarDone(w, r, calendarFlash{Done: "revoked"})
}

// calendarFeed serves a member's reminders behind their secret URL, with
// no login (calendar apps cannot log in): each active day of the plan as
// adapted, at the member's time of day.
func (s *Site) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		return errNotFound
	}
	f, err := s.Progress.FeedByToken(r.Context(), token)
	if errors.Is(err, progress.ErrNoFeed) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	st, err := s.Progress.Current(r.Context(), f.UserID, "")
	if err != nil && !errors.Is(err, progress.ErrNoPlan) {
		return err
	}
	today, err := s.Progress.Today(r.Context(), f.UserID, "")
	if err != nil {
		return err
	}
	body := s.feedICS(st, f, today)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="supple-reminders.ics"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	_, _ = w.Write([]byte(body))
	return nil
}

// maxEventMinutes and minEventMinutes bound an event's length.
const (
	minEventMinutes = 30
	maxEventMinutes = 60
)

// feedICS writes the feed; day is the member's date, in their time
// zone. st is nil when the member has no plan.
func (s *Site) feedICS(st *progress.State, f progress.Feed, day time.Time) string {
	var b strings.Builder
	line := func(l string) { b.WriteString(foldICS(l)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//supple//back-care reminders//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeICS(s.cfg.SiteName+" back-care reminders"))
	line("REFRESH-INTERVAL;VALUE=DURATION:PT6H")
	line("X-PUBLISHED-TTL:PT6H")
	now := s.Now().UTC()
	stamp := now.Format("20060102T150405Z")
	today, planURL := s.abs("/me/today"), s.abs("/me/plan")
	hh, mm := 7, 30
	fmt.Sscanf(f.TimeOfDay, "%d:%d", &hh, &mm)
	event := func(uid string, start time.Time, minutes int, summary, desc string) {
		line("BEGIN:VEVENT")
		line("UID:" + uid)
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + start.Format("20060102T150405"))
		line("DTEND:" + start.Add(time.Duration(minutes)*time.Minute).Format("20060102T150405"))
		line("SUMMARY:" + escapeICS(summary))
		line("DESCRIPTION:" + escapeICS(desc))
		line("URL:" + today)
		line("TRANSP:TRANSPARENT")
		// A reminder at the chosen time: calendars that honour alarms in
		// subscribed feeds show it (RFC 5545 3.6.6).
		line("BEGIN:VALARM")
		line("ACTION:DISPLAY")
		line("DESCRIPTION:" + escapeICS(summary))
		line("TRIGGER:PT0M")
		line("END:VALARM")
		line("END:VEVENT")
	}
	note := func(summary, desc, link string) {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:note-%s@supple", s.feedKey("note", f.UserID)))
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + day.Format("20060102"))
		line("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:" + escapeICS(summary))
		line("DESCRIPTION:" + escapeICS(desc))
		line("URL:" + link)
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	switch {
	case st == nil:
		note("No back-care plan yet", "Answer a few questions to get a gentle 12-week plan; its sessions will appear here.\n"+s.abs("/start"), s.abs("/start"))
	case st.Result.Status != coach.StatusPlan:
		note("Please see a clinician before exercising",
			"Your answers or a log mean a clinician should look at your back before you go on with the plan, so there are no sessions here for now. What to do and why: "+planURL, planURL)
	default:
		uidKey := s.feedKey("plan", st.Plan.ID)
		checkin := "How is your back this morning? Tell supple: " + today
		prevSession := false
		for _, wk := range st.Result.Weeks {
			for _, d := range wk.Days {
				date := coach.PlanDate(st.Plan.Start, wk.Week, d.Day)
				at := time.Date(date.Year(), date.Month(), date.Day(), hh, mm, 0, 0, time.UTC)
				uid := fmt.Sprintf("%s-w%02dd%d@supple", uidKey, wk.Week, d.Day)
				if d.Rest || len(d.Items) == 0 {
					if prevSession {
						event(uid, at, 10, "Back check-in: how is your back this morning?", checkin+"\n\nToday is a rest day in your plan.")
					}
					prevSession = false
					continue
				}
				var names, lines []string
				minutes := 0
				for _, it := range d.Items {
					name := it.Exercise
					if e, ok := s.Plans.Library().Get(it.Exercise); ok {
						name = e.Name
					}
					names = append(names, name)
					lines = append(lines, fmt.Sprintf("- %s: %s", name, s.dose(it)))
					minutes += it.Minutes
				}
				var desc strings.Builder
				if prevSession {
					desc.WriteString(checkin + "\n\n")
				}
				fmt.Fprintf(&desc, "Week %d, day %d: about %d minutes.\n%s\n\n", wk.Week, d.Day, minutes, strings.Join(lines, "\n"))
				desc.WriteString("The pain rule: up to 5/10 during or after is fine if it settles by the next morning. Stop if pain spreads down a leg, or if you notice new numbness or weakness.\n")
				desc.WriteString("Start the session: " + today)
				event(uid, at, min(max(minutes, minEventMinutes), maxEventMinutes), fmt.Sprintf("Back session, %d min: %s", minutes, strings.Join(names, ", ")), desc.String())
				prevSession = true
			}
		}
	}
	line("END:VCALENDAR")
	return b.String()
}

// feedKey is a short keyed hash that names a member's things in outside
// files (calendar UIDs, the FHIR patient) without revealing database ids.
func (s *Site) feedKey(kind string, id int64) string {
	m := hmac.New(sha256.New, s.cfg.Secret)
	fmt.Fprintf(m, "%s:%d", kind, id)
	return hex.EncodeToString(m.Sum(nil)[:10])
}
