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

// answers is a submitted form's values and the errors found in them; the
// templates read every answer back from it, so an error keeps them all.
type answers struct {
	Values url.Values
	Errors validate.Errors
}

func (a answers) Get(field string) string      { return a.Values.Get(field) }
func (a answers) Has(field, value string) bool { return slices.Contains(a.Values[field], value) }
func (a answers) Err(field string) string      { return a.Errors.For(field) }
func (a answers) Pain(name, legend string) painQ {
	return painQ{name, legend, a.Get(name), a.Err(name)}
}

// painQ is one 0-10 pain question, drawn by the "pain-scale" template.
type painQ struct {
	Name, Legend, Value, Error string
}

// sessionItem is one planned item of today's session, with what the
// guided player needs to time it.
type sessionItem struct {
	itemView
	Index int
	Timer string // "hold", "reps" or "aerobic"
}

// Field names of an item's answers in the session form.
func (it sessionItem) Field() string        { return fmt.Sprintf("item_%d", it.Index) }
func (it sessionItem) MinutesField() string { return fmt.Sprintf("item_%d_minutes", it.Index) }

var legOptions = []Option{
	{"none", "I have no leg symptoms"},
	{"further_down", "They spread further down the leg"},
	{"same", "They stayed the same"},
	{"closer", "They moved closer to the back"},
	{"gone", "They went away"},
}

var itemOptions = []Option{{"done", "Done"}, {"skipped", "Skipped"}, {"too_painful", "Too painful"}}

// warningSigns are the red-flag questions in the plain words of the
// referral reasons.
func warningSigns() []Option {
	var out []Option
	for _, f := range append(slices.Clone(coach.EmergencyFlags), coach.UrgentFlags...) {
		t := coach.ReasonText[f]
		if t == "" {
			t = strings.ReplaceAll(f, "_", " ")
		}
		out = append(out, Option{f, strings.ToUpper(t[:1]) + t[1:]})
	}
	return out
}

type todayData struct {
	State     *progress.State
	Date      time.Time
	Week, Day int
	InPlan    bool
	Rest      bool
	Items     []sessionItem
	Minutes   int
	Logged    *coach.Log // today's session, once logged
	// EarlierToday is today's session logged on the member's earlier
	// plan (a new plan made the same day): the page says so instead of
	// offering a second full session, unless they ask for one (?again=1).
	EarlierToday *coach.Log
	Notice       string // the thank-you after a form
	Adjustments  []coach.Adjustment
	Note         *noteView  // a linked clinician's latest note
	Morning      *coach.Log // a session still waiting for its next-morning pain
	MorningForm  answers
	CheckinDue   bool
	// CheckinFirst: no check-in yet, so the one due is the baseline,
	// offered after the session rather than as "this week's" above it.
	CheckinFirst bool
	Form         answers
	Legs         []Option
	ItemChoices  []Option
	Signs        []Option
	// The earlier days (daylog.go): the days the member may log or
	// correct, whether the page is for one before today, and the log
	// being corrected.
	Days    []dayChoice
	Past    bool
	Correct *coach.Log
	Swaps   swapsView // other exercises the member may pick (plan_inputs.go)
}

// Was is the fingerprint of the log being corrected (logFingerprint).
func (d todayData) Was() string {
	if d.Correct == nil {
		return ""
	}
	return logFingerprint(*d.Correct)
}

// Lived reports whether the log being corrected keeps its answers but
// for the next-morning pain and the note.
func (d todayData) Lived() bool { return d.Correct != nil && d.State.Lived(*d.Correct) }

