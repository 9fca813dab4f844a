package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/httpx"
)

// SessionCookie names the cookie that holds a session secret.
const SessionCookie = "supple_session"

type sessionKey struct{}

// visitor is who is making a request.
type visitor struct {
	User   *account.User
	CSRF   string // the session's form token
	Secret string // the session secret
}

func visitorOf(r *http.Request) *visitor {
	v, _ := r.Context().Value(sessionKey{}).(*visitor)
	if v == nil {
		return &visitor{}
	}
	return v
}

// Sessions resolves the session cookie of every request, and refuses a
// state-changing request from a session whose form token (field "csrf"
// or header X-CSRF-Token) does not match: Go's cross-origin protection
// stops other sites, and this token stops anything it misses. The form
// is read within the route's body limit, set before (httpx.LimitBodies),
// so a form over it is 413 for members as for visitors. An API request
// with a bearer token is left to the API, which checks the token.
func (s *Site) Sessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &visitor{}
		if _, bearer := httpx.BearerToken(r); bearer && httpx.IsAPI(r) {
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil {
			u, csrf, err := s.Accounts.Session(r.Context(), c.Value)
			switch {
			case err == nil:
				v.User, v.CSRF, v.Secret = u, csrf, c.Value
			case errors.Is(err, account.ErrNoSession):
				s.clearSession(w)
			default:
				if httpx.IsAPI(r) {
					httpx.WriteProblem(w, httpx.Problem{Status: httpx.Status(err), Detail: httpx.Public(err)})
				} else {
					s.fail(w, r, err)
				}
				return
			}
		}
		if v.Secret != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
			if strings.HasPrefix(r.URL.Path, "/editor/") && !v.User.Can(account.Editor) && r.Body != nil {
				// The editor's routes take articles of up to 4 MiB; a member
				// who is not an editor gets no more than any other form
				// before the token and the role are checked.
				r.Body = http.MaxBytesReader(w, r.Body, memberBody)
			}
			token := r.Header.Get("X-CSRF-Token")
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if token == "" && !httpx.IsAPI(r) && mt == "application/x-www-form-urlencoded" {
				if err := parseForm(r); err != nil {
					s.fail(w, r, err)
					return
				}
				token = r.PostForm.Get("csrf")
			}
			if v.CSRF == "" || subtle.ConstantTimeCompare([]byte(token), []byte(v.CSRF)) != 1 {
				s.refuse(w, r, "We could not accept this form", "This form has expired or did not come from this site. Please go back, reload the page and try again.")
				return
			}
		}
		ctx := context.WithValue(r.Context(), sessionKey{}, v)
		if v.User != nil {
			ctx = account.WithUser(ctx, v.User)
		}
		r2 := r.WithContext(ctx)
		next.ServeHTTP(w, r2)
		r.Pattern = r2.Pattern // for the route label of the outer middleware
	})
}

// refuse answers 403 with heading and msg: problem+json under /api/.
func (s *Site) refuse(w http.ResponseWriter, r *http.Request, heading, msg string) {
	if httpx.IsAPI(r) {
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusForbidden, Detail: msg})
		return
	}
	s.fail(w, r, s.message(http.StatusForbidden, "Not allowed", map[string]string{"Heading": heading, "Text": msg}))
}

func (s *Site) setSession(w http.ResponseWriter, secret string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(account.AbsoluteTimeout / time.Second)})
}

func (s *Site) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// requireUser is the signed-in visitor; others are sent to log in first.
func (s *Site) requireUser(r *http.Request) (*visitor, error) {
	v := visitorOf(r)
	if v.User == nil {
		return nil, loginFirst(r)
	}
	return v, nil
}
