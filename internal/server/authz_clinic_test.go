package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/servertest"
)

// Who may use a route.
const (
	anyone       = "anyone"         // everyone, signed in or not
	signedIn     = "signed in"      // any account: member, editor, admin or clinician
	editorRole   = "editor"         // editors and admins
	adminRole    = "admin"          // admins
	clinicianOf  = "clinician"      // clinicians only (of their own linked patients)
	memberToLink = "member to link" // signed in; only a member account may complete it (others 403)
)

// routeRules say who may use each route of the router, by exact pattern
// or by a prefix that ends in "/". Every route must have a rule
// (TestEveryRouteHasARule): a new public route has to be listed here by
// name, so none becomes public by accident.
var routeRules = []struct{ match, who string }{
	{"/api/v1/clinic/", clinicianOf},
	{"/clinic/", clinicianOf},
	{"POST /api/v1/me/clinicians", memberToLink},
	{"POST /me/clinicians", memberToLink},
	{"/api/v1/me/", signedIn},
	{"/editor/audit", adminRole},
	{"/editor/", editorRole},
	{"/me/", signedIn},
	{"POST /logout", signedIn},
	{"GET /{$}", anyone}, {"GET /articles/{$}", anyone}, {"GET /articles/{slug}", anyone}, {"GET /articles/{slug}/card.png", anyone},
	{"POST /articles/{slug}/rating", anyone}, {"POST /articles/{slug}/feedback", anyone}, {"GET /categories/{slug}", anyone},
	{"GET /search", anyone}, {"GET /privacy", anyone}, {"GET /start", anyone}, {"POST /start", anyone},
	{"GET /plan/{token}", anyone}, {"GET /plan/{token}/calendar.ics", anyone}, {"POST /plan/{token}/save", signedIn},
	{"GET /login", anyone}, {"POST /login", anyone}, {"GET /signup", anyone}, {"POST /signup", anyone},
	{"GET /forgot", anyone}, {"POST /forgot", anyone}, {"GET /reset", anyone}, {"POST /reset", anyone},
	{"GET /confirm", anyone}, {"POST /confirm", anyone}, {"POST /confirm/resend", anyone},
	{"GET /share/{token}", anyone}, {"GET /share/{token}/summary", anyone}, {"GET /calendar/{token}", anyone},
	{"GET /exercises/{$}", anyone}, {"GET /exercises/{id}", anyone}, {"GET /feed.atom", anyone}, {"GET /sitemap.xml", anyone},
	{"GET /robots.txt", anyone}, {"GET /static/", anyone}, {"GET /favicon.ico", anyone}, {"GET /fhir/{kind}/{id}", anyone},
	{"GET /api/v1/openapi.json", anyone}, {"GET /api/v1/articles", anyone}, {"GET /api/v1/articles/{slug}", anyone},
	{"POST /api/v1/articles/{slug}/rating", anyone}, {"POST /api/v1/articles/{slug}/feedback", anyone},
	{"GET /api/v1/exercises", anyone}, {"GET /api/v1/exercises/{id}", anyone}, {"POST /api/v1/plans", anyone},
}

// ruleFor is who may use the route pattern ("METHOD /path"), and false
// when no rule covers it: a rule with a method names one pattern, one
// without is a path prefix.
func ruleFor(pattern string) (string, bool) {
	_, path, _ := strings.Cut(pattern, " ")
	for _, r := range routeRules {
		if r.match == pattern || !strings.Contains(r.match, " ") && strings.HasPrefix(path, r.match) {
			return r.who, true
		}
	}
	return "", false
}

