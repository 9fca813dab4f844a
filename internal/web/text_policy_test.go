package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// A log note with a right-to-left override and a control character is
// refused the same way by the web form and by the API: 422, naming the
// note, and nothing stored (issue 12: the form stored it, the API refused).
func TestLogNoteTextPolicyWebAndAPI(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	bad := "Felt \u202estiff\x01 today"

	m := h.Member("web@example.org")
	v := sessionAnswers(t, h.Get(m.Client, "/me/today").Body)
	v.Set("note", bad)
	r := m.Post("/me/today", v)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(servertest.ErrorText(r.Body), "note") {
		t.Errorf("web form: %d, want 422 naming the note:\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if logs := m.Logs(); len(logs) != 0 {
		t.Errorf("web form stored %d logs with the bad note: %q", len(logs), logs[0].Note)
	}

	a := h.Member("api@example.org", servertest.WithToken())
	plan := servertest.Decode[servertest.APIPlan](t, a.Call("GET", "/api/v1/me/plan", "", ""))
	day := 0
	for _, d := range plan.Weeks[0].Days {
		if !d.Rest {
			day = d.Day
			break
		}
	}
	r = a.Call("POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(plan, 1, day, `, "note": "Felt \u202estiff\u0001 today"`))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"field":"note"`) {
		t.Errorf("API: %d, want 422 naming the note: %s", r.StatusCode, r.Body)
	}
}

// Text that PostgreSQL refuses (NUL, invalid UTF-8) and SQLite would
// store is refused on both engines with a 4xx that names the field,
// before any query sees it (issue 12: a 500 on PostgreSQL).
func TestBadTextIsA4xxOnBothEngines(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	member := h.Member("ann@example.org")
	editor := h.SignedIn("ed@example.org", "editor")
	editorToken := servertest.CSRF(t, h.Get(editor, "/editor/articles/new").Body)
	article := "/articles/exercise-for-back-pain"
	source := "---\ntitle: A new article\npublished: 2026-11-01\n---\nText about walking.\n"
	for _, bad := range []struct{ name, text string }{{"NUL", "a\x00b"}, {"invalid UTF-8", "a\xffb"}} {
		for _, tt := range []struct {
			name   string
			send   func() servertest.Response
			status int
			field  string // a word the answer must contain
		}{
			{"feedback form", func() servertest.Response {
				return h.Form(nil, article+"/feedback", url.Values{"text": {"The pictures " + bad.text}, "stars": {"2"}})
			}, http.StatusUnprocessableEntity, "text"},
			{"feedback API", func() servertest.Response {
				return h.Do(nil, "POST", servertest.APIArticle+"/feedback", "application/json", `{"text": "The pictures `+strings.ReplaceAll(bad.text, "\x00", `\u0000`)+`"}`)
			}, http.StatusUnprocessableEntity, `"field":"text"`},
			{"login email", func() servertest.Response {
				return h.Form(nil, "/login", url.Values{"email": {"ann" + bad.text + "@example.org"}, "password": {"a long enough secret"}})
			}, http.StatusUnprocessableEntity, "email address"},
			{"signup email", func() servertest.Response {
				return h.Form(nil, "/signup", url.Values{"email": {"bo" + bad.text + "@example.org"}, "password": {"a long enough secret"}, "password2": {"a long enough secret"}})
			}, http.StatusUnprocessableEntity, "email address"},
			{"share label", func() servertest.Response {
				return member.Post("/me/shares", url.Values{"expires": {"30"}, "label": {"Clinic " + bad.text}})
			}, http.StatusUnprocessableEntity, "label"},
			{"editor slug", func() servertest.Response {
				return h.Get(editor, "/editor/articles/"+url.PathEscape("walk"+bad.text))
			}, http.StatusNotFound, ""},
			{"editor revision slug", func() servertest.Response {
				return h.Get(editor, "/editor/articles/"+url.PathEscape("walk"+bad.text)+"/revisions/1")
			}, http.StatusNotFound, ""},
			{"editor body", func() servertest.Response {
				return h.Form(editor, "/editor/articles", url.Values{"csrf": {editorToken}, "source": {source + "More " + bad.text + "\n"}, "status": {"draft"}, "action": {"save"}})
			}, http.StatusUnprocessableEntity, "Line 6: the text "},
		} {
			t.Run(bad.name+"/"+tt.name, func(t *testing.T) {
				if bad.name == "invalid UTF-8" && tt.name == "feedback API" {
					// Not UTF-8 is not JSON text: the body is refused before
					// decoding (encoding/json would read U+FFFD).
					tt.status, tt.field = http.StatusBadRequest, "not valid UTF-8"
				}
				r := tt.send()
				if r.StatusCode != tt.status || !strings.Contains(r.Body, tt.field) {
					t.Errorf("%d, want %d naming %q:\n%s", r.StatusCode, tt.status, tt.field, firstOf(alertOf(r.Body), servertest.ErrorText(r.Body), r.Body))
				}
			})
		}
	}
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x[:min(len(x), 400)]
		}
	}
	return ""
}

// alertOf is the page's alert, the message a form error shows first.
func alertOf(page string) string {
	i := strings.Index(page, `role="alert"`)
	if i < 0 {
		return ""
	}
	return page[i:min(len(page), i+300)]
}
