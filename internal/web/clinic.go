package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/progress"
)

// requireClinician is the signed-in clinician; anyone else signed in is
// refused (403, as the editor's pages refuse members), and a visitor is
// sent to log in first.
func (s *Site) requireClinician(r *http.Request) (*visitor, error) {
	v, err := s.requireUser(r)
	if err != nil {
		return nil, err
	}
	if v.User.Role != account.Clinician {
		return nil, s.message(http.StatusForbidden, "Not allowed", map[string]string{"Heading": "These pages are for clinicians",
			"Text": "The clinic's pages are for clinician accounts following the patients who linked to them. To share your own plan with a physiotherapist, link with them on your Clinicians page.",
			"Link": "/me/clinicians", "LinkText": "Your clinicians"})
	}
	return v, nil
}

// clinicianPatient is the clinician and the patient id of the path.
func (s *Site) clinicianPatient(r *http.Request) (*visitor, int64, error) {
	v, err := s.requireClinician(r)
	if err != nil {
		return nil, 0, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, 0, errNotFound
	}
	return v, id, nil
}

// clinicErr is the page for a domain error: a patient who is not linked
// (or no longer) is the 404 page, like a page that never existed.
func clinicErr(err error) error {
	if errors.Is(err, clinic.ErrNotFound) || errors.Is(err, clinic.ErrNotClinician) {
		return errNotFound
	}
	return err
}

// endedPatient is the page of a link its member ended: who ended it and
// when (410), and nothing of their data; any other unknown patient is
// the plain 404 page.
func (s *Site) endedPatient(r *http.Request, u *account.User, id int64) error {
	l, err := s.Clinic.EndedPatient(r.Context(), u, id)
	if err != nil {
		return clinicErr(err)
	}
	loc, err := s.zoneOf(r)
	if err != nil {
		return err
	}
	on := l.Ended.In(loc).Format("2 January 2006")
	who := fmt.Sprintf("%s ended your access on %s.", l.MemberEmail, on)
	switch l.EndedBy {
	case clinic.EndedByRole:
		who = fmt.Sprintf("Your access to %s ended on %s, when your account stopped being a clinician's: %s did not end it.", l.MemberEmail, on, l.MemberEmail)
	case "":
		who = fmt.Sprintf("Your access to %s ended on %s.", l.MemberEmail, on)
	}
	return s.message(http.StatusGone, "No longer shared", map[string]string{
		"Heading":  "No longer shared with you",
		"Text":     who + " Their plan, logs, check-ins and notes are no longer shared with you, and your prescriptions no longer act on their plan. If they want you to follow them again, give them a new invite code.",
		"Link":     "/clinic/",
		"LinkText": "Your patients",
	})
}

// clinicDashboard lists the clinician's patients, who needs attention first.
func (s *Site) clinicDashboard(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireClinician(r)
	if err != nil {
		return err
	}
	rows, err := s.Clinic.Dashboard(r.Context(), v.User)
	if err != nil {
		return clinicErr(err)
	}
	ended, err := s.Clinic.EndedPatients(r.Context(), v.User)
	if err != nil {
		return clinicErr(err)
	}
	loc, err := s.zoneOf(r)
	if err != nil {
		return err
	}
	d := struct {
		Patients []patientRow
		Ended    []endedRow
	}{}
	for _, row := range rows {
		d.Patients = append(d.Patients, rowView(row, s.Now()))
	}
	for _, l := range ended {
		d.Ended = append(d.Ended, endedRow{Email: l.MemberEmail, Ended: l.Ended.In(loc)})
	}
	return s.render(w, r, http.StatusOK, "clinic", &Page{Title: "Your patients", NoIndex: true, Data: d})
}

// endedRow is a patient who ended the clinician's access: who and when.
type endedRow struct {
	Email string
	Ended time.Time
}

// rowView words a dashboard row.
func rowView(r clinic.Row, now time.Time) patientRow {
	v := patientRow{ID: r.ID, Name: r.Name, NoPlan: r.NoPlan, Flags: flagViews(r.Flags)}
	if r.Adherence != nil {
		v.Adherence = fmt.Sprintf("%d%% of planned sessions done", *r.Adherence)
	}
	if t := r.PainTrend; t.Last != nil {
		tv := &trendView{Arrow: t.Arrow, Direction: "flat", Word: "steady"}
		switch t.Arrow {
		case "↑":
			tv.Direction, tv.Word = "up", "rising"
		case "↓":
			tv.Direction, tv.Word = "down", "falling"
		}
		tv.Words = fmt.Sprintf("%s/10 after sessions in the last 7 days", one(round1(*t.Last)))
		if t.Change != nil {
			tv.Words += fmt.Sprintf(" (%s on the 7 before)", signed(*t.Change))
		}
		v.Pain = tv
	}
	c := r.Checkins
	if c.Pain != nil {
		v.Checkins = append(v.Checkins, changeWords("Pain (NPRS)", float64(*c.Pain), c.PainMeaningful, "2 points or 30%"))
	}
	if c.PSFS != nil {
		v.Checkins = append(v.Checkins, changeWords("Activities (PSFS)", *c.PSFS, c.PSFSMeaningful, "2 points on average"))
	}
	if r.LastLog != nil {
		v.LastLog, _ = time.Parse(time.DateOnly, *r.LastLog)
	}
	if r.ReviewDue != nil {
		if d, err := time.Parse(time.DateOnly, *r.ReviewDue); err == nil {
			v.Review = "on " + d.Format("2 January 2006")
			if !d.After(now) {
				v.Review = "due since " + d.Format("2 January 2006")
			}
		}
	}
	return v
}