func mustUser(t *testing.T, h *servertest.Harness, email string) *account.User {
	t.Helper()
	u, err := h.Srv.Accounts.ByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestEveryRouteHasARule(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, p := range h.Srv.Patterns() {
		if _, ok := ruleFor(p); !ok {
			t.Errorf("%s has no rule in routeRules: say who may use it", p)
		}
	}
	if _, ok := ruleFor("GET /a-new-page"); ok {
		t.Error("a route nobody listed has a rule")
	}
}

// Every route, for anonymous visitors, a member, a clinician, an editor
// and an admin, by session cookie (with the form token on writes) and,
// under /api/, by bearer token: each gets in exactly where routeRules
// let them. The clinician's patient ids are real, so clinician routes
// are reached, not answered 404 for a made-up id.
func TestAuthorizationMatrixWithClinician(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	planToken := strings.TrimPrefix(h.PostStep(5, servertest.Answers()).Header.Get("Location"), "/plan/")
	doc := h.Clinician("doc@example.org", "Dr Rowe")
	member := h.Member("ann@example.org", servertest.WithToken())
	inv, err := h.Srv.Clinic.CreateInvite(t.Context(), mustUser(t, h, doc.Email))
	if err != nil {
		t.Fatal(err)
	}
	l, err := h.Srv.Clinic.Accept(t.Context(), mustUser(t, h, member.Email), inv.Code, "", clinic.ChannelWeb)
	if err != nil {
		t.Fatal(err)
	}
	editor := h.Member("ed@example.org", servertest.NoPlan(), servertest.WithToken())
	admin := h.Member("root@example.org", servertest.NoPlan(), servertest.WithToken())
	for _, m := range []*servertest.Member{editor, admin} {
		role := map[string]string{editor.Email: "editor", admin.Email: "admin"}[m.Email]
		if err := h.Srv.Accounts.SetRole(t.Context(), "test", m.Email, role); err != nil {
			t.Fatal(err)
		}
		m.Login()
	}
	people := []struct {
		role string
		m    *servertest.Member
	}{{"", nil}, {"member", member}, {"clinician", doc}, {"editor", editor}, {"admin", admin}}
	may := func(role, who string) bool {
		switch who {
		case anyone:
			return true
		case signedIn, memberToLink:
			return role != ""
		case editorRole:
			return role == "editor" || role == "admin"
		case adminRole:
			return role == "admin"
		case clinicianOf:
			return role == "clinician"
		}
		return false
	}
	id := fmt.Sprint(l.ID)
	for _, p := range h.Srv.Patterns() {
		who, ok := ruleFor(p)
		if !ok {
			continue // TestEveryRouteHasARule reports it
		}
		method, path := concrete(p, planToken)
		if strings.Contains(p, "/clinic") { // the patient's and the clinician's ids are the link's
			path = strings.NewReplacer("{id}", id, "{oid}", "1").Replace(p[len(method)+1:])
		}
		if strings.Contains(path, "{") {
			continue
		}
		if method != http.MethodGet && !strings.HasPrefix(path, "/api/") {
			continue // form posts: TestEveryStateChangingRouteIsProtected and the pages' own tests
		}
		for _, who2 := range people {
			var r servertest.Response
			body := `{}`
			switch {
			case who2.m == nil:
				r = h.Do(nil, method, path, "application/json", body, "Sec-Fetch-Site", "same-origin")
			case strings.HasPrefix(path, "/api/"):
				r = h.Do(nil, method, path, "application/json", body, "Authorization", "Bearer "+who2.m.Bearer)
			default:
				r = h.Get(who2.m.Client, path)
			}
			allowed := may(who2.role, who)
			if who == memberToLink && who2.role != "" && who2.role != "member" {
				allowed = false
			}
			name := who2.role
			if name == "" {
				name = "anonymous"
			}
			switch {
			case r.StatusCode >= 500:
				t.Errorf("%s %s %s: %d", name, method, path, r.StatusCode)
			case !allowed && who2.m == nil && strings.HasPrefix(path, "/api/"):
				if r.StatusCode != http.StatusUnauthorized || r.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s %s %s: %d, want 401 problem+json", name, method, path, r.StatusCode)
				}
			case !allowed && who2.m == nil && (r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login")):
				t.Errorf("%s %s %s: %d, want a redirect to log in", name, method, path, r.StatusCode)
			case !allowed && who2.m != nil && r.StatusCode != http.StatusForbidden:
				t.Errorf("%s %s %s: %d, want 403", name, method, path, r.StatusCode)
			case allowed && (r.StatusCode == http.StatusUnauthorized || r.StatusCode == http.StatusForbidden):
				t.Errorf("%s %s %s: %d, want to get in", name, method, path, r.StatusCode)
			}
		}
	}
}

// The CSRF matrix for the clinician: with the clinician's session cookie,
// every state-changing API route refuses a request without the form
// token, and takes it with the token (no 403).
func TestClinicianSessionNeedsTheFormToken(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	doc := h.Clinician("doc@example.org", "")
	checked := 0
	for _, p := range h.Srv.Patterns() {
		method, path := concrete(p, "x")
		if method == http.MethodGet || !strings.HasPrefix(path, "/api/") {
			continue
		}
		checked++
		if r := h.Do(doc.Client, method, path, "application/json", `{}`, "Sec-Fetch-Site", "same-origin"); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s without the form token: %d, want 403", method, path, r.StatusCode)
		}
		if r := h.Do(doc.Client, method, path, "application/json", `{}`, "Sec-Fetch-Site", "same-origin", "X-CSRF-Token", doc.CSRF); r.StatusCode == http.StatusForbidden &&
			!strings.HasPrefix(path, "/api/v1/me/clinicians") {
			t.Errorf("%s %s with the form token: 403 %s", method, path, r.Body)
		}
	}
	if checked < 10 {
		t.Errorf("only %d state-changing API routes checked", checked)
	}
}
