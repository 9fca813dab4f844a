package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/fhir"
	"supple/internal/httpx"
	"supple/internal/progress"
	"supple/internal/validate"
)

// The clinician side (issue 17). Members link to a clinician with the
// code the clinician gives them (/api/v1/me/clinicians); clinicians see
// only their linked patients (/api/v1/clinic/...). A patient id is the
// link's id: a patient who is not linked, or whose link was revoked, is
// 404, checked in the database on every request.

// WithClinic adds the clinician routes' service; call it before Routes.
func (a *API) WithClinic(c *clinic.Service) *API {
	a.clinic = c
	return a
}

func (a *API) clinicRoutes() []route {
	return []route{
		{"POST", "/api/v1/clinic/invites", jsonBody, a.createInvite},
		{"GET", "/api/v1/clinic/patients", noBody, a.listPatients},
		{"GET", "/api/v1/clinic/patients/{id}", noBody, a.getPatient},
		{"POST", "/api/v1/clinic/patients/{id}/overrides", jsonBody, a.addOverride},
		{"DELETE", "/api/v1/clinic/patients/{id}/overrides/{oid}", noBody, a.removeOverride},
		{"GET", "/api/v1/clinic/patients/{id}/notes", noBody, a.patientNotes},
		{"POST", "/api/v1/clinic/patients/{id}/notes", jsonBody, a.addPatientNote},
		{"GET", "/api/v1/clinic/patients/{id}/fhir", noBody, a.patientFHIR},
		{"GET", "/api/v1/me/clinicians", noBody, a.listClinicians},
		{"POST", "/api/v1/me/clinicians", jsonBody, a.linkClinician},
		{"DELETE", "/api/v1/me/clinicians/{id}", noBody, a.revokeClinician},
		{"GET", "/api/v1/me/clinicians/{id}/access", noBody, a.clinicianAccess},
		{"GET", "/api/v1/me/clinicians/{id}/notes", noBody, a.memberNotes},
		{"POST", "/api/v1/me/clinicians/{id}/notes", jsonBody, a.addMemberNote},
	}
}

// clinician is the signed-in clinician: 401 for anonymous requests, 403
// for any other role, before the path is looked at.
func (a *API) clinician(w http.ResponseWriter, r *http.Request) (*account.User, error) {
	u, err := a.member(w, r)
	if err != nil {
		return nil, err
	}
	if !u.Can(account.Clinician) {
		return nil, clinic.ErrNotClinician
	}
	return u, nil
}

// pathID is the path's {name} as a positive id; anything else is no such
// patient or clinician (404).
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, clinic.ErrNotFound
	}
	return id, nil
}

// decodeBody reads one JSON object of the route's body into v.
func decodeBody(r *http.Request, v any, what string) error {
	b, err := readBody(r, "application/json")
	if err != nil {
		return err
	}
	if err := decodeStrict(b, v, what, '{', ""); err != nil {
		return bodyErr(err)
	}
	return nil
}

type inviteResponse struct {
	clinic.Invite
	URL string `json:"url"` // the member's page that takes the code, to print or show as a QR code
}

func (a *API) createInvite(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	b, err := readBody(r, "application/json")
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) > 0 { // the body is optional: nothing, or {}
		if err := decodeStrict(b, &struct{}{}, "request", '{', ""); err != nil {
			return bodyErr(err)
		}
	}
	inv, err := a.clinic.CreateInvite(r.Context(), u)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, inviteResponse{Invite: inv, URL: a.abs("/me/clinicians?code=" + inv.Code)})
	return nil
}

type linkResponse struct {
	ID        int64            `json:"id"`
	Clinician clinic.Clinician `json:"clinician"`
	Created   time.Time        `json:"created"`
}

func linkOf(l clinic.Link) linkResponse {
	return linkResponse{ID: l.ID, Clinician: l.Clinician, Created: l.Created}
}

func (a *API) linkClinician(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	if u.Role != account.Member {
		return clinic.ErrNotMember // before the body: the role decides first
	}
	var req struct {
		Code *string `json:"code"`
	}
	if err := decodeBody(r, &req, "request"); err != nil {
		return err
	}
	if req.Code == nil || *req.Code == "" {
		return validate.Errors{{Field: "code", Message: "code is required: the invite code your clinician gave you"}}
	}
	l, err := a.clinic.Accept(r.Context(), u, *req.Code, a.client(r), clinic.ChannelAPI)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/me/clinicians/"+strconv.FormatInt(l.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, struct {
		linkResponse
		Consent []string `json:"consent"`
	}{linkOf(l), clinic.Consent})
	return nil
}

func (a *API) listClinicians(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	ls, err := a.clinic.Clinicians(r.Context(), u.ID)
	if err != nil {
		return err
	}
	out := make([]linkResponse, 0, len(ls))
	for _, l := range ls {
		out = append(out, linkOf(l))
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"clinicians": out, "consent": clinic.Consent})
	return nil
}

func (a *API) revokeClinician(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.clinic.Revoke(r.Context(), u.ID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) clinicianAccess(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	log, err := a.clinic.AccessLog(r.Context(), u.ID, id)
	if err != nil {
		return err
	}
	consent, err := a.clinic.ConsentShown(r.Context(), u.ID, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"access": log, "consent": consent})
	return nil
}

type noteRequest struct {
	Body *string `json:"body"`
}