// today shows today's session: a plain form, or with JavaScript a guided
// player, plus the next-morning and weekly check-ins when they are due.
func (s *Site) today(w http.ResponseWriter, r *http.Request) error {
	v, st, err := s.memberPage(r)
	if err != nil {
		return err
	}
	d := s.todayFor(st, st.Today)
	if d.Note, err = s.latestClinicianNote(r, v.User); err != nil {
		return err
	}
	q := r.URL.Query()
	if l := st.LoggedToday(); d.Logged == nil && l != nil && q.Get("again") == "" {
		d.EarlierToday = l
	}
	if id, err := strconv.ParseInt(q.Get("logged"), 10, 64); err == nil {
		if l, err := s.Progress.Log(r.Context(), v.User.ID, id); err == nil {
			d.Notice = sessionThanks(st.Plan.Profile, l)
		}
	}
	if id, err := strconv.ParseInt(q.Get("morning"), 10, 64); err == nil {
		if l, err := s.Progress.Log(r.Context(), v.User.ID, id); err == nil {
			d.Notice = morningThanks(st.Plan.Profile, l)
		}
	}
	if id, err := strconv.ParseInt(q.Get("activity"), 10, 64); err == nil {
		if l, err := s.Progress.Log(r.Context(), v.User.ID, id); err == nil && len(l.Items) > 0 {
			d.Notice = fmt.Sprintf("Thank you: %d minutes of %s on %s are in your log.", l.Items[0].Minutes, s.exerciseName(l.Items[0].Exercise), longDate(l.Date))
		}
	}
	switch q.Get("done") {
	case "rescreen":
		d.Notice = "Thank you for answering the warning-sign questions again. None of them applies, so your plan goes on; go gently, and stop anything that sends symptoms further down the leg."
	case "rescreen-cleared":
		d.Notice = "Thank you. The signs you ticked are ones a clinician has already checked, so your plan goes on. If anything new appears or gets worse, contact them."
	}
	day := dayView{Date: st.Today}
	for _, it := range d.Items {
		day.Items = append(day.Items, it.itemView)
	}
	f, err := s.takePlanFlash(r, "today")
	if err != nil {
		return err
	}
	d.Swaps = s.swapsFor(r, st.Plan, []dayView{day}, st.Today, "/me/today", f)
	return s.dayPage(w, r, v.User.ID, st, d)
}

// memberPage starts a member's page: signed in, and their adapted plan
// loaded for the date their device sends (?local=).
func (s *Site) memberPage(r *http.Request) (*visitor, *progress.State, error) {
	v, err := s.requireUser(r)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.current(r, v.User.ID, r.URL.Query().Get("local"))
	return v, st, err
}

// memberPost starts a member's form post: signed in, the form read and
// their adapted plan loaded.
func (s *Site) memberPost(r *http.Request) (*visitor, *progress.State, answers, error) {
	v, err := s.requireUser(r)
	if err != nil {
		return nil, nil, answers{}, err
	}
	if err := parseForm(r); err != nil {
		return nil, nil, answers{}, err
	}
	st, err := s.current(r, v.User.ID, r.PostForm.Get("local"))
	if err != nil {
		return nil, nil, answers{}, err
	}
	return v, st, answers{Values: r.PostForm}, nil
}

// current loads the member's adapted plan; without a plan the answer is
// the way to /start, and for a paused plan the referral instead of
// exercises.
func (s *Site) current(r *http.Request, userID int64, local string) (*progress.State, error) {
	st, err := s.Progress.Current(r.Context(), userID, local)
	switch {
	case errors.Is(err, progress.ErrNoPlan):
		return nil, s.message(http.StatusOK, "Today", map[string]string{
			"Heading": "You have no plan yet", "Text": "Today’s session comes from your plan. Answer a few questions to get a gentle 12-week plan, then save it to your account.",
			"Link": "/start", "LinkText": "Build my plan"})
	case err != nil:
		return nil, err
	case st.Result.Status == coach.StatusReferred && st.Result.Referral != nil:
		return nil, &pageError{why: "the plan is paused", show: func(w http.ResponseWriter, r *http.Request) error {
			return s.showPaused(w, r, st.Result)
		}}
	}
	return st, nil
}

