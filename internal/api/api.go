// Package api serves supple's JSON API under /api/v1. Errors are RFC 9457
// problem details; the OpenAPI document at /api/v1/openapi.json
// describes every route.
package api

import (
	_ "embed"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"supple/internal/article"
	"supple/internal/httpx"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/rating"
	"supple/internal/validate"
)

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the OpenAPI 3.1 document.
func OpenAPI() []byte { return openAPI }

// Config is what the API needs to know about the site.
type Config struct {
	BaseURL    *url.URL
	TrustProxy bool
	Secret     []byte
}

// API serves the JSON endpoints.
type API struct {
	cfg     Config
	catalog *article.Catalog
	ratings *rating.Service
	plans   *plans.Service
	prog    *progress.Service
	log     *slog.Logger
}

// New returns the API.
func New(cfg Config, catalog *article.Catalog, ratings *rating.Service, plans *plans.Service, prog *progress.Service, log *slog.Logger) *API {
	return &API{cfg: cfg, catalog: catalog, ratings: ratings, plans: plans, prog: prog, log: log}
}

// route is one API endpoint; every one is described in openapi.json.
type route struct {
	method, path string
	handler      http.HandlerFunc
}

func (a *API) routes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", a.openapi},
		{"GET", "/api/v1/articles", a.listArticles},
		{"GET", "/api/v1/articles/{slug}", a.getArticle},
		{"POST", "/api/v1/articles/{slug}/rating", a.rate},
		{"POST", "/api/v1/articles/{slug}/feedback", a.feedback},
		{"GET", "/api/v1/exercises", a.listExercises},
		{"GET", "/api/v1/exercises/{id}", a.getExercise},
		{"POST", "/api/v1/plans", a.createPlan},
		{"POST", "/api/v1/me/logs", a.addLog},
		{"GET", "/api/v1/me/logs", a.listLogs},
		{"GET", "/api/v1/me/logs/{id}", a.getLog},
		{"PATCH", "/api/v1/me/logs/{id}", a.patchLog},
		{"GET", "/api/v1/me/plan", a.getMyPlan},
		{"POST", "/api/v1/me/checkins", a.addCheckin},
		{"GET", "/api/v1/me/checkins", a.listCheckins},
	}
}

// Routes registers every API route on mux, and a problem+json 404 for
// any other path under /api/.
func (a *API) Routes(mux *http.ServeMux) {
	for _, rt := range a.routes() {
		mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusNotFound, Detail: "no API endpoint at " + r.Method + " " + r.URL.Path + "; see /api/v1/openapi.json"})
	})
}

func (a *API) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPI)
}

type category struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type articleSummary struct {
	Slug           string         `json:"slug"`
	URL            string         `json:"url"`
	Title          string         `json:"title"`
	Description    string         `json:"description"`
	Category       category       `json:"category"`
	Tags           []string       `json:"tags"`
	Published      string         `json:"published"`
	Updated        string         `json:"updated"`
	ReadingMinutes int            `json:"reading_minutes"`
	Rating         rating.Summary `json:"rating"`
}

type articleDetail struct {
	articleSummary
	Author string `json:"author"`
	// ReviewedBy, ReviewerRole and ReviewedAt describe a clinician's
	// review, and are empty without one; CheckedBy is an editorial check.
	ReviewedBy   string            `json:"reviewed_by"`
	ReviewerRole string            `json:"reviewer_role"`
	ReviewedAt   *string           `json:"reviewed_at"`
	CheckedBy    string            `json:"checked_by"`
	Revision     int               `json:"revision"`
	TOC          []article.Heading `json:"toc"`
	FAQ          []faq             `json:"faq"`
	Related      []relatedArticle  `json:"related"`
}

type faq struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

type relatedArticle struct {
	Slug  string `json:"slug"`
	URL   string `json:"url"`
	Title string `json:"title"`
}

func (a *API) abs(path string) string {
	ref, _ := url.Parse(path)
	return a.cfg.BaseURL.ResolveReference(ref).String()
}

func (a *API) summary(ar *article.Article) articleSummary {
	tags := ar.Tags
	if tags == nil {
		tags = []string{}
	}
	return articleSummary{
		Slug: ar.Slug, URL: a.abs("/articles/" + ar.Slug), Title: ar.Title, Description: ar.Description,
		Category: category{ar.CategorySlug, ar.Category}, Tags: tags,
		Published: ar.Published.Format(time.DateOnly), Updated: ar.Updated.Format(time.DateOnly),
		ReadingMinutes: ar.ReadingMinutes, Rating: a.ratings.Summary(ar.ID),
	}
}

func (a *API) listArticles(w http.ResponseWriter, r *http.Request) {
	snap := a.catalog.Snapshot()
	list := snap.List
	if c := r.URL.Query().Get("category"); c != "" {
		cat, ok := snap.Category(c)
		if !ok {
			httpx.WriteProblem(w, httpx.Problem{Status: http.StatusNotFound, Detail: "no category " + c,
				Errors: []validate.FieldError{{Field: "category", Message: "unknown category"}}})
			return
		}
		list = cat.Articles
	}
	out := make([]articleSummary, 0, len(list))
	for _, ar := range list {
		out = append(out, a.summary(ar))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"articles": out})
}

