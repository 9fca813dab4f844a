package web

import "net/http"

// Routes registers every HTML page on mux. Unknown paths get the 404 page.
func (s *Site) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /articles/{$}", s.articleList)
	mux.HandleFunc("GET /articles/{slug}", s.articlePage)
	mux.HandleFunc("POST /articles/{slug}/rating", s.rate)
	mux.HandleFunc("POST /articles/{slug}/feedback", s.feedback)
	mux.HandleFunc("GET /categories/{slug}", s.category)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /start", s.start)
	mux.HandleFunc("POST /start", s.startPost)
	mux.HandleFunc("GET /plan/{token}", s.planPage)
	mux.HandleFunc("GET /plan/{token}/calendar.ics", s.calendar)
	mux.HandleFunc("POST /plan/{token}/save", s.savePlan)
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("GET /signup", s.signupPage)
	mux.HandleFunc("POST /signup", s.signup)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /me/plan", s.myPlan)
	mux.HandleFunc("GET /me/settings", s.settings)
	mux.HandleFunc("POST /me/password", s.changePassword)
	mux.HandleFunc("POST /me/logout-everywhere", s.logoutEverywhere)
	mux.HandleFunc("GET /me/export", s.export)
	mux.HandleFunc("POST /me/delete", s.deleteAccount)
	mux.HandleFunc("GET /exercises/{$}", s.exerciseList)
	mux.HandleFunc("GET /exercises/{id}", s.exercisePage)
	mux.HandleFunc("GET /feed.atom", s.feed)
	mux.HandleFunc("GET /sitemap.xml", s.sitemap)
	mux.HandleFunc("GET /robots.txt", s.robots)
	mux.HandleFunc("GET /static/", s.staticFile)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", s.NotFound)
}