// todayFor is the page for the session on date, with the check-ins due.
func (s *Site) todayFor(st *progress.State, date time.Time) todayData {
	d := todayData{State: st, Date: date, Form: answers{Values: url.Values{}}, MorningForm: answers{Values: url.Values{}},
		Legs: legOptions, ItemChoices: itemOptions, Signs: warningSigns(), Adjustments: st.Result.Adjustments}
	d.Week, d.Day, d.InPlan = coach.PlanDay(st.Plan.Start, date)
	if d.InPlan && d.Week <= len(st.Result.Weeks) {
		day := st.Result.Weeks[d.Week-1].Days[d.Day-1]
		d.Rest = day.Rest
		for i, it := range day.Items {
			e, _ := s.Plans.Library().Get(it.Exercise)
			si := sessionItem{itemView: itemView{Item: it, Exercise: e, Dose: s.dose(it)}, Index: i, Timer: "reps"}
			switch {
			case it.Block == coach.Aerobic:
				si.Timer = "aerobic"
			case it.HoldSeconds > 0:
				si.Timer = "hold"
			}
			d.Items = append(d.Items, si)
			d.Minutes += it.Minutes
		}
	} else {
		d.InPlan = false
	}
	iso := date.Format(time.DateOnly)
	for i := range st.Logs {
		l := &st.Logs[i]
		if l.Kind != coach.KindSession {
			continue
		}
		if l.Date == iso {
			d.Logged = l
		}
		if l.PainNextMorning == nil {
			if ld, err := time.Parse(time.DateOnly, l.Date); err == nil {
				if days := int(date.Sub(ld).Hours() / 24); days >= 1 && days <= 3 && (d.Morning == nil || l.Date > d.Morning.Date) {
					d.Morning = l
				}
			}
		}
	}
	// Only the latest session asks: an older one that is still open has
	// been overtaken by the next.
	if d.Morning != nil {
		for _, l := range st.Logs {
			if l.Kind == coach.KindSession && l.Date > d.Morning.Date && l.Date < iso {
				d.Morning = nil
				break
			}
		}
	}
	if st.Week > 0 {
		d.CheckinDue = !slices.ContainsFunc(st.Checkins, func(c progress.Checkin) bool { return c.Week == st.Week })
		d.CheckinFirst = len(st.Checkins) == 0
	}
	return d
}

func (s *Site) renderToday(w http.ResponseWriter, r *http.Request, status int, st *progress.State, d todayData) error {
	d.Days, d.Past = logWindow(st, d.Date), !d.Date.Equal(st.Today)
	if d.Past { // the check-ins belong to today's page
		d.Morning, d.CheckinDue = nil, false
	}
	p := &Page{Title: "Today", NoIndex: true, Data: d}
	if d.Past {
		p.Title = "Week " + itoa(d.Week) + ", day " + itoa(d.Day)
	}
	if len(d.Form.Errors) > 0 {
		p.Alert, p.AlertLink = "Please check the answers marked below; everything you entered is kept.", "#session-form"
		if msg := d.Form.Err("date"); msg != "" {
			p.Alert = msg
		}
	}
	if len(d.MorningForm.Errors) > 0 {
		p.Alert, p.AlertLink = d.MorningForm.Errors[0].Message, "#morning"
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "today", p)
}

// todayPost stores the session form: pain before, each item, pain during
// and after, leg symptoms, numbness or weakness, warning signs and a note.
func (s *Site) todayPost(w http.ResponseWriter, r *http.Request) error {
	v, st, f, err := s.memberPost(r)
	if err != nil {
		return err
	}
	date := st.Today
	if raw := f.Get("date"); raw != "" {
		t, err := time.Parse(time.DateOnly, raw)
		switch {
		case err != nil:
			f.Errors.Add("date", "The session’s date is not a day (YYYY-MM-DD); please reload the page and try again")
		case !t.After(st.Today) && !t.Before(st.Plan.Start) && !inWindow(st, t):
			// (the future and days outside the plan have their own messages below)
			f.Errors.Add("date", outsideWindow(longDate(raw)))
		default:
			date = t
		}
	}
	d := s.todayFor(st, date)
	if len(f.Errors) == 0 && (!d.InPlan || d.Rest) {
		f.Errors.Add("date", "There is no session planned on "+date.Format("2 January 2006")+"; log outside activity with the activity form instead")
	}
	if len(f.Errors) > 0 { // show today's form again, with the message
		d = s.todayFor(st, st.Today)
	}
	// A day already logged says so first, whatever else the form holds
	// (a second tab, a reload): nothing is stored twice.
	if len(f.Errors) == 0 && slices.ContainsFunc(st.Logs, func(x coach.Log) bool {
		return x.Kind == coach.KindSession && x.Week == d.Week && x.Day == d.Day
	}) {
		return s.render(w, r, http.StatusConflict, "today", &Page{Title: "Today", NoIndex: true,
			Alert: "This session (week " + itoa(d.Week) + ", day " + itoa(d.Day) + ") is already in your log, so nothing was stored twice.", Data: s.todayFor(st, st.Today)})
	}
	l := coach.Log{Kind: coach.KindSession, Week: d.Week, Day: d.Day, Date: date.Format(time.DateOnly), RedFlags: []string{}, Items: []coach.LogItem{}}
	if len(f.Errors) == 0 {
		l = sessionFromForm(&f, d, l)
	}
	if len(f.Errors) == 0 {
		saved, err := s.Progress.AddLog(r.Context(), v.User.ID, l)
		var ve validate.Errors
		switch {
		case err == nil:
			if len(saved.RedFlags) > 0 {
				if err := s.referral(r, v.User.ID); err != nil {
					return err
				}
			}
			to := fmt.Sprintf("/me/today?logged=%d", saved.ID)
			if !date.Equal(st.Today) {
				to += "&date=" + date.Format(time.DateOnly)
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return nil
		case errors.Is(err, progress.ErrDuplicate):
			d.Form = f
			return s.render(w, r, http.StatusConflict, "today", &Page{Title: "Today", NoIndex: true,
				Alert: "This session (week " + itoa(d.Week) + ", day " + itoa(d.Day) + ") is already in your log, so nothing was stored twice.", Data: d})
		case errors.As(err, &ve):
			wordLogErrors(&f, ve)
		default:
			return err
		}
	}
	d.Form = f
	return s.renderToday(w, r, http.StatusUnprocessableEntity, st, d)
}

// wordLogErrors puts the errors of progress.AddLog or UpdateLog
// (coach.ValidateLog's fields) at the session form's questions.
func wordLogErrors(f *answers, ve validate.Errors) {
	for _, e := range ve {
		field := e.Field
		if i := strings.Index(field, "."); strings.HasPrefix(field, "items[") && i > 0 {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(field[:i], "items["), "]"))
			field = fmt.Sprintf("item_%d", n)
		}
		if field == "week" || field == "day" {
			field = "date"
		}
		f.Errors.Add(field, cmp.Or(sessionWording[field], sentence(e.Message)))
	}
}