func (a *API) noteBody(r *http.Request) (string, error) {
	var req noteRequest
	if err := decodeBody(r, &req, "note"); err != nil {
		return "", err
	}
	if req.Body == nil {
		return "", validate.Errors{{Field: "body", Message: "body is required: the note's text"}}
	}
	return *req.Body, nil
}

func writeNotes(w http.ResponseWriter, notes []clinic.Note) {
	if notes == nil {
		notes = []clinic.Note{}
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"notes": notes})
}

func (a *API) memberNotes(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	notes, err := a.clinic.MemberNotes(r.Context(), u.ID, id)
	if err != nil {
		return err
	}
	writeNotes(w, notes)
	return nil
}

func (a *API) addMemberNote(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	body, err := a.noteBody(r)
	if err != nil {
		return err
	}
	n, err := a.clinic.AddMemberNote(r.Context(), u, id, body)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, n)
	return nil
}

func (a *API) listPatients(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	rows, err := a.clinic.Dashboard(r.Context(), u)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"patients": rows})
	return nil
}

type patientResponse struct {
	Patient     clinic.Row         `json:"patient"`
	Plan        *adaptedPlan       `json:"plan"`    // null with no saved plan yet
	Profile     *coach.Profile     `json:"profile"` // the answers the plan is built from; null with no plan, or when the member did not agree to share them
	Logs        []coach.Log        `json:"logs"`
	Checkins    []progress.Checkin `json:"checkins"`
	Adjustments []coach.Adjustment `json:"adjustments"`
	Overrides   []clinic.Override  `json:"overrides"`
	Notes       []clinic.Note      `json:"notes"`
	Progress    *progress.Summary  `json:"progress"` // the numbers of the member's progress page; null with no plan
}

func (a *API) getPatient(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.clinic.Patient(r.Context(), u, id)
	if err != nil {
		return err
	}
	out := patientResponse{Patient: p.Row, Logs: []coach.Log{}, Checkins: []progress.Checkin{}, Adjustments: []coach.Adjustment{},
		Overrides: p.Overrides, Notes: p.Notes, Progress: p.Summary, Profile: p.Profile}
	if out.Overrides == nil {
		out.Overrides = []clinic.Override{}
	}
	if st := p.State; st != nil {
		out.Plan = &adaptedPlan{Result: st.Result, StartDate: st.Plan.Start.Format(time.DateOnly), Today: st.Today.Format(time.DateOnly), Week: st.Week, Day: st.Day}
		if st.Logs != nil {
			out.Logs = st.Logs
		}
		if st.Checkins != nil {
			out.Checkins = st.Checkins
		}
		if st.Result.Adjustments != nil {
			out.Adjustments = st.Result.Adjustments
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) addOverride(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in clinic.OverrideInput
	if err := decodeBody(r, &in, "prescription"); err != nil {
		return err
	}
	o, err := a.clinic.AddOverride(r.Context(), u, id, in)
	var avoid *clinic.AvoidError
	if errors.As(err, &avoid) {
		return avoid.Fields()
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clinic/patients/%d/overrides/%d", id, o.ID))
	httpx.WriteJSON(w, http.StatusCreated, o)
	return nil
}

func (a *API) removeOverride(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	oid, err := pathID(r, "oid")
	if err != nil {
		return err
	}
	if err := a.clinic.RemoveOverride(r.Context(), u, id, oid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) patientNotes(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	notes, err := a.clinic.PatientNotes(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeNotes(w, notes)
	return nil
}

func (a *API) addPatientNote(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	body, err := a.noteBody(r)
	if err != nil {
		return err
	}
	n, err := a.clinic.AddPatientNote(r.Context(), u, id, body)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, n)
	return nil
}

// patientFHIR is the patient's logs and check-ins as a FHIR R4 Bundle,
// made as the member's own export is (fhir.LogBundle, with the same
// patient key, so both name the patient alike).
func (a *API) patientFHIR(w http.ResponseWriter, r *http.Request) error {
	u, err := a.clinician(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q, outcome := fhir.ParseQuery(r.URL.RawQuery)
	if outcome != nil {
		return writeFHIR(w, http.StatusBadRequest, outcome)
	}
	memberID, logs, checkins, err := a.clinic.PatientFHIR(r.Context(), u, id)
	if err != nil {
		return err
	}
	lib := a.plans.Library()
	m := hmac.New(sha256.New, a.cfg.Secret)
	fmt.Fprintf(m, "fhir-patient:%d", memberID)
	fcs := make([]fhir.Checkin, 0, len(checkins))
	for _, c := range checkins {
		fc := fhir.Checkin{ID: c.ID, Week: c.Week, Date: c.Date, Pain: c.Pain}
		for _, s := range c.PSFS {
			fc.PSFS = append(fc.PSFS, fhir.PSFSScore{Activity: s.Activity, Score: s.Score})
		}
		fcs = append(fcs, fc)
	}
	b := fhir.LogBundle(fhir.Export{
		PatientKey: hex.EncodeToString(m.Sum(nil)[:10]), IdentifierSystem: a.abs("/fhir/patient"),
		TimingExtension: a.abs(fhir.PainTimingPath), Timestamp: time.Now(), Logs: logs, Query: q,
		Checkins: fcs, PSFSSystem: a.abs(fhir.PSFSPath),
		Name: func(id string) string {
			if e, ok := lib.Get(id); ok {
				return e.Name
			}
			return ""
		},
	})
	return writeFHIR(w, http.StatusOK, b)
}

func writeFHIR(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("api: fhir bundle: %w", err)
	}
	w.Header().Set("Content-Type", fhir.ContentType+"; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}
