package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/validate"
)

// rxForm is the prescription form that was sent, to show again with its
// errors: Kind says which of the four forms it was.
type rxForm struct {
	Kind     string
	Exercise string
	values   url.Values
	errors   map[string]string // by form field: exercise, dose, cap_minutes, review_on, reason
}

// For is the error of field in the form of kind, if that form was sent.
func (f rxForm) For(kind, field string) string {
	if f.Kind != kind {
		return ""
	}
	return f.errors[field]
}

// Value is what was typed in field of the form of kind.
func (f rxForm) Value(kind, field string) string {
	if f.Kind != kind {
		return ""
	}
	return f.values.Get(field)
}

// rxReason is the reason field of one form.
type rxReason struct{ ID, Text, Error string }

// Reason is the reason field of the form of kind.
func (f rxForm) Reason(kind string) rxReason {
	return rxReason{ID: "reason-" + strings.ReplaceAll(kind, "_", "-"), Text: f.Value(kind, "reason"), Error: f.For(kind, "reason")}
}

// avoidConfirm is the step that asks the clinician to confirm adding an
// exercise rated avoid for the patient: which rating, and why.
type avoidConfirm struct {
	Name    string
	Ratings []avoidRating
	Hidden  map[string]string // the form as sent, to send again with the confirmation
}

type avoidRating struct{ Condition, Why string }

// parseRx reads a prescription form into the domain's input. A number
// that is not one is a field error here; everything else is the
// domain's to judge (clinic.AddOverride).
func parseRx(v url.Values) (clinic.OverrideInput, rxForm, validate.Errors) {
	f := rxForm{Kind: v.Get("kind"), Exercise: v.Get("exercise"), values: v}
	in := clinic.OverrideInput{Reason: v.Get("reason"), ConfirmAvoid: v.Get("confirm_avoid") == "yes"}
	var e validate.Errors
	num := func(field, form string) int {
		s := strings.TrimSpace(v.Get(field))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			e.Add(form, "write a whole number, or leave it blank")
		}
		return n
	}
	switch f.Kind {
	case coach.PrescribeExclude:
		in.Exclude = f.Exercise
	case coach.PrescribeAdd:
		in.Add = f.Exercise
		in.Dose = &coach.Dose{Sets: num("sets", "dose"), Reps: num("reps", "dose"), HoldSeconds: num("hold_seconds", "dose"), Minutes: num("minutes", "dose")}
	case coach.PrescribeCapMinutes:
		n := num("cap_minutes", "cap_minutes")
		if strings.TrimSpace(v.Get("cap_minutes")) == "" {
			e.Add("cap_minutes", "write the most minutes a week")
		}
		in.CapMinutes = &n
	case coach.PrescribeReviewOn:
		in.ReviewOn = strings.TrimSpace(v.Get("review_on"))
	default:
		f.Kind = coach.PrescribeExclude
		e.Add("exercise", "choose one of the four kinds of prescription")
	}
	return in, f, e
}

// rxField is the form field a domain field error belongs to.
func rxField(field string) string {
	switch {
	case field == "exclude" || field == "add" || field == "exercise":
		return "exercise"
	case strings.HasPrefix(field, "dose"), field == "sets", field == "reps", field == "hold_seconds", field == "minutes":
		return "dose"
	case field == "cap_minutes", field == "review_on", field == "reason":
		return field
	}
	return "exercise"
}