// sessionWording words coach.ValidateLog's errors for the session
// form's questions, by field (a tampered value: the form offers only
// good ones).
var sessionWording = map[string]string{
	"leg_symptoms":      "Please choose one of the answers about leg symptoms",
	"red_flags":         "Please tick only warning signs from the list",
	"pain_before":       painWording,
	"pain_during":       painWording,
	"pain_after":        painWording,
	"pain_next_morning": painWording,
}

// painWording words coach.ValidateLog's range for a pain score.
const painWording = "Pain is a whole number from 0 (no pain) to 10 (worst imaginable)"

// sessionFromForm reads the session form into a log, adding an error at
// each question that is missing or out of range.
func sessionFromForm(f *answers, d todayData, l coach.Log) coach.Log {
	pain := func(name, what string) *int {
		raw := strings.TrimSpace(f.Get(name))
		n, err := strconv.Atoi(raw)
		switch {
		case raw == "":
			f.Errors.Add(name, "Please choose "+what+", from 0 (no pain) to 10 (worst imaginable)")
		case err != nil: // the range is coach.ValidateLog's (sessionWording)
			f.Errors.Add(name, painWording)
		default:
			return &n
		}
		return nil
	}
	l.PainBefore = pain("pain_before", "how your back felt before the session")
	for _, it := range d.Items {
		li := coach.LogItem{Exercise: it.Item.Exercise}
		switch f.Get(it.Field()) {
		case "done":
			li.Done = true
			li.Minutes = it.Item.Minutes
		case "skipped", "too_painful":
			li.Skipped = f.Get(it.Field())
		case "":
			f.Errors.Add(it.Field(), "Please say whether you did "+it.Exercise.Name+", skipped it, or found it too painful")
		default:
			f.Errors.Add(it.Field(), "Please choose done, skipped or too painful for "+it.Exercise.Name)
		}
		if it.Timer == "aerobic" && li.Done {
			raw := strings.TrimSpace(f.Get(it.MinutesField()))
			n, err := strconv.Atoi(raw)
			switch {
			case raw == "":
				f.Errors.Add(it.MinutesField(), "Please enter how many minutes of "+it.Exercise.Name+" you did, from 1 to 600")
			case err != nil || n < 1 || n > 600:
				f.Errors.Add(it.MinutesField(), "Minutes are a whole number from 1 to 600")
			default:
				li.Minutes = n
			}
		}
		if li.Done {
			l.Done = true
		}
		l.Items = append(l.Items, li)
	}
	l.PainDuring = pain("pain_during", "the worst pain during the session")
	l.PainAfter = pain("pain_after", "how your back feels now, after the session")
	switch x := f.Get("leg_symptoms"); {
	case x == "":
		f.Errors.Add("leg_symptoms", "Please say what your leg symptoms did (choose “I have no leg symptoms” if you have none)")
	default:
		l.LegSymptoms = x // coach.ValidateLog checks the value (sessionWording)
	}
	switch f.Get("new_numbness") {
	case "yes":
		l.NewNumbnessOrWeakness = true
	case "no":
	default:
		f.Errors.Add("new_numbness", "Please answer yes or no: any new numbness or weakness?")
	}
	for _, x := range f.Values["red_flags"] {
		if !slices.Contains(l.RedFlags, x) {
			l.RedFlags = append(l.RedFlags, x)
		}
	}
	l.Note = strings.TrimSpace(f.Get("note")) // checked by progress.AddLog (coach.ValidateLog)
	return l
}

