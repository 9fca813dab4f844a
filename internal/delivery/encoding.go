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
	// The weights of the names that matter, -1 when not named; no map, so
	// the common case allocates nothing.
	const (
		br = iota
		gz
		xgz
		id
		star
		names
	)
	q := [names]float64{-1, -1, -1, -1, -1}
	for _, v := range values {
		for v != "" {
			var member string
			member, v, _ = strings.Cut(v, ",")
			name, weight, ok := parseMember(member)
			if !ok {
				continue
			}
			i := -1
			switch name {
			case "br":
				i = br
			case "gzip":
				i = gz
			case "x-gzip":
				i = xgz
			case "identity":
				i = id
			case "*":
				i = star
			}
			if i >= 0 && weight > q[i] {
				q[i] = weight
			}
		}
	}
	weight := func(i int) float64 {
		if q[i] >= 0 {
			return q[i]
		}
		if i == gz && q[xgz] >= 0 {
			return q[xgz]
		}
		return max(q[star], 0)
	}
	best, bestQ := Identity, 0.0
	if w := weight(br); w > bestQ {
		best, bestQ = Brotli, w
	}
	if w := weight(gz); w > bestQ {
		best, bestQ = Gzip, w
	}
	// A compressed coding wins unless identity is named with a higher
	// weight. When everything is refused (identity;q=0 and no coding) we
	// still send identity rather than a 406, as RFC 9110 allows.
	if best != Identity && q[id] > bestQ {
		return Identity
	}
	return best
}

// parseMember reads one "coding;q=0.5" member, lower-cased.
func parseMember(m string) (name string, q float64, ok bool) {
	name, params, _ := strings.Cut(m, ";")
	name = strings.TrimSpace(name)
	if !isLower(name) {
		name = strings.ToLower(name)
	}
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

func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return false
		}
	}
	return true
}
