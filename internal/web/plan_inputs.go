package web

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/validate"
)

// swapOffer is one exercise of the days to come with what the member may
// use instead, or, when it is their own choice, the one it replaced: one
// card per exercise, never both.
type swapOffer struct {
	Exercise     *coach.Exercise
	Days         string // when it comes: "Today, tomorrow, Fri 27"
	Alternatives []*coach.Exercise
	Undo         *coach.Exercise // the exercise this choice replaced (nil: not a choice)
	Back         string          // the page the form returns to
}

// swapsView is what the "swaps" template draws.
type swapsView struct {
	Offers []swapOffer
	CSRF   string
	Flash  planFlash
}

// swapsFor is the swaps section of a member's page for the given days,
// with the message the page's flash left for it (the plan page shows
// notices at the top of the page instead, and passes none).
func (s *Site) swapsFor(r *http.Request, pl *plans.Plan, days []dayView, today time.Time, back string, f planFlash) swapsView {
	return swapsView{Offers: s.swapOffers(pl, days, today, back), CSRF: visitorOf(r).CSRF, Flash: f}
}

// planFlash is the one-time message of the plan pages: what a swap, an
// undo or a settings change says on the page it returns to, a plan saved,
// or one waiting for the member to confirm that it replaces theirs.
type planFlash struct {
	Notice string `json:"notice,omitempty"`
	Error  string `json:"error,omitempty"`
	// Section: the message is about the swaps section (a swap, an undo, a
	// change), shown there rather than at the top of the page.
	Section bool `json:"section,omitempty"`
}

// swapOffers are the cards for each distinct exercise of days, in the
// order they come, each with the days it is on. An exercise the member
// swapped away is no card of its own (a day lived before the swap may
// still show it): its replacement's card carries the undo, and a swap
// whose replacement the days do not show still gets its undo card.
func (s *Site) swapOffers(pl *plans.Plan, days []dayView, today time.Time, back string) []swapOffer {
	replaced := map[string]string{}
	for x, sw := range pl.Choices.Swaps {
		replaced[sw.With] = x
	}
	var out []swapOffer
	on := map[string][]string{} // exercise -> the days it is on
	used := map[string]bool{}
	for _, d := range days {
		for _, it := range d.Items {
			used[it.Item.Exercise] = true
		}
	}
	for _, d := range days {
		for _, it := range d.Items {
			id := it.Item.Exercise
			if it.Exercise == nil || pl.Choices.Swaps[id].With != "" {
				continue
			}
			if label := dayLabel(d.Date, today); !slices.Contains(on[id], label) {
				on[id] = append(on[id], label)
			}
			if slices.ContainsFunc(out, func(o swapOffer) bool { return o.Exercise.ID == id }) {
				continue
			}
			o := swapOffer{Exercise: it.Exercise, Back: back}
			if x, ok := replaced[id]; ok {
				o.Undo, _ = s.Plans.Library().Get(x)
			} else {
				// An exercise the days to come already use is no change.
				o.Alternatives = slices.DeleteFunc(pl.Alternatives(id), func(e *coach.Exercise) bool { return used[e.ID] })
			}
			if o.Undo != nil || len(o.Alternatives) > 0 {
				out = append(out, o)
			}
		}
	}
	for i := range out {
		days := strings.Join(on[out[i].Exercise.ID], ", ")
		out[i].Days = strings.ToUpper(days[:1]) + days[1:]
	}
	// Swaps whose replacement these days do not show keep their undo.
	for _, x := range slices.Sorted(maps.Keys(pl.Choices.Swaps)) {
		with := pl.Choices.Swaps[x].With
		if slices.ContainsFunc(out, func(o swapOffer) bool { return o.Exercise.ID == with }) {
			continue
		}
		e, ok1 := s.Plans.Library().Get(with)
		undo, ok2 := s.Plans.Library().Get(x)
		if ok1 && ok2 {
			out = append(out, swapOffer{Exercise: e, Undo: undo, Back: back, Days: "later in your plan"})
		}
	}
	return out
}