// restingHigh is the thank-you for a log whose pain the plan counts as
// a flare although the session-by-session texts below would not: severe
// resting pain, or resting pain well above where the person started.
func restingHigh(p coach.Profile, l coach.Log) string {
	return fmt.Sprintf("Your pain at rest is well above the %d/10 you started your plan with, or 8/10 or more: we have eased your next sessions, and ask you to answer the warning-sign questions again. If it does not settle within a few days, please see a physiotherapist or doctor.", p.PainNow)
}

// sessionThanks explains what the pain rule makes of a logged session,
// as the plan judges it for this person (coach.BreaksPainRuleFor).
func sessionThanks(p coach.Profile, l coach.Log) string {
	msg := "Thank you: your session is logged. "
	if len(l.RedFlags) == 0 && !l.Worsened() && coach.BreaksPainRuleFor(p, l) && !l.BreaksPainRule() {
		return msg + restingHigh(p, l)
	}
	if slices.ContainsFunc(l.Items, func(it coach.LogItem) bool { return it.Skipped == "too_painful" }) {
		msg += "You marked an exercise as too painful: from your next session your plan puts its easier version in its place, or leaves it out where there is none, and it will not get harder. If it is too painful again when it comes back, mark it again and we take it out of your plan; if it keeps hurting, ask a physiotherapist. "
	}
	switch {
	case len(l.RedFlags) > 0:
		return msg + "You ticked a warning sign: please read the advice on this page and contact a clinician as it says."
	case l.Worsened():
		return msg + "Leg symptoms that spread further down the leg, or new numbness or weakness, are never an acceptable reaction: we take out the exercise most likely to have brought them on (one that was new, or that bends your back the furthest), keep your dose where it is, and ask you to answer the warning-sign questions again. With spinal stenosis, after a walk we shorten your walks instead and keep your forward bends."
	case l.PainBefore != nil && *l.PainBefore > 5:
		return msg + highPainThanks(p, l)
	case l.PainAfter != nil && *l.PainAfter > 5:
		return msg + fmt.Sprintf("Pain %d/10 after is above 5: we have eased your next sessions, and ask you to answer the warning-sign questions again.", *l.PainAfter)
	case l.PainDuring != nil && *l.PainDuring > 5:
		return msg + fmt.Sprintf("Pain %d/10 during the session is above 5: we have eased your next sessions, and ask you to answer the warning-sign questions again.", *l.PainDuring)
	case l.PainBefore != nil:
		// The rule in the words of the plan and Today pages ("above 5 out
		// of 10", "fine if it settles by the next morning"); the morning
		// part is coach.Log.brokeNextMorning for pain before of 5 or less.
		return msg + fmt.Sprintf("Pain stayed within the pain rule: up to 5 out of 10 during and after is fine if it settles by the next morning. Tomorrow morning we will ask how your back feels: if it is above 5 out of 10, or 2 points or more above today’s %d before, we will ease your next sessions.", *l.PainBefore)
	}
	return msg
}

// highPainThanks explains the pain rule for someone whose pain before
// the session was already above 5: it is judged against that.
func highPainThanks(p coach.Profile, l coach.Log) string {
	b, top := *l.PainBefore, *l.PainBefore
	for _, p := range []*int{l.PainDuring, l.PainAfter} {
		if p != nil {
			top = max(top, *p)
		}
	}
	if coach.BreaksPainRuleFor(p, l) {
		return fmt.Sprintf("Your pain rose from %d/10 before to %d/10: we have eased your next sessions, and ask you to answer the warning-sign questions again.", b, top)
	}
	return fmt.Sprintf("Your pain was already %d/10 before and did not rise by 2 points or more: within the pain rule for you. Tomorrow morning we will ask again: if it is above %d/10, we will ease your next sessions.", b, b)
}

