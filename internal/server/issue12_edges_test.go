package server_test

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/api"
	"supple/internal/server"
)

// Issue 12, the edges: wrong methods, malformed JSON, body limits for
// members, the request id in error logs and a closed service.

// A wrong method is 405 with Allow naming the methods the path has, as a
// page on the site and as problem+json on the API; HEAD works where GET
// does, and a path that does not exist stays 404.
func TestWrongMethodIs405WithAllow(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct {
		method, path string
		status       int
		allow        string
		ctype        string
	}{
		{"DELETE", "/start", 405, "GET, HEAD, POST", "text/html"},
		{"POST", "/articles/", 405, "GET, HEAD", "text/html"},
		{"PUT", "/articles/exercise-for-back-pain", 405, "GET, HEAD", "text/html"},
		{"GET", "/logout", 405, "POST", "text/html"},
		{"GET", "/me/shares/3/revoke", 405, "POST", "text/html"},
		{"DELETE", "/api/v1/plans", 405, "POST", "application/problem+json"},
		{"POST", "/api/v1/articles", 405, "GET, HEAD", "application/problem+json"},
		{"PUT", "/api/v1/me/logs/1", 405, "GET, HEAD, PATCH", "application/problem+json"},
		{"GET", apiArticle + "/rating", 405, "POST", "application/problem+json"},
		{"HEAD", "/start", 200, "", "text/html"},
		{"HEAD", "/api/v1/articles", 200, "", "application/json"},
		{"GET", "/no-such-page", 404, "", "text/html"},
		{"POST", "/no-such-page", 404, "", "text/html"},
		{"DELETE", "/api/v1/no-such-thing", 404, "", "application/problem+json"},
	} {
		r := h.do(nil, tt.method, tt.path, "", "", "Sec-Fetch-Site", "same-origin")
		if r.StatusCode != tt.status || r.Header.Get("Allow") != tt.allow || !strings.HasPrefix(r.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("%s %s: %d, Allow %q, %s; want %d, Allow %q, %s", tt.method, tt.path, r.StatusCode, r.Header.Get("Allow"),
				r.Header.Get("Content-Type"), tt.status, tt.allow, tt.ctype)
		}
		if tt.status == 405 && tt.ctype == "text/html" && !strings.Contains(r.body, "<h1") {
			t.Errorf("%s %s: the 405 is not a page: %.200s", tt.method, tt.path, r.body)
		}
		if tt.status == 405 && tt.ctype == "application/problem+json" {
			var p struct {
				Status int    `json:"status"`
				Detail string `json:"detail"`
			}
			if err := json.Unmarshal([]byte(r.body), &p); err != nil || p.Status != 405 || !strings.Contains(p.Detail, tt.allow) {
				t.Errorf("%s %s: problem %s (%v)", tt.method, tt.path, r.body, err)
			}
		}
	}
}

