// Package api serves supple's JSON API under /api/v1. Errors are RFC 9457
// problem details; the OpenAPI document at /api/v1/openapi.json
// describes every route.
package api

import (
	"context"
	_ "embed"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"supple/internal/account"
	"supple/internal/article"
	"supple/internal/clinic"
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
	cfg      Config
	catalog  *article.Catalog
	ratings  *rating.Service
	plans    *plans.Service
	prog     *progress.Service
	accounts *account.Service // checks bearer tokens
	clinic   *clinic.Service  // the clinician routes (clinic.go)
	log      *slog.Logger
}

// New returns the API.
func New(cfg Config, catalog *article.Catalog, ratings *rating.Service, plans *plans.Service, prog *progress.Service,
	accounts *account.Service, log *slog.Logger) *API {
	return &API{cfg: cfg, catalog: catalog, ratings: ratings, plans: plans, prog: prog, accounts: accounts, log: log}
}

// route is one API endpoint, with the most its body may hold (applied
// by httpx.LimitBodies before anything reads it); every one is described
// in openapi.json.
type route struct {
	method, path string
	limit        int64
	handler      httpx.HandlerFunc
}

// The body limits of the routes.
const (
	noBody   = 0                 // GET (and HEAD): no body is read
	jsonBody = httpx.MaxJSONBody // one JSON object: 64 KiB
)

func (a *API) routes() []route {
	return append([]route{
		{"GET", "/api/v1/openapi.json", noBody, a.openapi},
		{"GET", "/api/v1/articles", noBody, a.listArticles},
		{"GET", "/api/v1/articles/{slug}", noBody, a.getArticle},
		{"POST", "/api/v1/articles/{slug}/rating", jsonBody, a.rate},
		{"POST", "/api/v1/articles/{slug}/feedback", jsonBody, a.feedback},
		{"GET", "/api/v1/exercises", noBody, a.listExercises},
		{"GET", "/api/v1/exercises/{id}", noBody, a.getExercise},
		{"POST", "/api/v1/plans", jsonBody, a.createPlan},
		{"POST", "/api/v1/me/logs", jsonBody, a.addLog},
		{"GET", "/api/v1/me/logs", noBody, a.listLogs},
		{"GET", "/api/v1/me/logs/{id}", noBody, a.getLog},
		{"PATCH", "/api/v1/me/logs/{id}", jsonBody, a.patchLog},
		{"GET", "/api/v1/me/plan", noBody, a.getMyPlan},
		{"POST", "/api/v1/me/checkins", jsonBody, a.addCheckin},
		{"GET", "/api/v1/me/checkins", noBody, a.listCheckins},
		{"GET", "/api/v1/me/progress", noBody, a.getProgress},
	}, append(a.clinicRoutes(), a.planInputRoutes()...)...)
}

// Routes registers every API route on mux, and for any other request
// under /api/ a problem+json 405 with Allow when the path has routes for
// other methods, 404 otherwise.
func (a *API) Routes(mux *http.ServeMux) {
	for _, rt := range a.routes() {
		mux.Handle(rt.method+" "+rt.path, a.handle(rt.handler))
	}
	mux.Handle("/api/", a.handle(func(w http.ResponseWriter, r *http.Request) error {
		if allow := httpx.Allowed(mux, r); len(allow) > 0 {
			return httpx.MethodNotAllowed(w, allow)
		}
		return &httpx.Problem{Status: http.StatusNotFound, Detail: "no API endpoint at " + r.Method + " " + r.URL.Path + "; see /api/v1/openapi.json"}
	}))
}

// handle adapts h to http.Handler: a bearer token signs the member in
// (401 when it is not valid), and the error h returns is answered by
// fail.
func (a *API) handle(h httpx.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, err := a.bearer(r)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	})
}

// bearer signs in the member whose API token r carries, if it carries
// one: a session cookie is the site's (web.Sessions), a token the API's.
func (a *API) bearer(r *http.Request) (*http.Request, error) {
	token, ok := httpx.BearerToken(r)
	if !ok {
		return r, nil
	}
	u, err := a.accounts.TokenUser(r.Context(), token)
	switch {
	case errors.Is(err, account.ErrNoSession):
		return r, &httpx.Problem{Status: http.StatusUnauthorized, Detail: "the API token is not valid (revoked, mistyped or unknown)"}
	case err != nil:
		return r, err
	}
	return r.WithContext(account.WithUser(r.Context(), u)), nil
}

func (a *API) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPI)
	return nil
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

func (a *API) listArticles(w http.ResponseWriter, r *http.Request) error {
	snap := a.catalog.Snapshot()
	list := snap.List
	if c := r.URL.Query().Get("category"); c != "" {
		cat, ok := snap.Category(c)
		if !ok {
			return &httpx.Problem{Status: http.StatusNotFound, Detail: "no category " + c,
				Errors: []validate.FieldError{{Field: "category", Message: "unknown category"}}}
		}
		list = cat.Articles
	}
	out := make([]articleSummary, 0, len(list))
	for _, ar := range list {
		out = append(out, a.summary(ar))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"articles": out})
	return nil
}