// changeWords is a check-in change against baseline with its meaning.
func changeWords(measure string, change float64, meaningful bool, threshold string) string {
	s := fmt.Sprintf("%s %s", measure, signed(change))
	if meaningful {
		return s + ", a meaningful change"
	}
	return s + ", not yet meaningful (" + threshold + ")"
}

// signed formats a change with its sign (a true minus sign).
func signed(f float64) string {
	switch r := round1(f); {
	case r > 0:
		return "+" + one(r)
	case r < 0:
		return "−" + one(-r)
	}
	return "±0"
}

// patientData is the patient page and the report.
type patientData struct {
	Row           patientRow
	Since         time.Time
	Progress      *progressView
	Prescriptions []rxView
	Notes         []noteView
	ReportNotes   []noteView // the newest of Notes, cut for the one-page report
	MoreNotes     int        // the notes the report leaves to the patient page
	Logs          []logRow
	EarlierLogs   int
	RecentLogs    []logRow // the report's few
	ReportRx      []rxView // the report's prescriptions, reasons cut short
	MoreRx        int      // prescriptions the report leaves to the patient page
	Checkins      []checkinRow
	Rescreens     []rescreenRow
	Answers       []Option // the answers the plan was built from, as /me/settings words them
	// AnswersNotShared is a patient with a plan whose consent for this
	// link does not list their answers (clinic.AnswersItem).
	AnswersNotShared bool
	Library          []Option // every exercise, for "add"
	PlanExercises    []Option // the plan's exercises, for "leave out"
	Form             rxForm
	Confirm          *avoidConfirm
	NoteForm         noteForm
	NoteMax          int
	Notice           string
}

type rxView struct {
	ID             int64
	What           string
	Reason         string
	From           time.Time
	ConfirmedAvoid bool
	Misfit         string // why an added exercise fits no day now
}

type logRow struct {
	Date, Day, What, Pain, Morning, Note string
	Earlier                              bool // logged on a plan the member has since replaced
}

type checkinRow struct {
	Week       int
	Date, PSFS string
	Pain       int
}

type rescreenRow struct{ Date, Day, Result string }

type noteForm struct{ Text, Error string }

// patientForms are the forms to show again on the patient page.
type patientForms struct {
	rx               rxForm
	confirm          *avoidConfirm
	note             noteForm
	alert, alertLink string
}

// Logs the patient page shows (the rest are in the FHIR bundle), and the
// one-page report.
const (
	pageLogs    = 14
	reportLogs  = 6
	reportRx    = 6
	reportNote  = 140 // characters of a log's note or a prescription's reason in the report
	reportNotes = 2   // the newest notes of the thread in the report
	reportShort = 80  // characters of a note or a change's reason in the report
)

// clinicPatient is the patient page.
func (s *Site) clinicPatient(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.clinicianPatient(r)
	if err != nil {
		return err
	}
	return s.showPatient(w, r, http.StatusOK, v.User, id, patientForms{})
}

func (s *Site) showPatient(w http.ResponseWriter, r *http.Request, status int, u *account.User, id int64, f patientForms) error {
	d, err := s.patientData(r, u, id)
	if err != nil {
		return err
	}
	d.Form, d.Confirm, d.NoteForm = f.rx, f.confirm, f.note
	var fl cliniciansFlash
	if _, err := s.takeFlash(r, "patient", &fl); err != nil {
		return err
	}
	d.Notice = fl.Notice
	return s.render(w, r, status, "clinic-patient", &Page{Title: d.Row.Name, NoIndex: true, Alert: f.alert, AlertLink: f.alertLink, Data: d})
}

// clinicReport is the printable one-page report of a patient.
func (s *Site) clinicReport(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.clinicianPatient(r)
	if err != nil {
		return err
	}
	d, err := s.patientData(r, v.User, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "clinic-report", &Page{Title: "Report: " + d.Row.Name, NoIndex: true, Data: d})
}

