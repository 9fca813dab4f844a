package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"supple/internal/servertest"
	"testing"
)

type problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

func TestAPIBadInput(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	tests := []struct {
		name, path, ctype, body string
		status                  int
		field                   string
	}{
		{"stars too low", servertest.APIArticle + "/rating", "application/json", `{"stars":0}`, 422, "stars"},
		{"stars too high", servertest.APIArticle + "/rating", "application/json", `{"stars":6}`, 422, "stars"},
		{"stars missing", servertest.APIArticle + "/rating", "application/json", `{}`, 422, "stars"},
		{"stars null", servertest.APIArticle + "/rating", "application/json", `{"stars":null}`, 422, "stars"},
		{"stars a string", servertest.APIArticle + "/rating", "application/json", `{"stars":"5"}`, 422, "stars"},
		{"stars a fraction", servertest.APIArticle + "/rating", "application/json", `{"stars":4.5}`, 422, "stars"},
		{"unknown field", servertest.APIArticle + "/rating", "application/json", `{"stars":5,"weight":9}`, 422, "weight"},
		{"malformed", servertest.APIArticle + "/rating", "application/json", `{"stars":`, 400, ""},
		{"empty body", servertest.APIArticle + "/rating", "application/json", ``, 400, ""},
		{"not an object", servertest.APIArticle + "/rating", "application/json", `[5]`, 400, ""},
		{"two objects", servertest.APIArticle + "/rating", "application/json", `{"stars":5}{"stars":1}`, 400, ""},
		{"wrong content type", servertest.APIArticle + "/rating", "text/plain", `{"stars":5}`, 415, ""},
		{"too large", servertest.APIArticle + "/rating", "application/json", `{"stars":5,"x":"` + strings.Repeat("a", 70<<10) + `"}`, 413, ""},
		{"unknown slug", "/api/v1/articles/nope/rating", "application/json", `{"stars":5}`, 404, ""},
		{"feedback empty", servertest.APIArticle + "/feedback", "application/json", `{"text":""}`, 422, "text"},
		{"feedback missing text", servertest.APIArticle + "/feedback", "application/json", `{"stars":2}`, 422, "text"},
		{"feedback too long", servertest.APIArticle + "/feedback", "application/json", `{"text":"` + strings.Repeat("é", 2001) + `"}`, 422, "text"},
		{"feedback bad section", servertest.APIArticle + "/feedback", "application/json", `{"text":"hi","section":"nowhere"}`, 422, "section"},
		{"feedback bad stars", servertest.APIArticle + "/feedback", "application/json", `{"text":"hi","stars":9}`, 422, "stars"},
		{"feedback text not a string", servertest.APIArticle + "/feedback", "application/json", `{"text":12}`, 422, "text"},
		{"unknown endpoint", "/api/v1/nothing", "application/json", `{}`, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.Do(nil, "POST", tt.path, tt.ctype, tt.body, "Sec-Fetch-Site", "same-origin")
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("content type %q", ct)
			}
			var p problem
			if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if p.Status != tt.status || p.Detail == "" || p.Title == "" {
				t.Errorf("problem %+v", p)
			}
			if tt.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != tt.field || p.Errors[0].Message == "") {
				t.Errorf("errors %+v, want field %s", p.Errors, tt.field)
			}
		})
	}
	var a struct {
		Rating struct{ Count int } `json:"rating"`
	}
	json.Unmarshal([]byte(h.Get(nil, servertest.APIArticle).Body), &a)
	if a.Rating.Count != 0 {
		t.Errorf("bad input stored %d votes", a.Rating.Count)
	}
}

