package delivery

import (
	"net/http"
	"strings"
	"time"
)

// NotModified reports whether a GET or HEAD may be answered with 304 (RFC
// 9110 section 13.2.2): If-None-Match, when present, decides alone (weak
// comparison against etag); otherwise If-Modified-Since, when it is a valid
// HTTP date and modified is not after it. A malformed field never matches,
// so the full response is sent.
func NotModified(r *http.Request, etag string, modified time.Time, weakModified bool) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		return etagListMatches(inm, etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || modified.IsZero() || weakModified {
		return false
	}
	t, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	return !modified.Truncate(time.Second).After(t)
}

// etagListMatches is the weak comparison of If-None-Match's list (or "*")
// with etag. Members that are not entity tags are skipped.
func etagListMatches(values []string, etag string) bool {
	want := opaque(etag)
	for _, v := range values {
		for {
			v = strings.TrimLeft(v, " \t,")
			if v == "" {
				break
			}
			if v[0] == '*' {
				return true
			}
			tag, rest, ok := scanETag(v)
			if !ok {
				// Skip to the next member.
				i := strings.IndexByte(v, ',')
				if i < 0 {
					break
				}
				v = v[i+1:]
				continue
			}
			if tag == want {
				return true
			}
			v = rest
		}
	}
	return false
}

// scanETag reads one entity-tag (W/"x" or "x") at the start of s and
// returns its opaque part (with quotes) and the rest.
func scanETag(s string) (tag, rest string, ok bool) {
	s = strings.TrimPrefix(s, "W/")
	if len(s) < 2 || s[0] != '"' {
		return "", "", false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return s[:i+1], s[i+1:], true
		case c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80:
		default:
			return "", "", false
		}
	}
	return "", "", false
}

func opaque(etag string) string { return strings.TrimPrefix(etag, "W/") }
