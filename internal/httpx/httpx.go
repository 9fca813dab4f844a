// Package httpx holds the request plumbing shared by the web pages and the
// JSON API: reading bodies, writing JSON and problem details, identifying
// readers and their networks.
package httpx

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"unicode/utf8"

	"supple/internal/validate"
)

// MaxJSONBody is the largest JSON request body the API's routes accept.
const MaxJSONBody = 64 << 10

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type   string                `json:"type"`
	Title  string                `json:"title"`
	Status int                   `json:"status"`
	Detail string                `json:"detail,omitempty"`
	Errors []validate.FieldError `json:"errors,omitempty"`
}

// Error makes a Problem an error that a handler returns to the API's
// renderer.
func (p *Problem) Error() string { return p.Detail }

// WriteProblem writes p as application/problem+json.
func WriteProblem(w http.ResponseWriter, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "the response could not be encoded"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// BodyError is a request body that could not be read as asked.
type BodyError struct {
	Status int
	Field  string // set when one field is to blame
	Detail string
}

func (e *BodyError) Error() string { return e.Detail }

// DecodeJSON reads one JSON object into v, refusing unknown fields, extra
// data, wrong types and bodies over the route's limit (LimitBodies).
func DecodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return &BodyError{Status: http.StatusUnsupportedMediaType, Detail: "send the body as application/json"}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if tl := TooLarge(err); tl != nil {
			return tl
		}
		return &BodyError{Status: http.StatusBadRequest, Detail: "the body could not be read"}
	}
	if err := ValidUTF8(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil {
		if dec.More() || dec.Decode(&struct{}{}) != io.EOF {
			return &BodyError{Status: http.StatusBadRequest, Detail: "the body must hold exactly one JSON object"}
		}
		return nil
	}
	var (
		syntax  *json.SyntaxError
		typeErr *json.UnmarshalTypeError
	)
	switch {
	case TooLarge(err) != nil:
		return TooLarge(err)
	case errors.Is(err, io.EOF):
		return &BodyError{Status: http.StatusBadRequest, Detail: "the body is empty; send a JSON object"}
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return &BodyError{Status: http.StatusBadRequest, Detail: "the body is not valid JSON: " + err.Error()}
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return &BodyError{Status: http.StatusBadRequest, Detail: "the body must be a JSON object"}
		}
		return &BodyError{Status: http.StatusUnprocessableEntity, Field: field,
			Detail: fmt.Sprintf("%s must be %s, not %s", field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &BodyError{Status: http.StatusUnprocessableEntity, Field: field, Detail: fmt.Sprintf("unknown field %q", field)}
	default:
		return &BodyError{Status: http.StatusBadRequest, Detail: "the body could not be read: " + err.Error()}
	}
}

// ValidUTF8 refuses a body that is not UTF-8 (400): encoding/json would
// read the broken bytes as U+FFFD, and text is kept as it was sent or
// not at all.
func ValidUTF8(body []byte) error {
	if utf8.Valid(body) {
		return nil
	}
	at := 0
	for at < len(body) {
		r, n := utf8.DecodeRune(body[at:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		at += n
	}
	return &BodyError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("the body is not valid UTF-8 (byte %d); send text as UTF-8", at)}
}

func jsonKind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"):
		return "a whole number"
	case strings.HasPrefix(k, "float"):
		return "a number"
	case k == "string":
		return "a string"
	case k == "bool":
		return "true or false"
	case k == "slice":
		return "a list"
	default:
		return "a " + k
	}
}

// ReaderCookie names the first-party cookie that identifies a reader.
const ReaderCookie = "supple_reader"

// ReaderID returns the reader's random id, setting the cookie for a new
// reader. The id is 128 random bits; the store only keeps a hash of it.
func ReaderID(w http.ResponseWriter, r *http.Request, secure bool) string {
	if c, err := r.Cookie(ReaderCookie); err == nil && validReaderID(c.Value) {
		return c.Value
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name: ReaderCookie, Value: id, Path: "/", MaxAge: 400 * 24 * 3600,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
	return id
}

// ExistingReaderID returns the reader's id if the request carries one.
func ExistingReaderID(r *http.Request) (string, bool) {
	c, err := r.Cookie(ReaderCookie)
	if err != nil || !validReaderID(c.Value) {
		return "", false
	}
	return c.Value, true
}

func validReaderID(s string) bool {
	if len(s) != 22 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// ClientAddr is the client's address: the connection's peer, or with
// trustProxy the last address in X-Forwarded-For (set by the proxy).
func ClientAddr(r *http.Request, trustProxy bool) netip.Addr {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				return a
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a
}

// LogPath is the request's path for logs: the route pattern instead when
// the path carries a secret (a plan, share or calendar token), so that
// logs never hold a link that opens someone's data. A path under one of
// the secret prefixes that no route took (a wrong method, a pasted link
// with a slash too many) has its token segment replaced too.
func LogPath(r *http.Request) string {
	_, pattern, _ := strings.Cut(r.Pattern, " ")
	if strings.Contains(pattern, "{token}") {
		return pattern
	}
	parts := strings.SplitN(r.URL.Path, "/", 4) // "", prefix, token, rest
	if len(parts) >= 3 && parts[2] != "" && slices.Contains(secretPrefixes, parts[1]) {
		parts[2] = "{token}"
		return strings.Join(parts, "/")
	}
	return r.URL.Path
}

// secretPrefixes are the first path segments whose second segment is a
// secret link token.
var secretPrefixes = []string{"plan", "share", "calendar"}
