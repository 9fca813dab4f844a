package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"supple/internal/httpx"
)

// Handlers return their errors (httpx.HandlerFunc); handle turns each
// into a page through fail, the pages' one error renderer. Forms still
// re-render themselves with the message next to the field: fail is for
// everything else.

// errNotFound answers with the 404 page.
var errNotFound = httpx.NewError(http.StatusNotFound, "no page here")

// errFormTooLarge is a form body over its route's limit.
var errFormTooLarge = httpx.NewError(http.StatusRequestEntityTooLarge, "The form was too large to read. Please go back, shorten what you wrote and try again.")

// parseForm reads the form in the body, within the route's limit
// (httpx.LimitBodies): 413 over it, 400 when it cannot be read.
func parseForm(r *http.Request) error {
	err := r.ParseForm()
	switch {
	case httpx.TooLarge(err) != nil:
		return errFormTooLarge
	case err != nil:
		return httpx.NewError(http.StatusBadRequest, "The form could not be read. Please go back and try again.")
	}
	return nil
}

// redirectError sends the person to another page instead: "log in
// first" is a redirect to the login page that comes back afterwards.
type redirectError struct{ url string }

func (e *redirectError) Error() string { return "web: see " + e.url }

// loginFirst is the redirect for a page that needs a signed-in member.
func loginFirst(r *http.Request) error {
	return &redirectError{url: "/login?next=" + urlQuery(r.URL.RequestURI())}
}

// pageError answers with a page other than the one asked for, such as
// "you have no plan yet" or the paused plan's referral.
type pageError struct {
	why  string
	show httpx.HandlerFunc
}

func (e *pageError) Error() string { return "web: " + e.why }

// message is a pageError showing the message page with status.
func (s *Site) message(status int, title string, data map[string]string) *pageError {
	return &pageError{why: data["Heading"], show: func(w http.ResponseWriter, r *http.Request) error {
		return s.render(w, r, status, "message", &Page{Title: title, NoIndex: true, Data: data})
	}}
}

// handle adapts h to http.Handler: the error h returns is answered by fail.
func (s *Site) handle(h httpx.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail is the pages' one error renderer: a redirect or another page when
// err is one, the 404 page, a calm 503 while the server stops, and for
// other refusals a message page with the status httpx.Status gives err.
// Unexpected errors are logged with the request id and shown as a 500
// page without details.
func (s *Site) fail(w http.ResponseWriter, r *http.Request, err error) {
	var (
		re *redirectError
		pe *pageError
	)
	switch status := httpx.Status(err); {
	case errors.Is(err, context.Canceled):
	case errors.As(err, &re):
		http.Redirect(w, r, re.url, http.StatusSeeOther)
	case errors.As(err, &pe):
		if err := pe.show(w, r); err != nil {
			s.serverError(w, r, err)
		}
	case status == http.StatusNotFound:
		if err := s.NotFound(w, r); err != nil {
			s.serverError(w, r, err)
		}
	case status == http.StatusInternalServerError:
		s.serverError(w, r, err)
	case status == http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "5")
		s.fail(w, r, s.message(status, "Please try again", map[string]string{"Heading": "Please try again in a moment",
			"Text": "supple is restarting or very busy, and nothing was saved. Please try again in a few seconds."}))
	default:
		heading := http.StatusText(status)
		switch status {
		case http.StatusForbidden:
			heading = "Not allowed"
		case http.StatusMethodNotAllowed:
			heading = "This address does not take this kind of request"
		case http.StatusRequestEntityTooLarge:
			heading = "This form is too large"
		}
		text := httpx.Public(err)
		if !strings.HasSuffix(text, ".") {
			text = sentence(text)
		}
		s.fail(w, r, s.message(status, heading, map[string]string{"Heading": heading, "Text": text}))
	}
}

// serverError logs err and shows a calm error page without details.
func (s *Site) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.Error("page failed", "method", r.Method, "path", httpx.LogPath(r), "err", err, "request_id", httpx.RequestID(r.Context()))
	b, rerr := s.renderBytes("error", &Page{Title: "Something went wrong", NoIndex: true})
	if rerr != nil {
		http.Error(w, "Something went wrong on our side. Please try again in a moment.", http.StatusInternalServerError)
		return
	}
	writeHTML(w, http.StatusInternalServerError, b)
}
