package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/storetest"
)

// expected is who may open a GET route: everyone, signed-in people,
// editors, admins or clinicians (authz_clinic_test.go has the full table
// with the clinician as a person).
func expected(path string) string {
	switch {
	case strings.HasPrefix(path, "/clinic/"), strings.HasPrefix(path, "/api/v1/clinic/"):
		return "clinician"
	case strings.HasPrefix(path, "/editor/audit"):
		return "admin"
	case strings.HasPrefix(path, "/editor/"):
		return "editor"
	case strings.HasPrefix(path, "/me/"), strings.HasPrefix(path, "/api/v1/me/"):
		return "member"
	}
	return "anyone"
}

// Every GET route in the router, for anonymous visitors, two members, an
// editor and an admin: each gets in exactly where their role allows.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	planToken := strings.TrimPrefix(h.PostStep(5, servertest.Answers()).Header.Get("Location"), "/plan/")
	people := []struct {
		name, role string
		client     *http.Client
	}{
		{"anonymous", "", nil},
		{"member A", "member", h.SignedIn("a@example.org", "member")},
		{"member B", "member", h.SignedIn("b@example.org", "member")},
		{"editor", "editor", h.SignedIn("e@example.org", "editor")},
		{"admin", "admin", h.SignedIn("root@example.org", "admin")},
	}
	rank := map[string]int{"": 0, "member": 1, "editor": 2, "admin": 3, "anyone": 0, "clinician": 4}
	for _, p := range h.Srv.Patterns() {
		method, path := concrete(p, planToken)
		if method != http.MethodGet || strings.Contains(path, "{") {
			continue
		}
		need := expected(path)
		for _, who := range people {
			r := h.Get(who.client, path)
			allowed := rank[who.role] >= rank[need]
			switch {
			case r.StatusCode >= 500:
				t.Errorf("%s %s: %d", who.name, path, r.StatusCode)
			case !allowed && who.client == nil && strings.HasPrefix(path, "/api/"):
				if r.StatusCode != http.StatusUnauthorized || r.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s %s: %d, want 401 problem+json", who.name, path, r.StatusCode)
				}
			case !allowed && who.client == nil && (r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login")):
				t.Errorf("%s %s: %d, want a redirect to log in", who.name, path, r.StatusCode)
			case !allowed && who.client != nil && r.StatusCode != http.StatusForbidden:
				t.Errorf("%s %s: %d, want 403", who.name, path, r.StatusCode)
			case allowed && r.StatusCode >= 400 && r.StatusCode != http.StatusNotFound:
				t.Errorf("%s %s: %d, want to get in", who.name, path, r.StatusCode)
			}
		}
	}
	// Member A saves the plan; member B can neither take it nor see it in
	// their own pages or export.
	a, b := people[1].client, people[2].client
	tokA := servertest.CSRF(t, h.Get(a, "/plan/"+planToken).Body)
	if r := h.Form(a, "/plan/"+planToken+"/save", url.Values{"csrf": {tokA}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("A saves: %d", r.StatusCode)
	}
	tokB := servertest.CSRF(t, h.Get(b, "/me/settings").Body)
	if r := h.Form(b, "/plan/"+planToken+"/save", url.Values{"csrf": {tokB}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("B takes A's plan: %d, want 404", r.StatusCode)
	}
	if page := h.Get(b, "/me/plan").Body; strings.Contains(page, "This is your active plan") {
		t.Error("B sees A's plan")
	}
	if exp := h.Get(b, "/me/export").Body; strings.Contains(exp, `"weeks"`) || strings.Contains(exp, "a@example.org") {
		t.Error("B's export holds A's data")
	}
}

// Over https every response carries HSTS and cookies are Secure; no raw
// IP address is ever stored.
func TestHTTPSAndNoRawIPs(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) {
		u, _ := url.Parse("https://back.example/")
		c.BaseURL = u
	})
	r := h.Get(nil, "/")
	if r.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over https")
	}
	c := h.Client()
	r = h.Do(c, "POST", servertest.APIArticle+"/rating", "application/json", `{"stars":4}`, "Sec-Fetch-Site", "same-origin")
	if !strings.Contains(r.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("reader cookie not Secure: %s", r.Header.Get("Set-Cookie"))
	}
	h.Do(nil, "POST", "/signup", "application/x-www-form-urlencoded", "email=ann%40example.org&password=a+long+enough+secret", "Sec-Fetch-Site", "same-origin")
	h.JSON(nil, servertest.APIArticle+"/feedback", `{"text":"hello"}`)
	h.Do(nil, "POST", "/login", "application/x-www-form-urlencoded", "email=ann%40example.org&password=wrong+password", "Sec-Fetch-Site", "same-origin")
	t.Run("no raw IP address in the SQLite file", func(t *testing.T) {
		if storetest.Postgres() {
			t.Skip("the byte scan reads a SQLite file")
		}
		path := filepath.Join(t.TempDir(), "dump.db")
		if err := h.Srv.DB.Backup(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("127.0.0.1")) || bytes.Contains(b, []byte("::1")) {
			t.Error("the database holds a raw IP address")
		}
	})
}