// addOverride prescribes for the patient: the patient page again with
// the field's message when the domain refuses, the confirmation step for
// an exercise rated avoid, else back to the page.
func (s *Site) addOverride(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.clinicianPatient(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, f, ferr := parseRx(r.PostForm)
	var o clinic.Override
	if len(ferr) == 0 {
		o, err = s.Clinic.AddOverride(r.Context(), v.User, id, in)
	} else {
		err = ferr
	}
	var ve validate.Errors
	var avoid *clinic.AvoidError
	switch {
	case err == nil:
		return s.backToPatient(w, r, id, "The prescription is in the plan from "+rxFirstDay(o.From, s.Now())+"; the patient sees it with your name and reason.", "prescriptions")
	case errors.As(err, &avoid):
		e, _ := s.Plans.Library().Get(avoid.Exercise)
		c := &avoidConfirm{Name: avoid.Exercise, Hidden: map[string]string{}}
		if e != nil {
			c.Name = e.Name
		}
		cond := avoid.ConditionWords()
		if cond == "" {
			cond = "this patient (a rule of the coach; the never list cannot be confirmed)"
		}
		c.Ratings = []avoidRating{{Condition: cond, Why: sentence(avoid.Why)}}
		for _, k := range []string{"kind", "exercise", "sets", "reps", "hold_seconds", "minutes", "reason"} {
			c.Hidden[k] = r.PostForm.Get(k)
		}
		return s.showPatient(w, r, http.StatusOK, v.User, id, patientForms{rx: f, confirm: c})
	case errors.As(err, &ve):
		f.errors = map[string]string{}
		for _, fe := range ve {
			k := rxField(fe.Field)
			if _, ok := f.errors[k]; !ok {
				f.errors[k] = sentence(fe.Message)
			}
		}
		return s.showPatient(w, r, http.StatusUnprocessableEntity, v.User, id, patientForms{rx: f, alert: sentence(ve[0].Message), alertLink: "#rx-" + rxAnchor(f.Kind)})
	}
	return clinicErr(err)
}

// rxFirstDay words the first day a new prescription acts on, the same
// day the patient page lists and the member's plan uses: today, or
// tomorrow when today's session was logged already.
func rxFirstDay(from string, now time.Time) string {
	if from == now.UTC().Format(time.DateOnly) {
		return "today, " + longDate(from)
	}
	if from == now.UTC().AddDate(0, 0, 1).Format(time.DateOnly) {
		return "tomorrow, " + longDate(from) + " (today's session is logged already)"
	}
	return longDate(from)
}

func rxAnchor(kind string) string {
	switch kind {
	case coach.PrescribeCapMinutes:
		return "cap"
	case coach.PrescribeReviewOn:
		return "review"
	}
	return kind
}

// removeOverride ends one prescription.
func (s *Site) removeOverride(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.clinicianPatient(r)
	if err != nil {
		return err
	}
	oid, err := strconv.ParseInt(r.PathValue("oid"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := s.Clinic.RemoveOverride(r.Context(), v.User, id, oid); err != nil {
		return clinicErr(err)
	}
	return s.backToPatient(w, r, id, "The prescription was removed; from tomorrow the plan follows its own rules there again.", "prescriptions")
}

// patientNote is the clinician's note to the patient.
func (s *Site) patientNote(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.clinicianPatient(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	text := r.PostForm.Get("text")
	_, err = s.Clinic.AddPatientNote(r.Context(), v.User, id, text)
	var ve validate.Errors
	switch {
	case err == nil:
		return s.backToPatient(w, r, id, "Note sent. The patient sees it on their Today page.", "notes")
	case errors.As(err, &ve):
		msg := sentence(ve[0].Message)
		return s.showPatient(w, r, http.StatusUnprocessableEntity, v.User, id, patientForms{note: noteForm{Text: text, Error: msg}, alert: msg, alertLink: "#note-text"})
	}
	return clinicErr(err)
}

// backToPatient redirects to the patient page (POST, redirect, GET),
// with notice shown once there.
func (s *Site) backToPatient(w http.ResponseWriter, r *http.Request, id int64, notice, anchor string) error {
	if notice != "" {
		if err := s.setFlash(r, "patient", cliniciansFlash{Notice: notice}); err != nil {
			return err
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/clinic/patients/%d#%s", id, anchor), http.StatusSeeOther)
	return nil
}

// exerciseOptions lists exercises by name for a select.
func exerciseOptions(list []*coach.Exercise) []Option {
	out := make([]Option, 0, len(list))
	for _, e := range list {
		out = append(out, Option{Value: e.ID, Label: e.Name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}