// article is the published article the path names.
func (a *API) article(r *http.Request) (*article.Article, error) {
	slug := r.PathValue("slug")
	ar, ok := a.catalog.Snapshot().Get(slug)
	if !ok {
		return nil, &httpx.Problem{Status: http.StatusNotFound, Detail: "no published article has the slug " + slug}
	}
	return ar, nil
}

func (a *API) getArticle(w http.ResponseWriter, r *http.Request) error {
	ar, err := a.article(r)
	if err != nil {
		return err
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
	return nil
}

type rateRequest struct {
	Stars *int `json:"stars"`
}

type rateResponse struct {
	Average   float64 `json:"average"`
	Count     int     `json:"count"`
	YourStars int     `json:"your_stars"`
}

func (a *API) rate(w http.ResponseWriter, r *http.Request) error {
	ar, err := a.article(r)
	if err != nil {
		return err
	}
	var req rateRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Stars == nil {
		var e validate.Errors
		e.Add("stars", "stars is required: a whole number from 1 to 5")
		return e
	}
	reader := httpx.ReaderID(w, r, a.cfg.BaseURL.Scheme == "https")
	sum, err := a.ratings.Vote(r.Context(), ar.ID, ar.Revision, reader, a.client(r), *req.Stars)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, rateResponse{Average: sum.Average, Count: sum.Count, YourStars: *req.Stars})
	return nil
}

type feedbackRequest struct {
	Text    *string `json:"text"`
	Section string  `json:"section"`
	Stars   *int    `json:"stars"`
}

func (a *API) feedback(w http.ResponseWriter, r *http.Request) error {
	ar, err := a.article(r)
	if err != nil {
		return err
	}
	var req feedbackRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	text, stars := "", 0
	if req.Text != nil {
		text = *req.Text
	}
	if req.Stars != nil {
		if *req.Stars < 1 || *req.Stars > 5 {
			var e validate.Errors
			e.Add("stars", "stars must be from 1 to 5, or left out")
			return e
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
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"received": true})
	return nil
}

func (a *API) client(r *http.Request) string {
	return rating.ClientKey(a.cfg.Secret, httpx.ClientAddr(r, a.cfg.TrustProxy))
}

// fail is the API's one error renderer: it answers err as problem+json
// with the status httpx.Status gives it. Unexpected errors are logged
// and shown without detail.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	var (
		p    *httpx.Problem
		he   *httpx.Error
		body *httpx.BodyError
		verr validate.Errors
	)
	status := httpx.Status(err)
	switch {
	case errors.As(err, &p):
		httpx.WriteProblem(w, *p)
	case errors.As(err, &body):
		he = &httpx.Error{Status: body.Status, Field: body.Field, Detail: body.Detail}
		fallthrough
	case errors.As(err, &he):
		p := httpx.Problem{Status: he.Status, Detail: he.Detail}
		if he.Status == http.StatusUnprocessableEntity {
			p.Title = "Invalid input"
		}
		if he.Field != "" {
			p.Errors = []validate.FieldError{{Field: he.Field, Message: he.Detail}}
		}
		httpx.WriteProblem(w, p)
	case errors.As(err, &verr):
		httpx.WriteProblem(w, httpx.Problem{Status: status, Title: "Invalid input", Detail: verr.Error(), Errors: verr})
	case status == http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "5")
		httpx.WriteProblem(w, httpx.Problem{Status: status, Detail: "the server is restarting; please try again"})
	case status == http.StatusInternalServerError:
		a.log.Error("api request failed", "method", r.Method, "path", httpx.LogPath(r), "err", err, "request_id", httpx.RequestID(r.Context()))
		httpx.WriteProblem(w, httpx.Problem{Status: status, Detail: "something went wrong on our side; nothing was saved"})
	default:
		if status == http.StatusTooManyRequests {
			retry := "60"
			if lim := (*account.LimitedError)(nil); errors.As(err, &lim) {
				retry = strconv.Itoa(int(lim.RetryAfter.Seconds()) + 1)
			}
			w.Header().Set("Retry-After", retry)
		}
		httpx.WriteProblem(w, httpx.Problem{Status: status, Detail: httpx.Public(err)})
	}
}

// Limits are the routes' body limits by pattern, for httpx.LimitBodies.
func Limits() map[string]int64 {
	out := map[string]int64{}
	for _, rt := range (&API{}).routes() {
		out[rt.method+" "+rt.path] = rt.limit
	}
	return out
}

// Patterns lists every API route as "METHOD /path".
func Patterns() []string {
	var out []string
	for _, rt := range (&API{}).routes() {
		out = append(out, rt.method+" "+rt.path)
	}
	return out
}
