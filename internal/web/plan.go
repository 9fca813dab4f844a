package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
)

// itemView is a planned item with its exercise.
type itemView struct {
	coach.Item
	Exercise *coach.Exercise
	Dose     string
}

type dayView struct {
	Week, Day int
	Date      time.Time
	Rest      bool
	Items     []itemView
	Minutes   int
	IsToday   bool
}

type weekView struct {
	coach.Week
	Days []dayView
}

func (s *Site) dose(it coach.Item) string {
	switch {
	case it.Block == coach.Aerobic && it.Sets > 1:
		return fmt.Sprintf("%d min in %d bouts, resting between them", it.Minutes, it.Sets)
	case it.Block == coach.Aerobic:
		return fmt.Sprintf("%d min", it.Minutes)
	}
	d := coach.Dose{Sets: it.Sets, Reps: it.Reps, HoldSeconds: it.HoldSeconds}
	if e, ok := s.Plans.Library().Get(it.Exercise); ok {
		d.PerSide = e.Dose.PerSide
	}
	return coach.DoseText(d)
}

func (s *Site) weekViews(pl *plans.Plan, today time.Time) []weekView {
	tw, td, _ := pl.Today(today)
	var out []weekView
	for _, w := range pl.Result.Weeks {
		wv := weekView{Week: w}
		for _, d := range w.Days {
			dv := dayView{Week: w.Week, Day: d.Day, Date: pl.Date(w.Week, d.Day), Rest: d.Rest, IsToday: w.Week == tw && d.Day == td}
			for _, it := range d.Items {
				e, _ := s.Plans.Library().Get(it.Exercise)
				dv.Items = append(dv.Items, itemView{Item: it, Exercise: e, Dose: s.dose(it)})
				dv.Minutes += it.Minutes
			}
			wv.Days = append(wv.Days, dv)
		}
		out = append(out, wv)
	}
	return out
}

// loadPlan is the plan the path's token names, as the visitor may see
// it: a saved plan only for its owner (plans.ErrOwned for anyone else).
func (s *Site) loadPlan(r *http.Request) (*plans.Plan, error) {
	return s.Plans.Get(r.Context(), r.PathValue("token"), visitorID(r))
}

// visitorID is the signed-in member's id, 0 for a visitor.
func visitorID(r *http.Request) int64 {
	if u := visitorOf(r).User; u != nil {
		return u.ID
	}
	return 0
}

func (s *Site) planPage(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.loadPlan(r)
	if errors.Is(err, plans.ErrOwned) {
		if visitorOf(r).User == nil { // its owner, logged out: their plan is at /me/plan
			http.Redirect(w, r, "/login?next=/me/plan", http.StatusSeeOther)
			return nil
		}
		return errNotFound
	}
	if err != nil {
		return err
	}
	owner, err := s.Plans.Owner(r.Context(), pl.Token)
	if err != nil {
		return err
	}
	u := visitorOf(r).User
	if u != nil && owner == u.ID {
		// The member's own plan by a link from before saving replaced
		// the link's secret (plans saved by older versions keep theirs):
		// an older one is shown as /me/plans/{id} shows it, read-only as
		// its logs left it, never as the active one.
		active, err := s.Plans.Active(r.Context(), u.ID)
		if err != nil && !errors.Is(err, plans.ErrNotFound) {
			return err
		}
		if active == nil || active.ID != pl.ID {
			return s.olderPlanPage(w, r, u.ID, pl.ID)
		}
		return s.showPlan(w, r, pl, true, false)
	}
	return s.showPlan(w, r, pl, false, false)
}

