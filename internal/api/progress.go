package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/httpx"
	"supple/internal/progress"
	"supple/internal/validate"
)

// The member's own progress: session logs, the plan as adapted to them,
// and weekly check-ins. Every route needs a signed-in member (a bearer
// token, or a session cookie with X-CSRF-Token on writes) and only ever
// shows that member's data.
//
// Without a saved plan, reads answer 404 (there is nothing to show) and
// writes 409 (nothing can be logged against a plan that does not exist);
// both say how to get a plan.

const noPlanDetail = "you have no saved plan yet: make one at /start and keep it in your account, then log against it"

// member is the signed-in user; anonymous requests get 401.
func (a *API) member(w http.ResponseWriter, r *http.Request) (*account.User, error) {
	u := account.UserFrom(r.Context())
	if u == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="supple"`)
		return nil, &httpx.Problem{Status: http.StatusUnauthorized,
			Detail: "sign in, or send Authorization: Bearer with a token from supple token create"}
	}
	return u, nil
}

// readBody checks the media type (none means JSON) and reads the body:
// 415, and 413 over the route's limit.
func readBody(r *http.Request, types ...string) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !slices.Contains(types, mt) {
			return nil, &httpx.Problem{Status: http.StatusUnsupportedMediaType, Detail: "send the body as " + strings.Join(types, " or ")}
		}
	}
	b, err := io.ReadAll(r.Body)
	switch {
	case httpx.TooLarge(err) != nil:
		return nil, httpx.TooLarge(err)
	case err != nil:
		return nil, &httpx.Problem{Status: http.StatusBadRequest, Detail: "the body could not be read"}
	}
	return b, httpx.ValidUTF8(b)
}

// bodyErr is a decoding error's answer: 400 when the body as a whole is
// not one JSON object, 422 naming the fields otherwise.
func bodyErr(err error) error {
	var verr validate.Errors
	if errors.As(err, &verr) && len(verr) == 1 && verr[0].Field == "" {
		return &httpx.Problem{Status: http.StatusBadRequest, Detail: verr[0].Message}
	}
	return err
}

// progressErr words the progress service's errors for the API; write
// says whether the request would have stored something.
func progressErr(err error, write bool) error {
	switch {
	case errors.Is(err, progress.ErrNoPlan) && write:
		return &httpx.Problem{Status: http.StatusConflict, Detail: noPlanDetail}
	case errors.Is(err, progress.ErrNoPlan):
		return &httpx.Problem{Status: http.StatusNotFound, Detail: noPlanDetail}
	case errors.Is(err, progress.ErrNotFound):
		return &httpx.Problem{Status: http.StatusNotFound, Detail: "your account has no log with this id"}
	case errors.Is(err, progress.ErrLived):
		return &httpx.Problem{Status: http.StatusConflict, Detail: "the week after this session has begun, and these answers decided it; " +
			"only pain_next_morning and note can still change. Log how your back is today instead."}
	case errors.Is(err, progress.ErrStale):
		return &httpx.Problem{Status: http.StatusConflict, Detail: "this log kept changing while your change was being saved, so nothing was changed; read it again and retry"}
	case errors.Is(err, progress.ErrCheckedIn):
		return &httpx.Problem{Status: http.StatusConflict, Detail: "this week of your plan already has a check-in; the next one opens next week",
			Errors: []validate.FieldError{{Field: "week", Message: "this week already has a check-in"}}}
	}
	return err
}

// localDate is the member's date from ?today=YYYY-MM-DD ("" when not
// given); the service uses it when it is within a day of the server's.
func localDate(r *http.Request) (string, error) {
	d := r.URL.Query().Get("today")
	if d == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return "", &httpx.Problem{Status: http.StatusUnprocessableEntity, Title: "Invalid input",
			Detail: "today must be your date as YYYY-MM-DD", Errors: []validate.FieldError{{Field: "today", Message: "today must be a date as YYYY-MM-DD"}}}
	}
	return d, nil
}

func logPath(id int64) string { return "/api/v1/me/logs/" + strconv.FormatInt(id, 10) }

func (a *API) addLog(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	b, err := readBody(r, "application/json")
	if err != nil {
		return err
	}
	l, err := DecodeLog(bytes.NewReader(b))
	if err != nil {
		return bodyErr(err)
	}
	stored, err := a.prog.AddLog(r.Context(), u.ID, l)
	if errors.Is(err, progress.ErrDuplicate) {
		detail := fmt.Sprintf("week %d, day %d is already logged", l.Week, l.Day)
		if logs, lerr := a.prog.Logs(r.Context(), u.ID); lerr == nil {
			for _, old := range logs {
				if old.Kind == coach.KindSession && old.Week == l.Week && old.Day == l.Day {
					detail += "; change that log with PATCH " + logPath(old.ID)
				}
			}
		}
		return &httpx.Problem{Status: http.StatusConflict, Detail: detail,
			Errors: []validate.FieldError{{Field: "day", Message: fmt.Sprintf("week %d, day %d is already logged", l.Week, l.Day)}}}
	}
	if err != nil {
		return progressErr(err, true)
	}
	w.Header().Set("Location", logPath(stored.ID))
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, stored)
	return nil
}

func (a *API) listLogs(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	logs, err := a.prog.Logs(r.Context(), u.ID)
	if err != nil {
		return progressErr(err, false)
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"logs": logs})
	return nil
}

// ownLog is the member's log named by the path, or a 404.
func (a *API) ownLog(r *http.Request, userID int64) (coach.Log, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return coach.Log{}, &httpx.Problem{Status: http.StatusNotFound, Detail: "a log id is a positive whole number"}
	}
	l, err := a.prog.Log(r.Context(), userID, id)
	if err != nil {
		return coach.Log{}, progressErr(err, false)
	}
	return l, nil
}

func (a *API) getLog(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	l, err := a.ownLog(r, u.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, l)
	return nil
}

// patchLog applies a JSON merge patch (RFC 7396) to one of the member's
// logs, such as {"pain_next_morning": 3}.
func (a *API) patchLog(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	b, err := readBody(r, "application/merge-patch+json", "application/json")
	if err != nil {
		return err
	}
	old, err := a.ownLog(r, u.ID)
	if err != nil {
		return err
	}
	l, err := DecodeLogPatch(bytes.NewReader(b), old)
	if err != nil {
		return bodyErr(err)
	}
	l, err = a.prog.UpdateLog(r.Context(), u.ID, l)
	if err != nil {
		return progressErr(err, true)
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, l)
	return nil
}

// adaptedPlan is the coach's result for the member's plan as adapted to
// their logs, with where they are in it today.
type adaptedPlan struct {
	coach.Result
	StartDate string `json:"start_date"`
	Today     string `json:"today"`
	Week      int    `json:"week"` // today's plan week and day; 0 outside the plan
	Day       int    `json:"day"`
	// Swaps are the member's swaps in force (plan_inputs.go).
	Swaps map[string]coach.Swap `json:"swaps,omitempty"`
}

// current is the signed-in member's adapted plan on their date (?today).
func (a *API) current(w http.ResponseWriter, r *http.Request) (*progress.State, error) {
	u, err := a.member(w, r)
	if err != nil {
		return nil, err
	}
	local, err := localDate(r)
	if err != nil {
		return nil, err
	}
	st, err := a.prog.Current(r.Context(), u.ID, local)
	if err != nil {
		return nil, progressErr(err, false)
	}
	return st, nil
}

func (a *API) getMyPlan(w http.ResponseWriter, r *http.Request) error {
	st, err := a.current(w, r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, adaptedPlanOf(st))
	return nil
}

func adaptedPlanOf(st *progress.State) adaptedPlan {
	return adaptedPlan{Result: st.Result, StartDate: st.Plan.Start.Format(time.DateOnly),
		Today: st.Today.Format(time.DateOnly), Week: st.Week, Day: st.Day, Swaps: st.Plan.Choices.Swaps}
}

// outcome is where a member started and how far they have come.
type outcome struct {
	Checkins []progress.Checkin `json:"checkins"`
	Baseline baseline           `json:"baseline"`
	Change   *change            `json:"change"` // the latest check-in against the baseline; null before the first
}

// baseline is the pain the member reported when they made the plan and
// the PSFS scores of their first check-in.
type baseline struct {
	Pain int                     `json:"pain"`
	PSFS []progress.PSFSActivity `json:"psfs"`
}

type change struct {
	Pain           int                       `json:"pain"`            // latest minus baseline: below 0 is better
	PainMeaningful bool                      `json:"pain_meaningful"` // fell by at least 2 points or 30%
	PSFS           []progress.ActivityChange `json:"psfs"`            // each activity of the latest check-in against the first (null baseline when it was not scored then)
}

// outcomeOf renders progress.Compare's measure of the check-ins.
func outcomeOf(st *progress.State) outcome {
	o := outcome{Checkins: st.Checkins, Baseline: baseline{Pain: st.Plan.Profile.PainNow, PSFS: []progress.PSFSActivity{}}}
	if o.Checkins == nil {
		o.Checkins = []progress.Checkin{}
	}
	c := progress.Compare(st.Plan.Profile.PainNow, st.Checkins)
	if c.Pain.Latest == nil {
		return o
	}
	o.Change = &change{Pain: c.Pain.Change, PainMeaningful: c.Pain.Meaningful, PSFS: []progress.ActivityChange{}}
	if c.PSFS != nil {
		o.Baseline.PSFS, o.Change.PSFS = c.PSFS.First, c.PSFS.Activities
	}
	return o
}

// getProgress is the numbers of the member's progress and summary pages.
func (a *API) getProgress(w http.ResponseWriter, r *http.Request) error {
	st, err := a.current(w, r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, progress.Summarize(st, a.plans.Library()))
	return nil
}

func (a *API) listCheckins(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	st, err := a.prog.Current(r.Context(), u.ID, "")
	if err != nil {
		return progressErr(err, false)
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, outcomeOf(st))
	return nil
}

type checkinRequest struct {
	Pain *int              `json:"pain"`
	PSFS []json.RawMessage `json:"psfs"`
}

type psfsRequest struct {
	Activity *string `json:"activity"`
	Score    *int    `json:"score"`
}

// decodeCheckin reads a check-in, naming the field of every error.
func decodeCheckin(b []byte) (progress.Checkin, error) {
	var req checkinRequest
	if err := decodeStrict(b, &req, "check-in", '{', ""); err != nil {
		return progress.Checkin{}, err
	}
	var e validate.Errors
	c := progress.Checkin{PSFS: []progress.PSFSActivity{}}
	if req.Pain == nil {
		e.Add("pain", "pain is required: your back pain now, from 0 (no pain) to 10 (worst imaginable)")
	} else {
		c.Pain = *req.Pain
	}
	if len(req.PSFS) > progress.MaxPSFS {
		e.Add("psfs", fmt.Sprintf("choose up to %d activities", progress.MaxPSFS))
		return c, e
	}
	for i, raw := range req.PSFS {
		name := fmt.Sprintf("psfs[%d]", i)
		var pr psfsRequest
		if err := decodeStrict(raw, &pr, "activity", '{', name+"."); err != nil {
			var ve validate.Errors
			if errors.As(err, &ve) {
				for _, f := range ve {
					if f.Field == "" {
						f.Field = name
					}
					e = append(e, f)
				}
				continue
			}
			return c, err
		}
		act := progress.PSFSActivity{}
		if pr.Activity == nil {
			e.Add(name+".activity", "activity is required: an everyday activity that is hard for you, such as \"putting on socks\"")
		} else {
			act.Activity = *pr.Activity
		}
		if pr.Score == nil {
			e.Add(name+".score", "score is required: 0 (unable) to 10 (as before the problem)")
		} else {
			act.Score = *pr.Score
		}
		c.PSFS = append(c.PSFS, act)
	}
	return c, e.Err()
}

func (a *API) addCheckin(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	local, err := localDate(r)
	if err != nil {
		return err
	}
	b, err := readBody(r, "application/json")
	if err != nil {
		return err
	}
	c, err := decodeCheckin(b)
	if err != nil {
		return bodyErr(err)
	}
	c, err = a.prog.AddCheckin(r.Context(), u.ID, c, local)
	if err != nil {
		return progressErr(err, true)
	}
	st, err := a.prog.Current(r.Context(), u.ID, local)
	if err != nil {
		return progressErr(err, false)
	}
	w.Header().Set("Location", "/api/v1/me/checkins")
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, struct {
		Checkin progress.Checkin `json:"checkin"`
		outcome
	}{c, outcomeOf(st)})
	return nil
}
