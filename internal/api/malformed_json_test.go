package api_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"supple/internal/api"
	"supple/internal/servertest"
)

// Every JSON endpoint answers a body that is not JSON with 400, and the
// OpenAPI document lists 400 (and 413) for each of them.
func TestMalformedJSONIs400(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org", servertest.WithToken())
	plan := servertest.Decode[servertest.APIPlan](t, ann.Call("GET", "/api/v1/me/plan", "", ""))
	day := 1
	for day < 7 && plan.Weeks[0].Days[day-1].Rest {
		day++
	}
	logged := servertest.Decode[apiLog](t, ann.Call("POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(plan, 1, day, "")))
	if logged.ID == 0 {
		t.Fatal("no log to patch")
	}
	clinician := h.Clinician("doc@example.org", "")
	l := link(t, clinician, ann)
	patient, mine := "/api/v1/clinic/patients/"+strconv.FormatInt(l.ID, 10), "/api/v1/me/clinicians/"+strconv.FormatInt(l.ID, 10)
	endpoints := []struct {
		method, path, ctype string
		bearer              string // "": anonymous
	}{
		{"POST", "/api/v1/plans", "application/json", ""},
		{"POST", servertest.APIArticle + "/rating", "application/json", ""},
		{"POST", servertest.APIArticle + "/feedback", "application/json", ""},
		{"POST", "/api/v1/me/logs", "application/json", ann.Bearer},
		{"PATCH", "/api/v1/me/logs/" + strconv.FormatInt(logged.ID, 10), "application/merge-patch+json", ann.Bearer},
		{"POST", "/api/v1/me/checkins", "application/json", ann.Bearer},
		{"POST", "/api/v1/clinic/invites", "application/json", clinician.Bearer},
		{"POST", patient + "/overrides", "application/json", clinician.Bearer},
		{"POST", patient + "/notes", "application/json", clinician.Bearer},
		{"POST", "/api/v1/me/clinicians", "application/json", ann.Bearer},
		{"POST", mine + "/notes", "application/json", ann.Bearer},
		{"PUT", "/api/v1/me/plan", "application/json", ann.Bearer},
		{"PATCH", "/api/v1/me/plan", "application/merge-patch+json", ann.Bearer},
		{"PUT", "/api/v1/me/plan/swaps/bird-dog", "application/json", ann.Bearer},
	}
	for _, e := range endpoints {
		for _, body := range []string{``, `{`, `{"stars": `, `not json`, `{"pain": 3,}`, `[1, 2`} {
			if body == `` && e.path == "/api/v1/clinic/invites" {
				continue // its body is optional
			}
			hdr := []string{"Sec-Fetch-Site", "same-origin"}
			if e.bearer != "" {
				hdr = append(hdr, "Authorization", "Bearer "+e.bearer)
			}
			r := h.Do(nil, e.method, e.path, e.ctype, body, hdr...)
			if r.StatusCode != http.StatusBadRequest || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s with %q: %d %s %s", e.method, e.path, body, r.StatusCode, r.Header.Get("Content-Type"), r.Body)
			}
		}
	}
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody any            `json:"requestBody"`
			Responses   map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	withBody := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if op.RequestBody == nil {
				continue
			}
			withBody++
			for _, code := range []string{"400", "413"} {
				if op.Responses[code] == nil {
					t.Errorf("openapi.json: %s %s takes a JSON body but lists no %s", method, path, code)
				}
			}
		}
	}
	if withBody != len(endpoints) {
		t.Errorf("openapi.json has %d operations with a body; this test checks %d", withBody, len(endpoints))
	}
}
