package web

import (
	"net/http"

	"supple/internal/httpx"
)

// route is one page or form action of the site.
type route struct {
	pattern string
	handler httpx.HandlerFunc
}

func (s *Site) routes() []route {
	return []route{
		{"GET /{$}", s.home},
		{"GET /articles/{$}", s.articleList},
		{"GET /articles/{slug}", s.articlePage},
		{"GET /articles/{slug}/card.png", s.card},
		{"POST /articles/{slug}/rating", s.rate},
		{"POST /articles/{slug}/feedback", s.feedback},
		{"GET /categories/{slug}", s.category},
		{"GET /search", s.search},
		{"GET /privacy", s.privacy},
		{"GET /start", s.start},
		{"POST /start", s.startPost},
		{"GET /plan/{token}", s.planPage},
		{"GET /plan/{token}/calendar.ics", s.calendar},
		{"POST /plan/{token}/save", s.savePlan},
		{"GET /login", s.loginPage},
		{"POST /login", s.login},
		{"GET /signup", s.signupPage},
		{"POST /signup", s.signup},
		{"POST /logout", s.logout},
		{"GET /forgot", s.forgotPage},
		{"POST /forgot", s.forgot},
		{"GET /reset", s.resetPage},
		{"POST /reset", s.reset},
		{"GET /confirm", s.confirmPage},
		{"POST /confirm", s.confirm},
		{"POST /confirm/resend", s.resendConfirm},
		{"GET /me/plan", s.myPlan},
		{"GET /me/settings", s.settings},
		{"POST /me/password", s.changePassword},
		{"POST /me/logout-everywhere", s.logoutEverywhere},
		{"GET /me/settings/sessions", s.devices},
		{"POST /me/sessions/{id}/end", s.endDevice},
		{"GET /me/export", s.export},
		{"POST /me/delete", s.deleteAccount},
		{"GET /editor/{$}", s.editorHome},
		{"GET /editor/feedback", s.editorFeedback},
		{"POST /editor/feedback/{id}", s.setFeedbackStatus},
		{"GET /editor/audit", s.auditLog},
		{"GET /editor/articles/{$}", s.editorArticles},
		{"GET /editor/articles/{slug}", s.editArticle},
		{"POST /editor/articles", s.saveArticle},
		{"GET /editor/articles/{slug}/revisions/{rev}", s.revision},
		{"POST /editor/articles/{slug}/revisions/{rev}/restore", s.restore},
		{"GET /me/progress", s.myProgress},
		{"GET /me/summary", s.mySummary},
		{"POST /me/shares", s.createShare},
		{"POST /me/shares/{id}/revoke", s.revokeShare},
		{"GET /share/{token}", s.sharePage},
		{"GET /share/{token}/summary", s.shareSummary},
		{"GET /me/today", s.today},
		{"POST /me/today", s.todayPost},
		{"POST /me/logs/{id}/morning", s.morningPost},
		{"GET /me/activity", s.activity},
		{"POST /me/activity", s.activityPost},
		{"GET /me/checkin", s.checkin},
		{"POST /me/checkin", s.checkinPost},
		{"GET /me/rescreen", s.rescreen},
		{"POST /me/rescreen", s.rescreenPost},
		{"GET /exercises/{$}", s.exerciseList},
		{"GET /exercises/{id}", s.exercisePage},
		{"GET /feed.atom", s.feed},
		{"GET /sitemap.xml", s.sitemap},
		{"GET /robots.txt", s.robots},
		{"GET /static/", s.staticFile},
		{"GET /me/export/logs.csv", s.exportCSV},
		{"GET /me/export/fhir.json", s.exportFHIR},
		{"GET /fhir/{kind}/{id}", s.fhirDefinition},
		{"POST /me/calendar", s.newCalendar},
		{"POST /me/calendar/time", s.calendarTime},
		{"POST /me/calendar/revoke", s.revokeCalendar},
		{"GET /calendar/{token}", s.calendarFeed},
		{"GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) error {
			http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
			return nil
		}},
	}
}

// Routes registers every HTML page on mux. Unknown paths get the 404 page.
func (s *Site) Routes(mux *http.ServeMux) {
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.handle(rt.handler))
	}
	mux.Handle("/", s.handle(s.NotFound))
}

// Patterns lists every route as "METHOD /path", for tests that walk them all.
func (s *Site) Patterns() []string {
	var out []string
	for _, rt := range s.routes() {
		out = append(out, rt.pattern)
	}
	return out
}