// clinicFHIR is the patient's FHIR R4 bundle, as the member's own export.
func (s *Site) clinicFHIR(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.clinicianPatient(r)
	if err != nil {
		return err
	}
	memberID, logs, checkins, err := s.Clinic.PatientFHIR(r.Context(), v.User, id)
	if err != nil {
		return clinicErr(err)
	}
	return s.writeLogsFHIR(w, r, memberID, logs, checkins, fmt.Sprintf("supple-patient-%d-fhir.json", id))
}

// patientData loads the patient through the clinic service (which checks
// the link and logs the view) and words it.
func (s *Site) patientData(r *http.Request, u *account.User, id int64) (*patientData, error) {
	p, err := s.Clinic.Patient(r.Context(), u, id)
	if errors.Is(err, clinic.ErrNotFound) {
		return nil, s.endedPatient(r, u, id)
	} else if err != nil {
		return nil, clinicErr(err)
	}
	lib := s.Plans.Library()
	d := &patientData{Row: rowView(p.Row, s.Now()), Since: p.Link.Created, NoteMax: clinic.MaxNote,
		Notes: noteViews(p.Notes, true), Library: addable(lib.All()), Progress: &progressView{NoPlan: true}}
	for _, o := range p.Overrides {
		from, _ := time.Parse(time.DateOnly, o.From)
		d.Prescriptions = append(d.Prescriptions, rxView{ID: o.ID, What: s.rxWhat(o), Reason: o.Reason, From: from, ConfirmedAvoid: o.ConfirmedAvoid,
			Misfit: s.Clinic.Misfit(p, o)})
	}
	d.ReportRx = firstN(d.Prescriptions, reportRx)
	d.MoreRx = len(d.Prescriptions) - len(d.ReportRx)
	d.ReportRx = append([]rxView(nil), d.ReportRx...)
	for i := range d.ReportRx {
		d.ReportRx[i].Reason = cut(d.ReportRx[i].Reason, reportNote)
	}
	d.ReportNotes = append([]noteView(nil), d.Notes[max(len(d.Notes)-reportNotes, 0):]...)
	d.MoreNotes = len(d.Notes) - len(d.ReportNotes)
	for i := range d.ReportNotes {
		d.ReportNotes[i].Text = cut(d.ReportNotes[i].Text, reportShort)
	}
	d.PlanExercises = d.Library
	if st := p.State; st != nil {
		d.Progress = s.progressOf(st)
		// The report's recent changes are the newest of the patient page's
		// (a prescription among them), cut to fit its one page.
		all := d.Progress.Adjustments
		d.Progress.RecentAdjustments = append([]adjustmentView(nil), all[max(len(all)-summaryAdjustments, 0):]...)
		d.Progress.EarlierAdjustments = len(all) - len(d.Progress.RecentAdjustments)
		for i := range d.Progress.RecentAdjustments {
			d.Progress.RecentAdjustments[i].Reason = cut(d.Progress.RecentAdjustments[i].Reason, reportShort)
		}
		var reasons []string
		for _, rx := range st.Plan.Prescriptions {
			reasons = append(reasons, strings.TrimSpace(rx.Reason))
		}
		aboutThePatient(d.Progress, reasons)
		if p.Profile != nil {
			for _, a := range profileAnswers(*p.Profile) {
				d.Answers = append(d.Answers, Option{Value: thirdPerson(a.Value), Label: a.Label})
			}
		} else {
			d.AnswersNotShared = true
		}
		d.PlanExercises = s.planExercises(st, p.Overrides)
		d.Logs, d.EarlierLogs = s.logRows(st, pageLogs)
		d.RecentLogs, _ = s.logRows(st, reportLogs)
		for i := range d.RecentLogs {
			d.RecentLogs[i].Note = cut(d.RecentLogs[i].Note, reportNote)
		}
		for _, c := range st.Checkins {
			var acts []string
			for _, a := range c.PSFS {
				acts = append(acts, fmt.Sprintf("%s %d/10", a.Activity, a.Score))
			}
			d.Checkins = append(d.Checkins, checkinRow{Week: c.Week, Date: longDate(c.Date), Pain: c.Pain, PSFS: strings.Join(acts, "; ")})
		}
		d.Rescreens = rescreens(st)
	}
	return d, nil
}

// rxWhat words a prescription in force.
func (s *Site) rxWhat(o clinic.Override) string {
	switch o.Kind {
	case coach.PrescribeExclude:
		return "Left out: " + s.exerciseTitle(o.Exercise)
	case coach.PrescribeAdd:
		w := "Added: " + s.exerciseTitle(o.Exercise)
		if o.Dose != nil {
			var parts []string
			for _, p := range []struct {
				n    int
				unit string
			}{{o.Dose.Sets, "sets"}, {o.Dose.Reps, "repetitions"}, {o.Dose.HoldSeconds, "seconds' hold"}, {o.Dose.Minutes, "minutes"}} {
				if p.n > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", p.n, p.unit))
				}
			}
			if len(parts) > 0 {
				w += ", " + strings.Join(parts, ", ")
			}
		}
		return w
	case coach.PrescribeCapMinutes:
		return fmt.Sprintf("At most %d minutes a week", o.CapMinutes)
	}
	return "Review on " + longDate(o.ReviewOn)
}

