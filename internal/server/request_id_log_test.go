package server_test

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"supple/internal/server"
	"supple/internal/servertest"
)

// logRecords are the JSON log lines a server wrote to buf.
func logRecords(t *testing.T, buf *servertest.SyncBuffer) []map[string]any {
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
	t.Parallel()
	logs := &servertest.SyncBuffer{}
	h := servertest.New(t, func(cfg *server.Config) { cfg.Log = slog.New(slog.NewJSONHandler(logs, nil)) })
	c := h.SignedIn("ann@example.org", "member")
	// The database goes away under the server: every request that needs it
	// fails on our side.
	if err := h.Srv.DB.Close(); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, req := range []struct{ name, method, path, body string }{
		{"page", "GET", "/me/settings", ""},
		{"api", "POST", servertest.APIArticle + "/feedback", `{"text": "more pictures, please"}`},
	} {
		client := c
		if req.name == "api" {
			client = nil
		}
		r := h.Do(client, req.method, req.path, "application/json", req.body, "Sec-Fetch-Site", "same-origin")
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