func (a *API) article(w http.ResponseWriter, r *http.Request) (*article.Article, bool) {
	slug := r.PathValue("slug")
	ar, ok := a.catalog.Snapshot().Get(slug)
	if !ok {
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusNotFound, Detail: "no published article has the slug " + slug})
	}
	return ar, ok
}

func (a *API) getArticle(w http.ResponseWriter, r *http.Request) {
	ar, ok := a.article(w, r)
	if !ok {
		return
	}
	d := articleDetail{articleSummary: a.summary(ar), Author: ar.Author, CheckedBy: ar.Checker(), Revision: ar.Revision,
		TOC: ar.TOC, FAQ: []faq{}, Related: []relatedArticle{}}
	if d.TOC == nil {
		d.TOC = []article.Heading{}
	}
	if ar.Clinician() {
		d.ReviewedBy, d.ReviewerRole = ar.ReviewedBy, ar.ReviewerRole
		if !ar.ReviewedAt.IsZero() {
			s := ar.ReviewedAt.Format(time.DateOnly)
			d.ReviewedAt = &s
		}
	}
	for _, f := range ar.FAQ {
		d.FAQ = append(d.FAQ, faq{f.Question, f.Answer})
	}
	for _, rel := range ar.Related {
		d.Related = append(d.Related, relatedArticle{rel.Slug, a.abs("/articles/" + rel.Slug), rel.Title})
	}
	httpx.WriteJSON(w, http.StatusOK, d)
}

type rateRequest struct {
	Stars *int `json:"stars"`
}

type rateResponse struct {
	Average   float64 `json:"average"`
	Count     int     `json:"count"`
	YourStars int     `json:"your_stars"`
}

func (a *API) rate(w http.ResponseWriter, r *http.Request) {
	ar, ok := a.article(w, r)
	if !ok {
		return
	}
	var req rateRequest
	if err := httpx.DecodeJSON(w, r, &req); err != nil {
		a.fail(w, r, err)
		return
	}
	if req.Stars == nil {
		var e validate.Errors
		e.Add("stars", "stars is required: a whole number from 1 to 5")
		a.fail(w, r, e)
		return
	}
	reader := httpx.ReaderID(w, r, a.cfg.BaseURL.Scheme == "https")
	sum, err := a.ratings.Vote(r.Context(), ar.ID, ar.Revision, reader, a.client(r), *req.Stars)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, rateResponse{Average: sum.Average, Count: sum.Count, YourStars: *req.Stars})
}

type feedbackRequest struct {
	Text    *string `json:"text"`
	Section string  `json:"section"`
	Stars   *int    `json:"stars"`
}

func (a *API) feedback(w http.ResponseWriter, r *http.Request) {
	ar, ok := a.article(w, r)
	if !ok {
		return
	}
	var req feedbackRequest
	if err := httpx.DecodeJSON(w, r, &req); err != nil {
		a.fail(w, r, err)
		return
	}
	text, stars := "", 0
	if req.Text != nil {
		text = *req.Text
	}
	if req.Stars != nil {
		if *req.Stars < 1 || *req.Stars > 5 {
			var e validate.Errors
			e.Add("stars", "stars must be from 1 to 5, or left out")
			a.fail(w, r, e)
			return
		}
		stars = *req.Stars
	}
	sections := make([]string, 0, len(ar.TOC)+1)
	for _, h := range ar.TOC {
		sections = append(sections, h.ID)
	}
	if len(ar.FAQ) > 0 {
		sections = append(sections, "faq")
	}
	if _, err := a.ratings.Feedback(r.Context(), rating.FeedbackInput{
		ArticleID: ar.ID, Revision: ar.Revision, Stars: stars, Section: req.Section, Text: text, Sections: sections,
	}, a.client(r)); err != nil {
		a.fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"received": true})
}

func (a *API) client(r *http.Request) string {
	return rating.ClientKey(a.cfg.Secret, httpx.ClientAddr(r, a.cfg.TrustProxy))
}

// fail turns an error into a problem response; unexpected errors are
// logged and shown without detail.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var (
		body *httpx.BodyError
		verr validate.Errors
	)
	switch {
	case errors.As(err, &body):
		p := httpx.Problem{Status: body.Status, Detail: body.Detail}
		if body.Status == http.StatusUnprocessableEntity {
			p.Title = "Invalid input"
		}
		if body.Field != "" {
			p.Errors = []validate.FieldError{{Field: body.Field, Message: body.Detail}}
		}
		httpx.WriteProblem(w, p)
	case errors.As(err, &verr):
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusUnprocessableEntity, Title: "Invalid input",
			Detail: verr.Error(), Errors: verr})
	case errors.Is(err, rating.ErrLimited), errors.Is(err, rating.ErrFeedbackLimited):
		w.Header().Set("Retry-After", "60")
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusTooManyRequests, Detail: err.Error()})
	case errors.Is(err, rating.ErrClosed):
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusServiceUnavailable, Detail: "the server is restarting; please try again"})
	default:
		a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; nothing was saved"})
	}
}

// Patterns lists every API route as "METHOD /path".
func Patterns() []string {
	var out []string
	for _, rt := range (&API{}).routes() {
		out = append(out, rt.method+" "+rt.path)
	}
	return out
}
