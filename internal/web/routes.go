package web

import (
	"net/http"

	"supple/internal/httpx"
)

// route is one page or form action of the site, with the most its body
// may hold: httpx.LimitBodies applies it before anything reads the body
// (the session's form token check included), for members and visitors
// alike.
type route struct {
	pattern string
	limit   int64
	handler httpx.HandlerFunc
}

// The body limits of the routes.
const (
	noBody       = 0        // GET (and HEAD): no body is read
	voteBody     = 4 << 10  // a star rating
	accountBody  = 8 << 10  // log in, sign up, a password, an email link
	startBody    = 16 << 10 // one step of /start
	feedbackBody = 32 << 10 // feedback of up to 2,000 characters
	memberBody   = 64 << 10 // a member's log, check-in, share or setting
	articleBody  = 4 << 20  // an editor's article source
)

func (s *Site) routes() []route {
	return []route{
		{"GET /{$}", noBody, s.home},
		{"GET /articles/{$}", noBody, s.articleList},
		{"GET /articles/{slug}", noBody, s.articlePage},
		{"GET /articles/{slug}/card.png", noBody, s.card},
		{"POST /articles/{slug}/rating", voteBody, s.rate},
		{"POST /articles/{slug}/feedback", feedbackBody, s.feedback},
		{"GET /categories/{slug}", noBody, s.category},
		{"GET /search", noBody, s.search},
		{"GET /privacy", noBody, s.privacy},
		{"GET /start", noBody, s.start},
		{"POST /start", startBody, s.startPost},
		{"GET /plan/{token}", noBody, s.planPage},
		{"GET /plan/{token}/calendar.ics", noBody, s.calendar},
		{"POST /plan/{token}/save", memberBody, s.savePlan},
		{"GET /login", noBody, s.loginPage},
		{"POST /login", accountBody, s.login},
		{"GET /signup", noBody, s.signupPage},
		{"POST /signup", accountBody, s.signup},
		{"POST /logout", memberBody, s.logout},
		{"GET /forgot", noBody, s.forgotPage},
		{"POST /forgot", accountBody, s.forgot},
		{"GET /reset", noBody, s.resetPage},
		{"POST /reset", accountBody, s.reset},
		{"GET /confirm", noBody, s.confirmPage},
		{"POST /confirm", accountBody, s.confirm},
		{"POST /confirm/resend", accountBody, s.resendConfirm},
		{"GET /me/plan", noBody, s.myPlan},
		{"GET /me/plans", noBody, s.myPlans},
		{"GET /me/plans/{id}", noBody, s.myOldPlan},
		{"GET /me/plans/{id}/logs.csv", noBody, s.oldPlanCSV},
		{"GET /me/plans/{id}/fhir.json", noBody, s.oldPlanFHIR},
		{"POST /me/plan/swaps/{exercise}", memberBody, s.swapPost},
		{"POST /me/plan/swaps/{exercise}/undo", memberBody, s.undoSwapPost},
		{"GET /me/plan/change", noBody, s.planChange},
		{"POST /me/plan/change", memberBody, s.planChangePost},
		{"GET /me/settings", noBody, s.settings},
		{"POST /me/password", accountBody, s.changePassword},
		{"POST /me/timezone", memberBody, s.setTimeZone},
		{"POST /me/logout-everywhere", memberBody, s.logoutEverywhere},
		{"GET /me/settings/sessions", noBody, s.devices},
		{"POST /me/sessions/{id}/end", memberBody, s.endDevice},
		{"GET /me/export", noBody, s.export},
		{"POST /me/delete", memberBody, s.deleteAccount},
		{"GET /editor/{$}", noBody, s.editorHome},
		{"GET /editor/feedback", noBody, s.editorFeedback},
		{"POST /editor/feedback/{id}", memberBody, s.setFeedbackStatus},
		{"GET /editor/audit", noBody, s.auditLog},
		{"GET /editor/articles/{$}", noBody, s.editorArticles},
		{"GET /editor/articles/{slug}", noBody, s.editArticle},
		{"POST /editor/articles", articleBody, s.saveArticle},
		{"GET /editor/articles/{slug}/revisions/{rev}", noBody, s.revision},
		{"POST /editor/articles/{slug}/revisions/{rev}/restore", memberBody, s.restore},
		{"GET /me/progress", noBody, s.myProgress},
		{"GET /me/summary", noBody, s.mySummary},
		{"POST /me/shares", memberBody, s.createShare},
		{"POST /me/shares/{id}/revoke", memberBody, s.revokeShare},
		{"GET /share/{token}", noBody, s.sharePage},
		{"GET /share/{token}/summary", noBody, s.shareSummary},
		{"GET /me/today", noBody, s.today},
		{"POST /me/today", memberBody, s.todayPost},
		{"POST /me/logs/{id}/morning", memberBody, s.morningPost},
		{"POST /me/logs/{id}", memberBody, s.correctPost},
		{"GET /me/activity", noBody, s.activity},
		{"POST /me/activity", memberBody, s.activityPost},
		{"GET /me/checkin", noBody, s.checkin},
		{"POST /me/checkin", memberBody, s.checkinPost},
		{"GET /me/rescreen", noBody, s.rescreen},
		{"POST /me/rescreen", memberBody, s.rescreenPost},
		{"GET /exercises/{$}", noBody, s.exerciseList},
		{"GET /exercises/{id}", noBody, s.exercisePage},
		{"GET /feed.atom", noBody, s.feed},
		{"GET /sitemap.xml", noBody, s.sitemap},
		{"GET /robots.txt", noBody, s.robots},
		{"GET /static/", noBody, s.staticFile},
		{"GET /me/export/logs.csv", noBody, s.exportCSV},
		{"GET /me/export/fhir.json", noBody, s.exportFHIR},
		{"GET /fhir/{kind}/{id}", noBody, s.fhirDefinition},
		{"POST /me/calendar", memberBody, s.newCalendar},
		{"POST /me/calendar/time", memberBody, s.calendarTime},
		{"POST /me/calendar/revoke", memberBody, s.revokeCalendar},
		{"GET /calendar/{token}", noBody, s.calendarFeed},
		// clinicians (issue 17): clinic.go, clinic_rx.go, clinic_invites.go, clinicians.go
		{"GET /clinic/{$}", noBody, s.clinicDashboard},
		{"GET /clinic/invites", noBody, s.clinicInvites},
		{"POST /clinic/invites", memberBody, s.createInvite},
		{"POST /clinic/invites/{id}/cancel", memberBody, s.cancelInvite},
		{"POST /clinic/name", memberBody, s.clinicName},
		{"GET /clinic/patients/{id}", noBody, s.clinicPatient},
		{"GET /clinic/patients/{id}/report", noBody, s.clinicReport},
		{"GET /clinic/patients/{id}/fhir.json", noBody, s.clinicFHIR},
		{"POST /clinic/patients/{id}/overrides", memberBody, s.addOverride},
		{"POST /clinic/patients/{id}/overrides/{oid}/delete", memberBody, s.removeOverride},
		{"POST /clinic/patients/{id}/notes", memberBody, s.patientNote},
		{"GET /me/clinicians", noBody, s.myClinicians},
		{"GET /me/clinicians/link", noBody, s.consent},
		{"POST /me/clinicians", memberBody, s.linkClinician},
		{"POST /me/clinicians/{id}/end", memberBody, s.endClinician},
		{"POST /me/clinicians/{id}/answers", memberBody, s.shareAnswers},
		{"POST /me/clinicians/{id}/notes", memberBody, s.memberNote},
		{"GET /favicon.ico", noBody, func(w http.ResponseWriter, r *http.Request) error {
			http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
			return nil
		}},
	}
}

// Routes registers every HTML page on mux. A path with routes for other
// methods answers 405 with Allow; unknown paths get the 404 page.
func (s *Site) Routes(mux *http.ServeMux) {
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.handle(rt.handler))
	}
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if allow := httpx.Allowed(mux, r); len(allow) > 0 {
			return httpx.MethodNotAllowed(w, allow)
		}
		return errNotFound
	}))
}

// Limits are the routes' body limits by pattern, for httpx.LimitBodies.
func (s *Site) Limits() map[string]int64 {
	out := map[string]int64{}
	for _, rt := range s.routes() {
		out[rt.pattern] = rt.limit
	}
	return out
}

// Patterns lists every route as "METHOD /path", for tests that walk them all.
func (s *Site) Patterns() []string {
	var out []string
	for _, rt := range s.routes() {
		out = append(out, rt.pattern)
	}
	return out
}