// morningThanks explains the next-morning part of the pain rule, as the
// plan judges it for this person.
func morningThanks(p coach.Profile, l coach.Log) string {
	if l.PainNextMorning == nil || l.PainBefore == nil {
		return "Thank you: your morning answer is saved."
	}
	m, b := *l.PainNextMorning, *l.PainBefore
	if m >= coach.SevereResting || (coach.BreaksPainRuleFor(p, l) && !l.BreaksPainRule()) {
		return "Thank you. " + restingHigh(p, l)
	}
	if b > 5 { // judged against pain before (coach.BreaksPainRule)
		if m > b {
			return fmt.Sprintf("Thank you. Pain %d/10 this morning is above the %d/10 before the session: we have eased your next sessions. Keep moving gently, and please answer the warning-sign questions again.", m, b)
		}
		return fmt.Sprintf("Thank you. Pain %d/10 this morning is back to the %d/10 you started with or lower: it settled within the pain rule.", m, b)
	}
	if m-b >= 2 {
		return fmt.Sprintf("Thank you. Pain %d/10 this morning is %d points above the %d/10 before the session: we have eased your next sessions. Keep moving gently, and please answer the warning-sign questions again.", m, m-b, b)
	}
	if m > 5 {
		return fmt.Sprintf("Thank you. Pain %d/10 this morning has not settled to 5/10 or less: we have eased your next sessions. Keep moving gently, and please answer the warning-sign questions again.", m)
	}
	return fmt.Sprintf("Thank you. Pain %d/10 this morning against %d/10 before the session: it settled within the pain rule.", m, b)
}

// sessionLog is the member's session log the path's id names; another
// member's log, another kind of log or no log at all is errNotFound.
func (s *Site) sessionLog(r *http.Request, userID int64) (coach.Log, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return coach.Log{}, errNotFound
	}
	l, err := s.Progress.Log(r.Context(), userID, id)
	switch {
	case errors.Is(err, progress.ErrNotFound):
		return coach.Log{}, errNotFound
	case err != nil:
		return coach.Log{}, err
	case l.Kind != coach.KindSession:
		return coach.Log{}, errNotFound
	}
	return l, nil
}

// morningPost stores the next-morning pain of one of the member's logs.
func (s *Site) morningPost(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	l, err := s.sessionLog(r, v.User.ID)
	if err != nil {
		return err
	}
	st, err := s.current(r, v.User.ID, r.PostFormValue("local"))
	if err != nil {
		return err
	}
	f := answers{Values: r.PostForm}
	raw := strings.TrimSpace(f.Get("pain_next_morning"))
	n, perr := strconv.Atoi(raw)
	switch {
	case raw == "":
		f.Errors.Add("pain_next_morning", "Please choose how your back is this morning, from 0 (no pain) to 10 (worst imaginable)")
	case perr != nil: // the range is coach.ValidateLog's
		f.Errors.Add("pain_next_morning", painWording)
	case l.Date >= st.Today.Format(time.DateOnly):
		f.Errors.Add("pain_next_morning", "The next-morning question opens the day after the session")
	}
	if len(f.Errors) == 0 {
		l.PainNextMorning = &n
		_, err := s.Progress.UpdateLog(r.Context(), v.User.ID, l)
		var ve validate.Errors
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/me/today?morning=%d", l.ID), http.StatusSeeOther)
			return nil
		case errors.Is(err, progress.ErrNotFound):
			return errNotFound
		case errors.As(err, &ve):
			f.Errors.Add("pain_next_morning", cmp.Or(sessionWording[ve[0].Field], sentence(ve[0].Message)))
		default:
			return err
		}
	}
	d := s.todayFor(st, st.Today)
	d.Morning, d.MorningForm = &l, f
	return s.renderToday(w, r, http.StatusUnprocessableEntity, st, d)
}

func (s *Site) exerciseName(id string) string {
	if e, ok := s.Plans.Library().Get(id); ok {
		return strings.ToLower(e.Name[:1]) + e.Name[1:]
	}
	return id
}

func longDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("Monday 2 January")
}

// LongDate writes a log's date for people.
func (todayData) LongDate(iso string) string { return longDate(iso) }
