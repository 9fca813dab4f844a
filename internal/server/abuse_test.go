package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// Any next that is not a plain path on this site becomes "/": browsers
// drop tabs and newlines and read backslashes as slashes, so "/\t/x" and
// "/\\x" leave the site.
func TestNextStaysOnTheSite(t *testing.T) {
	h := newHarness(t)
	if _, err := h.srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	signed := h.client()
	if r := h.form(signed, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	i := 0
	for _, tt := range []struct{ next, want string }{
		{"/me/today", "/me/today"},
		{"/articles/exercise-for-back-pain?x=1#faq", "/articles/exercise-for-back-pain?x=1#faq"},
		{"/plan/abc%20def", "/plan/abc%20def"},
		{"", "/me/plan"},
		{"/\t/evil.example", "/"},
		{"/%09/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"/%5cevil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%2f%2fevil.example", "/"},
		{"/%252F%252Fevil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{" /me/plan", "/"},
		{"/me/\u3000plan", "/"},
		{"/a\u2028b", "/"},
		{"/%E2%80%A8evil", "/"},
		{"http:/evil.example", "/"},
	} {
		i++
		q := url.Values{"next": {tt.next}}
		for _, req := range []struct {
			name string
			do   func() response
		}{
			{"GET /login (signed in)", func() response { return h.get(signed, "/login?"+q.Encode()) }},
			{"POST /login", func() response {
				return h.form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}, "next": {tt.next}})
			}},
			{"POST /signup", func() response {
				return h.form(nil, "/signup", url.Values{"email": {fmt.Sprintf("new%d@example.org", i)}, "password": {"a long enough secret"}, "next": {tt.next}})
			}},
		} {
			r := req.do()
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != tt.want {
				t.Errorf("%s next=%q: %d Location %q, want %q", req.name, tt.next, r.StatusCode, r.Header.Get("Location"), tt.want)
			}
		}
	}
}

// loginStorm sends n logins at once and counts the answers by status.
func loginStorm(t *testing.T, hs []*harness, n int, password func(i int) string) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		h := hs[i%len(hs)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := h.form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {password(i)}})
			mu.Lock()
			got[r.StatusCode]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// 30 wrong passwords at once: only 5 are checked (401), the rest are
// refused before any hash is computed (429).
func TestParallelLoginsRespectTheLimit(t *testing.T) {
	h := newHarness(t)
	if _, err := h.srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	got := loginStorm(t, []*harness{h}, 30, func(i int) string { return fmt.Sprintf("wrong password %d", i) })
	if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 25 {
		t.Errorf("30 parallel wrong passwords: %v, want 5 checked (401) and 25 refused (429)", got)
	}
}

func TestParallelLoginsAcrossInstances(t *testing.T) {
	a, b := twoInstances(t)
	if _, err := a.srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	got := loginStorm(t, []*harness{a, b}, 30, func(i int) string { return fmt.Sprintf("wrong password %d", i) })
	if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 25 {
		t.Errorf("30 parallel wrong passwords over two instances: %v, want 5 checked and 25 refused", got)
	}
}