// Every JSON endpoint answers a body that is not JSON with 400, and the
// OpenAPI document lists 400 (and 413) for each of them.
func TestMalformedJSONIs400(t *testing.T) {
	h := newHarness(t)
	ann := newAPIMember(t, h, "ann@example.org", true)
	plan := decode[adaptedPlan](t, ann.call(h, "GET", "/api/v1/me/plan", "", ""))
	day := 1
	for day < 7 && plan.Weeks[0].Days[day-1].Rest {
		day++
	}
	logged := decode[apiLog](t, ann.call(h, "POST", "/api/v1/me/logs", "application/json", sessionLog(plan, 1, day, "")))
	if logged.ID == 0 {
		t.Fatal("no log to patch")
	}
	endpoints := []struct {
		method, path, ctype string
		member              bool
	}{
		{"POST", "/api/v1/plans", "application/json", false},
		{"POST", apiArticle + "/rating", "application/json", false},
		{"POST", apiArticle + "/feedback", "application/json", false},
		{"POST", "/api/v1/me/logs", "application/json", true},
		{"PATCH", "/api/v1/me/logs/" + itoa(logged.ID), "application/merge-patch+json", true},
		{"POST", "/api/v1/me/checkins", "application/json", true},
	}
	for _, e := range endpoints {
		for _, body := range []string{``, `{`, `{"stars": `, `not json`, `{"pain": 3,}`, `[1, 2`} {
			hdr := []string{"Sec-Fetch-Site", "same-origin"}
			if e.member {
				hdr = append(hdr, "Authorization", "Bearer "+ann.bearer)
			}
			r := h.do(nil, e.method, e.path, e.ctype, body, hdr...)
			if r.StatusCode != http.StatusBadRequest || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s with %q: %d %s %s", e.method, e.path, body, r.StatusCode, r.Header.Get("Content-Type"), r.body)
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

// A route's body limit holds for signed-in members too, before the form
// token is read: 413 with a page that says so, not 200 or "expired".
func TestBodyLimitHoldsForMembers(t *testing.T) {
	h := newHarness(t)
	c := signedIn(t, h, "ann@example.org", "member")
	csrf := csrfOf(t, h.get(c, "/me/settings").body)
	big := func(n int) url.Values {
		return url.Values{"csrf": {csrf}, "step": {"1"}, "pad": {strings.Repeat("a", n)}}
	}
	for _, tt := range []struct {
		name   string
		client *http.Client
		size   int
	}{
		{"anonymous, 40 KiB", nil, 40 << 10},
		{"member, 40 KiB", c, 40 << 10},
		{"member, 10 MB", c, 10 << 20},
	} {
		r := h.form(tt.client, "/start", big(tt.size))
		if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(r.body, "too large") {
			t.Errorf("%s: %d %s %.300s", tt.name, r.StatusCode, r.Header.Get("Content-Type"), r.body)
		}
	}
	// Within the limit the member's form goes through as before.
	if r := h.form(c, "/start", url.Values{"csrf": {csrf}, "step": {"1"}}); r.StatusCode != http.StatusOK {
		t.Errorf("a small /start form from a member: %d", r.StatusCode)
	}
	// The API's JSON bodies: problem+json.
	r := h.do(c, "POST", apiArticle+"/feedback", "application/json", `{"text": "`+strings.Repeat("a", 1<<20)+`"}`,
		"Sec-Fetch-Site", "same-origin", "X-CSRF-Token", csrf)
	if r.StatusCode != http.StatusRequestEntityTooLarge || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("a 1 MiB JSON body from a member: %d %s %.200s", r.StatusCode, r.Header.Get("Content-Type"), r.body)
	}
}

// logRecords are the JSON log lines a server wrote to buf.
func logRecords(t *testing.T, buf *syncBuffer) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(buf.String()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// Every error log line carries the request id the response carries, on
// the site and on the API.
func TestErrorLogsCarryTheRequestID(t *testing.T) {
	logs := &syncBuffer{}
	h := newHarness(t, func(cfg *server.Config) { cfg.Log = slog.New(slog.NewJSONHandler(logs, nil)) })
	c := signedIn(t, h, "ann@example.org", "member")
	// The database goes away under the server: every request that needs it
	// fails on our side.
	if err := h.srv.DB.Close(); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, req := range []struct{ name, method, path, body string }{
		{"page", "GET", "/me/settings", ""},
		{"api", "POST", apiArticle + "/feedback", `{"text": "more pictures, please"}`},
	} {
		client := c
		if req.name == "api" {
			client = nil
		}
		r := h.do(client, req.method, req.path, "application/json", req.body, "Sec-Fetch-Site", "same-origin")
		if r.StatusCode < 500 || r.Header.Get("X-Request-Id") == "" {
			t.Fatalf("%s: %d, request id %q", req.path, r.StatusCode, r.Header.Get("X-Request-Id"))
		}
		ids[r.Header.Get("X-Request-Id")] = req.name
	}
	seen := map[string]bool{}
	for _, rec := range logRecords(t, logs) {
		if rec["level"] != "ERROR" {
			continue
		}
		id, _ := rec["request_id"].(string)
		if ids[id] == "" {
			t.Errorf("error log line without the request id: %v", rec)
		}
		seen[ids[id]] = true
	}
	if !seen["page"] || !seen["api"] {
		t.Errorf("error lines seen for %v; want the page and the API", seen)
	}
}

// A service that is shutting down answers 503 on the site and the API
// alike, never a 500.
func TestClosedServiceIs503(t *testing.T) {
	h := newHarness(t)
	h.srv.Ratings.Close()
	r := h.form(nil, "/articles/exercise-for-back-pain/rating", url.Values{"stars": {"4"}})
	if r.StatusCode != http.StatusServiceUnavailable || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, "try again") {
		t.Errorf("site: %d %s %.300s", r.StatusCode, r.Header.Get("Content-Type"), r.body)
	}
	r = h.json(nil, apiArticle+"/rating", `{"stars": 4}`)
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("api: %d %s %s", r.StatusCode, r.Header.Get("Content-Type"), r.body)
	}
}