// exerciseTitle is an exercise's name as the library writes it.
func (s *Site) exerciseTitle(id string) string {
	if e, ok := s.Plans.Library().Get(id); ok {
		return e.Name
	}
	return id
}

// planExercises are the exercises of the plan's weeks to come, by name.
func (s *Site) planExercises(st *progress.State, rxs []clinic.Override) []Option {
	seen := map[string]bool{}
	for _, o := range rxs { // left out already: not offered again
		if o.Kind == coach.PrescribeExclude {
			seen[o.Exercise] = true
		}
	}
	var list []*coach.Exercise
	for _, wk := range st.Result.Weeks {
		for _, day := range wk.Days {
			for _, it := range day.Items {
				if e, ok := s.Plans.Library().Get(it.Exercise); ok && !seen[it.Exercise] {
					seen[it.Exercise] = true
					list = append(list, e)
				}
			}
		}
	}
	return exerciseOptions(list)
}

// addable are the exercises a clinician may add: the library without its
// never list, which no confirmation adds.
func addable(all []*coach.Exercise) []Option {
	var list []*coach.Exercise
	for _, e := range all {
		if !e.Avoid {
			list = append(list, e)
		}
	}
	return exerciseOptions(list)
}

// logRows words the newest n logs, newest first, and says how many are
// left out.
func (s *Site) logRows(st *progress.State, n int) ([]logRow, int) {
	// The sessions of plans the member replaced come first: they are
	// older or, for a plan replaced the same day, from that morning.
	logs := st.AcrossPlans()
	var out []logRow
	for i := len(logs) - 1; i >= 0 && len(out) < n; i-- {
		l := logs[i]
		row := logRow{Date: l.Date, Day: longDate(l.Date), Note: l.Note, Pain: painSeries(l.PainBefore, l.PainDuring, l.PainAfter), Morning: "not given", Earlier: i < len(st.Earlier)}
		if l.PainNextMorning != nil {
			row.Morning = fmt.Sprintf("%d/10", *l.PainNextMorning)
		}
		switch {
		case l.Kind == coach.KindActivity && len(l.Items) > 0:
			row.What = fmt.Sprintf("Activity: %d min of %s", l.Items[0].Minutes, s.exerciseName(l.Items[0].Exercise))
		case !l.Done:
			row.What = fmt.Sprintf("Week %d, day %d: not done", l.Week, l.Day)
		default:
			done := 0
			for _, it := range l.Items {
				if it.Done {
					done++
				}
			}
			row.What = fmt.Sprintf("Week %d, day %d: %d of %d exercises", l.Week, l.Day, done, len(l.Items))
		}
		if l.LegSymptoms != "" && l.LegSymptoms != "none" {
			row.What += "; leg symptoms " + strings.ReplaceAll(l.LegSymptoms, "_", " ")
		}
		if l.NewNumbnessOrWeakness {
			row.What += "; new numbness or weakness"
		}
		out = append(out, row)
	}
	return out, len(logs) - len(out)
}

// cut shortens s to n characters, with an ellipsis.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n])) + "…"
	}
	return s
}

// painSeries words pain before, during and after ("–" for none given).
// "" when none was given.
func painSeries(ps ...*int) string {
	parts := make([]string, len(ps))
	given := false
	for i, p := range ps {
		parts[i] = "–"
		if p != nil {
			parts[i], given = strconv.Itoa(*p), true
		}
	}
	if !given {
		return ""
	}
	return strings.Join(parts, ", ")
}

// rescreens are the times the plan asked the warning-sign questions
// again, and whether it still waits for the answers.
func rescreens(st *progress.State) []rescreenRow {
	var out []rescreenRow
	for _, a := range st.Result.Adjustments {
		if a.Change != coach.ChangeRescreen {
			continue
		}
		d := coach.PlanDate(st.Plan.Start, max(a.Week, 1), max(a.Day, 1))
		out = append(out, rescreenRow{Date: d.Format(time.DateOnly), Day: d.Format("2 January 2006"), Result: a.Reason})
	}
	if st.Result.Rescreen {
		out = append(out, rescreenRow{Date: st.Today.Format(time.DateOnly), Day: st.Today.Format("2 January 2006"), Result: "Waiting for the patient's answers: " + st.Result.RescreenMessage})
	}
	return out
}
