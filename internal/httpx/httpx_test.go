package httpx

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDecodeJSON(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		status     int
		detail     string
	}{
		{"good", `{"text": "fine"}`, 0, ""},
		{"invalid UTF-8", "{\"text\": \"caf\xe9\"}", http.StatusBadRequest, "not valid UTF-8 (byte 13)"},
		{"malformed", `{"text": `, http.StatusBadRequest, "not valid JSON"},
		{"empty", ``, http.StatusBadRequest, "empty"},
		{"two objects", `{"text": "a"} {}`, http.StatusBadRequest, "exactly one"},
		{"unknown field", `{"txt": "a"}`, http.StatusUnprocessableEntity, `unknown field "txt"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
			var v struct {
				Text string `json:"text"`
			}
			err := DecodeJSON(r, &v)
			if tt.status == 0 {
				if err != nil || v.Text != "fine" {
					t.Fatalf("got %v, %+v", err, v)
				}
				return
			}
			var be *BodyError
			if !errors.As(err, &be) || be.Status != tt.status || !strings.Contains(be.Detail, tt.detail) {
				t.Fatalf("got %#v, want %d with %q", err, tt.status, tt.detail)
			}
		})
	}
}

func TestLogPathHidesTokens(t *testing.T) {
	for _, tt := range []struct{ pattern, path, want string }{
		{"GET /share/{token}", "/share/abc123", "/share/{token}"},
		{"/", "/share/abc123/", "/share/{token}/"},         // a pasted link with a slash too many
		{"/", "/plan/abc123", "/plan/{token}"},             // a wrong method
		{"/", "/calendar/abc123.ics", "/calendar/{token}"}, // a calendar client's PROPFIND
		{"/", "/plan/abc123/calendar.ics/x", "/plan/{token}/calendar.ics/x"},
		{"GET /articles/{slug}", "/articles/sciatica", "/articles/sciatica"},
		{"/", "/share/", "/share/"},
		{"/", "/planets/abc", "/planets/abc"},
	} {
		r := httptest.NewRequest("OPTIONS", tt.path, nil)
		r.Pattern = tt.pattern
		if got := LogPath(r); got != tt.want {
			t.Errorf("%s (%s): %q, want %q", tt.path, tt.pattern, got, tt.want)
		}
	}
}