func TestAPIArticlesAndVoting(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	var list struct {
		Articles []struct {
			Slug, URL, Title string
			Category         struct{ Slug, Name string }
			Rating           struct {
				Count        int
				Distribution []int
			}
		}
	}
	if err := json.Unmarshal([]byte(h.Get(nil, "/api/v1/articles").Body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Articles) < 4 || list.Articles[0].URL == "" || len(list.Articles[0].Rating.Distribution) != 5 {
		t.Fatalf("list %+v", list)
	}
	if r := h.Get(nil, "/api/v1/articles?category=conditions"); !strings.Contains(r.Body, "scoliosis") || strings.Contains(r.Body, `"exercise-for-back-pain"`) {
		t.Error("category filter")
	}
	if r := h.Get(nil, "/api/v1/articles?category=nope"); r.StatusCode != 404 {
		t.Errorf("unknown category: %d", r.StatusCode)
	}
	var d struct {
		TOC []struct {
			Level    int
			ID, Text string
		}
		FAQ        []struct{ Question, Answer string }
		Related    []struct{ Slug string }
		Revision   int
		ReviewedBy string  `json:"reviewed_by"`
		ReviewedAt *string `json:"reviewed_at"`
		CheckedBy  string  `json:"checked_by"`
	}
	if err := json.Unmarshal([]byte(h.Get(nil, servertest.APIArticle).Body), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.TOC) < 8 || len(d.FAQ) < 5 || len(d.Related) != 3 || d.Revision != 1 {
		t.Errorf("detail: toc %d faq %d related %d rev %d", len(d.TOC), len(d.FAQ), len(d.Related), d.Revision)
	}
	// The bundled articles had an editorial check, not a clinical review.
	if d.ReviewedBy != "" || d.ReviewedAt != nil || !strings.HasPrefix(d.CheckedBy, "supple editorial team") {
		t.Errorf("review: by %q at %v, checked by %q", d.ReviewedBy, d.ReviewedAt, d.CheckedBy)
	}
	if r := h.Get(nil, "/api/v1/articles/nope"); r.StatusCode != 404 || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("unknown article: %d", r.StatusCode)
	}

	c := h.Client()
	steps := []struct {
		stars   int
		average float64
		count   int
		c       *http.Client
	}{
		{5, 5, 1, c}, {4, 4, 1, c}, {2, 3, 2, h.Client()}, {3, 2.5, 2, c},
	}
	for i, s := range steps {
		r := h.JSON(s.c, servertest.APIArticle+"/rating", `{"stars":`+string(rune('0'+s.stars))+`}`)
		var got struct {
			Average   float64 `json:"average"`
			Count     int     `json:"count"`
			YourStars int     `json:"your_stars"`
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil || r.StatusCode != 200 {
			t.Fatalf("step %d: %d %s", i, r.StatusCode, r.Body)
		}
		if got.Average != s.average || got.Count != s.count || got.YourStars != s.stars {
			t.Errorf("step %d: %+v, want average %v count %d", i, got, s.average, s.count)
		}
	}
	r := h.JSON(c, servertest.APIArticle+"/feedback", `{"text":"More on swimming please","section":"swimming-and-water-exercise","stars":3}`)
	if r.StatusCode != 201 || !strings.Contains(r.Body, `"received":true`) {
		t.Errorf("feedback: %d %s", r.StatusCode, r.Body)
	}
	if m := h.Get(nil, "/metrics").Body; !strings.Contains(m, `supple_votes_total{stars="4"} 1`) || !strings.Contains(m, "supple_feedback_total 1") ||
		!strings.Contains(m, `supple_http_requests_total{code="200",method="POST",route="POST /api/v1/articles/{slug}/rating"}`) {
		t.Error("metrics do not count votes, feedback and routes")
	}
}

func TestPlanAPI(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	good := `{"age": 46, "pain_now": 4, "duration_weeks": 16, "activity_level": "sedentary", "minutes_per_day": 30, "days_per_week": 5, "worse_with": ["sitting"]}`
	r := h.JSON(nil, "/api/v1/plans", good)
	var res struct {
		Status         string
		Classification struct{ Direction string }
		Weeks          []struct{ Week int }
		Excluded       []struct{ Exercise, Reason string }
	}
	if err := json.Unmarshal([]byte(r.Body), &res); err != nil || r.StatusCode != 200 || res.Status != "plan" || len(res.Weeks) != 12 || res.Classification.Direction != "extension" {
		t.Fatalf("plan: %d %v %+v", r.StatusCode, err, res.Status)
	}
	r = h.JSON(nil, "/api/v1/plans", strings.Replace(good, `"age": 46`, `"age": 46, "red_flags": ["major_trauma"]`, 1))
	if !strings.Contains(r.Body, `"status":"referred"`) || !strings.Contains(r.Body, `"level":"emergency"`) || strings.Contains(r.Body, `"weeks"`) {
		t.Errorf("referral: %s", r.Body)
	}
	// Long-standing symptoms in both legs a clinician cleared: a plan;
	// without the follow-up, the safe default (an emergency).
	r = h.JSON(nil, "/api/v1/plans", strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "both_legs", "both_legs_onset": "long_standing", "cleared_by_clinician": true`, 1))
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"status":"plan"`) {
		t.Errorf("long-standing, cleared: %d %s", r.StatusCode, r.Body)
	}
	r = h.JSON(nil, "/api/v1/plans", strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "both_legs", "cleared_by_clinician": true`, 1))
	if !strings.Contains(r.Body, `"level":"emergency"`) {
		t.Errorf("both legs, onset not said: %s", r.Body)
	}
	for _, tt := range []struct{ body, field string }{
		{strings.Replace(good, `"age": 46`, `"age": 200`, 1), "age"},
		{strings.Replace(good, `"age": 46`, `"age": "old"`, 1), "age"},
		{strings.Replace(good, `"age": 46`, `"age": 46, "mood": "grumpy"`, 1), "mood"},
		{`{"age": 46}`, "pain_now"},
		{strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "both_legs", "both_legs_onset": "last_year"`, 1), "both_legs_onset"},
		{strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "above_knee", "both_legs_onset": "new"`, 1), "both_legs_onset"},
	} { // a body that is not JSON at all is 400: TestMalformedJSONIs400
		r := h.JSON(nil, "/api/v1/plans", tt.body)
		var p problem
		json.Unmarshal([]byte(r.Body), &p)
		if r.StatusCode != 422 || r.Header.Get("Content-Type") != "application/problem+json" || len(p.Errors) == 0 || p.Errors[0].Field != tt.field {
			t.Errorf("%q: %d %+v", tt.body, r.StatusCode, p)
		}
	}
}