// showPlan renders a plan; saved says it is the visitor's own, and
// loggedToday that they have logged a session today.
func (s *Site) showPlan(w http.ResponseWriter, r *http.Request, pl *plans.Plan, saved, loggedToday bool) error {
	data, err := s.planData(r, pl, saved)
	if err != nil {
		return err
	}
	data.TodayLogged = loggedToday
	// The page's one-time message: a notice at the top of the page, a
	// refused swap or change by the swaps section.
	flash, err := s.takePlanFlash(r, "plan")
	if err != nil {
		return err
	}
	notice := flash.Notice
	if flash.Section || flash.Error != "" {
		data.Swaps.Flash, notice = flash, ""
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	return s.render(w, r, http.StatusOK, "plan", &Page{Title: "Your 12-week plan", NoIndex: true, Notice: notice, Data: data})
}

// planPageData is what the "plan" template draws. A typed struct, not a
// map: a field the template names that is not here is an error in every
// test that renders the page, never a silent empty value on a member's.
type planPageData struct {
	Plan        *plans.Plan
	Weeks       []weekView
	Today, Next *dayView // today's plan day; the next session day after it
	Excluded    []excl   // kept out by a rule
	NotNeeded   []excl   // safe but not needed (folded away)
	Advice      []adviceView
	Saved       bool       // the visitor's own plan
	TodayLogged bool       // they have logged a session today
	Older       *olderPlan // an older plan, read-only (nil: the active plan or a draft)
	Replaces    *replaced  // the plan a signed-in member's draft would replace
	Swaps       swapsView  // the member's exercise choices (saved plans)
	Print       bool       // the print view: every week open
	Calendar    string     // the plan's iCalendar file
	KeepDays    int        // how long an unsaved plan is kept
	DeleteOn    time.Time  // when this unsaved plan is deleted (zero: never)
}

// excl is an exercise left out of the plan, with why.
type excl struct {
	Exercise *coach.Exercise
	Reason   string
}

// planData is the plan page's data, with today the visitor's date (in
// their time zone when they are signed in).
func (s *Site) planData(r *http.Request, pl *plans.Plan, saved bool) (*planPageData, error) {
	now := s.Now()
	if u := visitorOf(r).User; u != nil { // the member's day and the plan's made time, in their zone
		loc, err := s.zoneOf(r)
		if err != nil {
			return nil, err
		}
		if now, err = s.Progress.Today(r.Context(), u.ID, ""); err != nil {
			return nil, err
		}
		pl.Created = pl.Created.In(loc)
	}
	weeks := s.weekViews(pl, now)
	var today *dayView
	var next *dayView
	for wi := range weeks {
		for di := range weeks[wi].Days {
			d := &weeks[wi].Days[di]
			if d.IsToday {
				today = d
			}
			if next == nil && !d.Rest && !d.Date.Before(truncateDay(now)) && !d.IsToday {
				next = d
			}
		}
	}
	var excluded, notNeeded []excl // kept out by a rule; safe but not needed (folded away)
	for _, x := range pl.Result.Excluded {
		e, _ := s.Plans.Library().Get(x.Exercise)
		if x.Kind == coach.KindNotNeeded {
			notNeeded = append(notNeeded, excl{e, x.Reason})
		} else {
			excluded = append(excluded, excl{e, x.Reason})
		}
	}
	// An anonymous plan is deleted after the retention period: say when.
	var deleteOn time.Time
	if days := s.cfg.AnonymousPlanDays; !saved && days > 0 && pl.Token != "" {
		owner, err := s.Plans.Owner(r.Context(), pl.Token)
		if err != nil {
			return nil, err
		}
		if owner == 0 {
			deleteOn = pl.Created.AddDate(0, 0, days)
		}
	}
	var swaps swapsView
	if saved {
		swaps = s.swapsFor(r, pl, weekToCome(weeks, truncateDay(now)), truncateDay(now), "/me/plan", planFlash{})
	}
	var old *replaced
	if u := visitorOf(r).User; u != nil && !saved {
		var err error
		if old, err = s.replacement(r.Context(), u.ID); err != nil {
			return nil, err
		}
	}
	return &planPageData{Replaces: old,
		Plan: pl, Weeks: weeks, Today: today, Next: next, Excluded: excluded, NotNeeded: notNeeded, Saved: saved,
		Print: r.URL.Query().Get("print") != "", Calendar: "/plan/" + pl.Token + "/calendar.ics",
		KeepDays: s.cfg.AnonymousPlanDays, DeleteOn: deleteOn, Swaps: swaps, Advice: foldAdvice(pl.Result.Advice),
	}, nil
}

// adviceView is one piece of the plan's advice: its first sentence, and
// the rest folded under "More" (empty when it is kept whole).
type adviceView struct{ First, More string }

// coreAdvice is how many of the plan's first pieces of advice are always
// shown whole: the coach puts first staying active, the pain rule and
// when to stop and seek help (coach's advice()).
const coreAdvice = 4

// foldAdvice keeps the core advice and any piece that says when to stop
// whole, and folds the rest after its first sentence, so that the page
// stays short on a phone and nothing is more than a tap away.
func foldAdvice(all []string) []adviceView {
	out := make([]adviceView, 0, len(all))
	for i, a := range all {
		first, more := firstSentence(a)
		if i < coreAdvice || strings.Contains(a, "Stop ") || strings.Contains(a, " stop ") {
			first, more = a, ""
		}
		out = append(out, adviceView{first, more})
	}
	return out
}

// firstSentence splits text after its first sentence: a full stop, a
// space and a capital letter.
func firstSentence(text string) (first, rest string) {
	for i := 0; i+2 < len(text); i++ {
		if text[i] == '.' && text[i+1] == ' ' && text[i+2] >= 'A' && text[i+2] <= 'Z' {
			return text[:i+1], text[i+2:]
		}
	}
	return text, ""
}

func truncateDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// calendar serves the plan's sessions as all-day iCalendar events.
func (s *Site) calendar(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	var b strings.Builder
	line := func(l string) { b.WriteString(foldICS(l)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//supple//back-care plan//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeICS(s.cfg.SiteName+" back-care plan"))
	stamp := pl.Created.UTC().Format("20060102T150405Z")
	planURL := s.abs("/plan/" + pl.Token)
	// UIDs name the plan by a keyed hash, never by its link token (RFC
	// 7986 5.3: a UID must not carry anything secret), and stay the same
	// for every download of the file.
	uidKey := s.feedKey("plan-file", pl.ID)
	for _, wk := range s.weekViews(pl, s.Now()) {
		for _, d := range wk.Days {
			if d.Rest {
				continue
			}
			var names, lines []string
			for _, it := range d.Items {
				name := it.Item.Exercise
				if it.Exercise != nil {
					name = it.Exercise.Name
				}
				names = append(names, name)
				lines = append(lines, fmt.Sprintf("%s: %s", name, it.Dose))
			}
			desc := fmt.Sprintf("Week %d, day %d: %d minutes.\n%s\n\nThe pain rule: up to 5/10 during or after is fine if it settles by the next morning.\n%s",
				d.Week, d.Day, d.Minutes, strings.Join(lines, "\n"), planURL)
			line("BEGIN:VEVENT")
			line(fmt.Sprintf("UID:%s-w%02dd%d@supple", uidKey, d.Week, d.Day))
			line("DTSTAMP:" + stamp)
			line("DTSTART;VALUE=DATE:" + d.Date.Format("20060102"))
			line("DTEND;VALUE=DATE:" + d.Date.AddDate(0, 0, 1).Format("20060102"))
			line("SUMMARY:" + escapeICS(fmt.Sprintf("Back session, %d min: %s", d.Minutes, strings.Join(names, ", "))))
			line("DESCRIPTION:" + escapeICS(desc))
			line("URL:" + planURL)
			line("TRANSP:TRANSPARENT")
			line("END:VEVENT")
		}
	}
	line("END:VCALENDAR")
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="supple-plan.ics"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(b.String()))
	return nil
}

// escapeICS escapes a TEXT value (RFC 5545 3.3.11).
func escapeICS(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`).Replace(s)
}

// foldICS ends a content line with CRLF, folding it at 75 octets without
// splitting a UTF-8 character (RFC 5545 3.1).
func foldICS(l string) string {
	var b strings.Builder
	n := 0
	for _, r := range l {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}

func (s *Site) exerciseList(w http.ResponseWriter, r *http.Request) error {
	lib := s.Plans.Library()
	groups := map[string][]*coach.Exercise{}
	for _, e := range lib.All() {
		key := string(e.Block)
		if e.Avoid {
			key = "avoid"
		}
		groups[key] = append(groups[key], e)
	}
	type group struct {
		Title, ID, Intro string
		List             []*coach.Exercise
	}
	return s.public(w, r, "exercises", libraryVersion, &Page{
		Title: "Exercise library", Path: "/exercises/",
		Description: "Back-safe exercises with pictures, steps, starting doses and who should take care with each.",
		Data: []group{
			{"Mobility", "mobility", "Gentle movements and stretches that keep the back moving.", groups["mobility"]},
			{"Strength and core", "strength", "Build the muscles that support the spine, at least twice a week.", groups["strength"]},
			{"Balance", "balance", "Steadiness for everyday life; especially useful from age 65.", groups["balance"]},
			{"Aerobic activity", "aerobic", "Moderate activity that counts toward 150 minutes a week.", groups["aerobic"]},
			{"Best avoided", "avoid", "These are never part of a supple plan. Each page says why and what to do instead.", groups["avoid"]},
		},
	})
}

func (s *Site) exercisePage(w http.ResponseWriter, r *http.Request) error {
	lib := s.Plans.Library()
	e, ok := lib.Get(r.PathValue("id"))
	if !ok {
		return errNotFound
	}
	type cond struct {
		Name   string
		Rating coach.Rating
		Note   string
	}
	var conds []cond
	for _, c := range coach.RatingColumns {
		conds = append(conds, cond{conditionLabel[c], e.RatingFor(c), e.Notes[c]})
	}
	var easier, harder *coach.Exercise
	if e.Easier != "" {
		easier, _ = lib.Get(e.Easier)
	}
	if e.Harder != "" {
		harder, _ = lib.Get(e.Harder)
	}
	return s.public(w, r, "exercise", libraryVersion, &Page{
		Title: e.Name, Path: "/exercises/" + e.ID, Description: e.Summary, LD: s.exerciseLD(e),
		Data: map[string]any{"E": e, "Dose": coach.DoseText(e.Dose), "Conditions": conds, "Easier": easier, "Harder": harder},
	})
}

// libraryVersion versions the exercise pages: the library is embedded and
// loaded once, so it cannot change while the server runs.
const libraryVersion = "library"

var conditionLabel = map[string]string{
	"acute": "New pain (first weeks)", "chronic": "Long-lasting pain", "muscle_strain": "Muscle strain",
	"disc_herniation": "Disc herniation, sciatica", "spinal_stenosis": "Spinal stenosis", "spondylolisthesis": "Spondylolisthesis",
	"osteoporosis": "Osteoporosis", "vertebral_fracture": "Osteoporosis with a vertebral fracture", "pregnancy": "Pregnancy (from 16 weeks)", "scoliosis": "Scoliosis", "osteoarthritis": "Spinal arthritis",
}

// svg returns an exercise's illustration for inline use, labelled with
// its alt text. The SVG files are ours, embedded and checked by tests.
func svg(e *coach.Exercise) template.HTML {
	if e == nil || e.SVG == "" {
		return ""
	}
	label := template.HTMLEscapeString(e.ImageAlt)
	return template.HTML(strings.Replace(e.SVG, "<svg ", `<svg role="img" aria-label="`+label+`" focusable="false" `, 1))
}
