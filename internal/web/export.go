package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"supple/internal/coach"
	"supple/internal/fhir"
	"supple/internal/plans"
	"supple/internal/progress"
)

// exportData is everything supple keeps about a member.
type exportData struct {
	ExportedAt time.Time          `json:"exported_at"`
	Account    map[string]any     `json:"account"`
	Plan       *exportPlan        `json:"active_plan"`
	Logs       []coach.Log        `json:"logs"`
	Checkins   []progress.Checkin `json:"checkins"`
	Notes      []string           `json:"notes"`
}

type exportPlan struct {
	Created time.Time `json:"created"`
	Start   string    `json:"start_date"`
	Profile any       `json:"profile"`
	Result  any       `json:"result"`
}

// export downloads the member's data as JSON.
func (s *Site) export(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	d := exportData{ExportedAt: s.Now().UTC(), Account: map[string]any{"email": v.User.Email, "role": v.User.Role},
		Logs: []coach.Log{}, Checkins: []progress.Checkin{},
		Notes: []string{"Article ratings are anonymous: they are linked to a browser cookie, never to an account, so they are not part of this export.",
			"Logs and check-ins are those of the active plan; the same logs are at /me/export/logs.csv (a spreadsheet) and /me/export/fhir.json (FHIR R4)."}}
	st, err := s.Progress.Current(r.Context(), v.User.ID, "")
	switch {
	case errors.Is(err, progress.ErrNoPlan), errors.Is(err, plans.ErrNotFound):
	case err != nil:
		return err
	default:
		pl := st.Plan
		d.Plan = &exportPlan{Created: pl.Created, Start: pl.Start.Format(time.DateOnly), Profile: pl.Profile, Result: pl.Result}
		d.Logs = append(d.Logs, st.Logs...)
		d.Checkins = append(d.Checkins, st.Checkins...)
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="supple-export.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
	return nil
}

// activeLogs are the logs of the member's active plan (none without one).
func (s *Site) activeLogs(r *http.Request, userID int64) ([]coach.Log, error) {
	logs, err := s.Progress.Logs(r.Context(), userID)
	if errors.Is(err, progress.ErrNoPlan) {
		return nil, nil
	}
	return logs, err
}

// logsCSVHeader names the columns of /me/export/logs.csv.
var logsCSVHeader = []string{"date", "week", "day", "kind", "done", "pain_before", "pain_during", "pain_after", "pain_next_morning",
	"leg_symptoms", "new_numbness_or_weakness", "red_flags", "minutes", "exercises", "note"}

// exportCSV downloads the active plan's logs as CSV (RFC 4180), one row
// per log.
func (s *Site) exportCSV(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	logs, err := s.activeLogs(r, v.User.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	_ = cw.Write(logsCSVHeader)
	for _, l := range logs {
		var items []string
		for _, it := range l.Items {
			name := it.Exercise
			if e, ok := s.Plans.Library().Get(it.Exercise); ok {
				name = e.Name
			}
			if it.Minutes > 0 {
				name += fmt.Sprintf(" %d min", it.Minutes)
			}
			switch {
			case it.Skipped == "too_painful":
				name += " (too painful)"
			case !it.Done:
				name += " (skipped)"
			}
			items = append(items, name)
		}
		leg, numb := l.LegSymptoms, strconv.FormatBool(l.NewNumbnessOrWeakness)
		if l.Kind == coach.KindActivity && leg == "none" && !l.NewNumbnessOrWeakness {
			leg, numb = "", "" // the activity form does not ask: no answer rather than "none"
		}
		row := []string{l.Date, strconv.Itoa(l.Week), strconv.Itoa(l.Day), l.Kind, strconv.FormatBool(l.Done),
			painCell(l.PainBefore), painCell(l.PainDuring), painCell(l.PainAfter), painCell(l.PainNextMorning),
			leg, numb, strings.Join(l.RedFlags, "; "), strconv.Itoa(l.Minutes()),
			strings.Join(items, "; "), l.Note}
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8; header=present")
	w.Header().Set("Content-Disposition", `attachment; filename="supple-logs.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}

func painCell(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// csvSafe keeps a spreadsheet from running a cell as a formula (CSV
// injection): a cell starting with = + - @, a tab or a carriage return
// gets a leading apostrophe.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportFHIR downloads the active plan's logs as a FHIR R4 Bundle of
// Observations. Parameters: _format (json, application/json,
// application/fhir+json) and date filters (date=ge2026-11-01); anything
// else is a 400 with an OperationOutcome naming the parameter.
func (s *Site) exportFHIR(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	logs, err := s.activeLogs(r, v.User.ID)
	if err != nil {
		return err
	}
	checkins, err := s.Progress.Checkins(r.Context(), v.User.ID)
	if err != nil && !errors.Is(err, progress.ErrNoPlan) {
		return err
	}
	return s.writeFHIRBundle(w, r, v.User.ID, logs, checkins, "supple-fhir.json")
}

// writeFHIRBundle answers with the FHIR R4 bundle of a member's logs and
// check-ins, filtered by the request's query: the member's own export
// and a linked clinician's (clinic.go) are the same bundle.
func (s *Site) writeFHIRBundle(w http.ResponseWriter, r *http.Request, userID int64, logs []coach.Log, checkins []progress.Checkin, filename string) error {
	q, outcome := fhir.ParseQuery(r.URL.RawQuery)
	if outcome != nil {
		writeFHIR(w, http.StatusBadRequest, outcome)
		return nil
	}
	lib := s.Plans.Library()
	b := fhir.LogBundle(fhir.Export{
		PatientKey: s.feedKey("fhir-patient", userID), IdentifierSystem: s.abs("/fhir/patient"),
		TimingExtension: s.abs(fhir.PainTimingPath), Timestamp: s.Now(), Logs: logs, Query: q,
		Checkins: fhirCheckins(checkins), PSFSSystem: s.abs(fhir.PSFSPath),
		Name: func(id string) string {
			if e, ok := lib.Get(id); ok {
				return e.Name
			}
			return ""
		},
	})
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	writeFHIR(w, http.StatusOK, b)
	return nil
}

func fhirCheckins(cs []progress.Checkin) []fhir.Checkin {
	out := make([]fhir.Checkin, 0, len(cs))
	for _, c := range cs {
		fc := fhir.Checkin{ID: c.ID, Week: c.Week, Date: c.Date, Pain: c.Pain}
		for _, a := range c.PSFS {
			fc.PSFS = append(fc.PSFS, fhir.PSFSScore{Activity: a.Activity, Score: a.Score})
		}
		out = append(out, fc)
	}
	return out
}

// fhirDefinition serves supple's own FHIR definitions (the pain-timing
// extension's StructureDefinition, CodeSystem and ValueSet, and the PSFS
// code system), so every URL in an export resolves.
func (s *Site) fhirDefinition(w http.ResponseWriter, r *http.Request) error {
	d, ok := s.fhirDefs[r.URL.Path]
	if !ok {
		return errNotFound
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeFHIR(w, http.StatusOK, d)
	return nil
}

func writeFHIR(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(fhir.Outcome("response", "exception", "the export could not be written"))
	}
	w.Header().Set("Content-Type", fhir.ContentType+"; charset=utf-8")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// deleteAccount removes the member and everything stored about them,
// once they confirm with their email address.
func (s *Site) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(r.PostFormValue("confirm")), v.User.Email) {
		d := s.settingsFor(r, v.User)
		d.Error = "To delete your account, type your email address as shown at the top of this page."
		return s.render(w, r, http.StatusUnprocessableEntity, "settings", &Page{Title: "Settings", NoIndex: true, Alert: d.Error, AlertLink: "#delete", Data: d})
	}
	if err := s.Accounts.Delete(r.Context(), v.User.Email, v.User.ID); err != nil {
		return err
	}
	s.clearSession(w)
	return s.render(w, r.WithContext(r.Context()), http.StatusOK, "message", &Page{Title: "Account deleted", NoIndex: true, Data: map[string]string{
		"Heading": "Your account is deleted", "Text": "Your profile, plans, sessions and API tokens are gone for good. Article ratings you gave stay counted, but they were never linked to you."}})
}