// dayLabel names a day of the week to come, short for a phone:
// "Today", "tomorrow" or "Wed 25" (today leads the list it is in).
func dayLabel(d, today time.Time) string {
	switch truncateDay(d).Sub(truncateDay(today)).Hours() / 24 {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return d.Format("Mon 2")
}

// weekToCome are the days from today through the six after it: what a
// swap card may name, so that the member sees only exercises they are
// about to do (an exercise later weeks bring in gets its card then).
func weekToCome(weeks []weekView, today time.Time) []dayView {
	var out []dayView
	end := today.AddDate(0, 0, 7)
	for _, w := range weeks {
		for _, d := range w.Days {
			if !d.Date.Before(today) && d.Date.Before(end) && !d.Rest {
				out = append(out, d)
			}
		}
	}
	return out
}

// backTo is where a swap form returns: the plan or today's session.
func backTo(v string) string {
	if v == "/me/today" {
		return v
	}
	return "/me/plan"
}

func (s *Site) flashPage(back string) string {
	if back == "/me/today" {
		return "today"
	}
	return "plan"
}

// swapPost makes the member's plan use the exercise they picked from
// the day to come on, and returns to the page with a message.
func (s *Site) swapPost(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	back, ex, with := backTo(r.PostForm.Get("back")), r.PathValue("exercise"), r.PostForm.Get("with")
	var f planFlash
	pl, err := s.Plans.SetSwap(r.Context(), v.User.ID, ex, with)
	var se *coach.SwapError
	switch {
	case errors.As(err, &se):
		f.Error = "That swap is not possible: " + se.Reason
	case errors.Is(err, plans.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	default:
		f.Notice = fmt.Sprintf("From %s on, your plan uses %s instead of %s. You can undo this at any time.",
			longDate(pl.Choices.Swaps[ex].From.Format(time.DateOnly)), s.exerciseTitle(with), s.exerciseTitle(ex))
	}
	return s.flashBack(w, r, back, f)
}

// undoSwapPost ends a swap from the day to come on.
func (s *Site) undoSwapPost(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	back, ex := backTo(r.PostForm.Get("back")), r.PathValue("exercise")
	from, err := s.Plans.SettingsFrom(r.Context(), v.User.ID)
	if err != nil {
		if errors.Is(err, plans.ErrNotFound) {
			return errNotFound
		}
		return err
	}
	var f planFlash
	switch _, err := s.Plans.UndoSwap(r.Context(), v.User.ID, ex); {
	case errors.Is(err, plans.ErrNoSwap), errors.Is(err, plans.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	}
	f.Notice = fmt.Sprintf("Swap undone: from %s on, your plan uses %s again.", longDate(from.Format(time.DateOnly)), s.exerciseTitle(ex))
	return s.flashBack(w, r, back, f)
}

func (s *Site) flashBack(w http.ResponseWriter, r *http.Request, back string, f planFlash) error {
	f.Section = true
	if err := s.setFlash(r, s.flashPage(back), f); err != nil {
		return err
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// takePlanFlash is the message a swap or change left for page.
func (s *Site) takePlanFlash(r *http.Request, page string) (planFlash, error) {
	var f planFlash
	if visitorOf(r).Secret == "" {
		return f, nil
	}
	_, err := s.takeFlash(r, page, &f)
	return f, err
}

// changeData is the page that changes days, minutes and equipment.
type changeData struct {
	Plan    *plans.Plan
	From    time.Time
	Form    answers
	Access  []Option
	Days    []int
	Summary string
}

// planChange shows the form to change days, minutes and equipment.
func (s *Site) planChange(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	pl, err := s.Plans.Active(r.Context(), v.User.ID)
	if errors.Is(err, plans.ErrNotFound) {
		http.Redirect(w, r, "/me/plan", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	f := answers{Values: map[string][]string{"days_per_week": {strconv.Itoa(pl.Profile.DaysPerWeek)},
		"minutes_per_day": {strconv.Itoa(pl.Profile.MinutesPerDay)}, "access": pl.Profile.Access}}
	return s.renderChange(w, r, http.StatusOK, v.User.ID, pl, f)
}

func (s *Site) renderChange(w http.ResponseWriter, r *http.Request, status int, userID int64, pl *plans.Plan, f answers) error {
	from, err := s.Plans.SettingsFrom(r.Context(), userID)
	if err != nil {
		return err
	}
	p := &Page{Title: "Change days, minutes or equipment", NoIndex: true, Data: changeData{Plan: pl, From: from, Form: f,
		Access: accessOptions, Days: []int{1, 2, 3, 4, 5, 6, 7}}}
	if len(f.Errors) > 0 {
		p.Alert, p.AlertLink = "Please check the answers marked below.", "#change-form"
	}
	return s.render(w, r, status, "plan-change", p)
}

// planChangePost changes the plan's settings from the day to come on.
func (s *Site) planChangePost(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	pl, err := s.Plans.Active(r.Context(), v.User.ID)
	if errors.Is(err, plans.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	f := answers{Values: r.PostForm}
	var set plans.Settings
	for _, n := range []struct {
		field string
		to    **int
	}{{"days_per_week", &set.DaysPerWeek}, {"minutes_per_day", &set.MinutesPerDay}} {
		x, err := strconv.Atoi(r.PostForm.Get(n.field))
		if err != nil {
			f.Errors.Add(n.field, startWording[n.field])
			continue
		}
		*n.to = &x
	}
	access := r.PostForm["access"]
	if access == nil {
		access = []string{}
	}
	set.Access = &access
	from, err := s.Plans.SettingsFrom(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	if len(f.Errors) == 0 {
		_, err = s.Plans.ChangeSettings(r.Context(), v.User.ID, set)
		var ve validate.Errors
		switch {
		case errors.As(err, &ve):
			for _, e := range ve {
				msg := startWording[e.Field]
				if msg == "" {
					msg = e.Message
				}
				f.Errors.Add(e.Field, msg)
			}
		case err != nil:
			return err
		}
	}
	if len(f.Errors) > 0 {
		return s.renderChange(w, r, http.StatusUnprocessableEntity, v.User.ID, pl, f)
	}
	return s.flashBack(w, r, "/me/plan", planFlash{Notice: fmt.Sprintf(
		"Saved. From %s on, your plan follows your new settings; the days you have already lived stay as they were.", longDate(from.Format(time.DateOnly)))})
}
