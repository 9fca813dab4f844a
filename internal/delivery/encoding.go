// Package delivery sends responses the way the best static hosts do:
// compressed by Accept-Encoding (Brotli or gzip), with strong validators
// (ETag, Last-Modified) and 304s for conditional requests. A Representation
// is a body compressed once and served from memory; Compress is middleware
// that compresses other responses on the fly above a size threshold.
package delivery

import (
	"strconv"
	"strings"
)

// Encoding is a content-coding this package can send.
type Encoding int

// The content-codings, in the order they are preferred at equal weight.
const (
	Identity Encoding = iota
	Gzip
	Brotli
)

// Token is the coding's name in Content-Encoding ("" for identity).
func (e Encoding) Token() string {
	switch e {
	case Gzip:
		return "gzip"
	case Brotli:
		return "br"
	}
	return ""
}

// Negotiate picks the coding for a request's Accept-Encoding field values
// (RFC 9110 section 12.5.3): the acceptable coding with the highest
// q-value, Brotli before gzip at equal weight. "*" stands for every coding
// not named; q=0 refuses a coding. No field means identity. A malformed
// member is ignored, so a broken header can never fail a request: at worst
// the response is not compressed.
func Negotiate(values []string) Encoding {
	q := map[string]float64{}
	for _, v := range values {
		for _, member := range strings.Split(v, ",") {
			name, weight, ok := parseMember(member)
			if !ok {
				continue
			}
			if old, seen := q[name]; !seen || weight > old {
				q[name] = weight
			}
		}
	}
	weight := func(name string) float64 {
		if w, ok := q[name]; ok {
			return w
		}
		if name == "gzip" {
			if w, ok := q["x-gzip"]; ok {
				return w
			}
		}
		if w, ok := q["*"]; ok {
			return w
		}
		return 0
	}
	best, bestQ := Identity, 0.0
	for _, e := range []Encoding{Brotli, Gzip} {
		if w := weight(e.Token()); w > bestQ {
			best, bestQ = e, w
		}
	}
	// A compressed coding wins unless identity is named with a higher
	// weight. When everything is refused (identity;q=0 and no coding) we
	// still send identity rather than a 406, as RFC 9110 allows.
	if w, ok := q["identity"]; ok && best != Identity && w > bestQ {
		return Identity
	}
	return best
}

// parseMember reads one "coding;q=0.5" member, lower-cased.
func parseMember(m string) (name string, q float64, ok bool) {
	name, params, _ := strings.Cut(m, ";")
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || strings.ContainsAny(name, " \t\"=") {
		return "", 0, false
	}
	q = 1
	for p := range strings.SplitSeq(params, ";") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		k, v, found := strings.Cut(p, "=")
		if !found {
			return "", 0, false
		}
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		w, ok := parseQ(strings.TrimSpace(v))
		if !ok {
			return "", 0, false
		}
		q = w
	}
	return name, q, true
}

// parseQ reads a qvalue: 0, 1, or 0. and 1. with up to three decimals.
func parseQ(s string) (float64, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	if len(s) > 1 && (s[1] != '.' || strings.ContainsAny(s[2:], ".+-eE")) {
		return 0, false
	}
	w, err := strconv.ParseFloat(s, 64)
	if err != nil || w < 0 || w > 1 {
		return 0, false
	}
	return w, true
}
