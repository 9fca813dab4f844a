package fhir

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Query is an export request's search parameters: the format and
// filters on the Observations' dates.
type Query struct {
	Dates []DateFilter
}

// DateFilter is one date=PREFIXYYYY-MM-DD parameter.
type DateFilter struct {
	Prefix string // eq, ne, gt, lt, ge, le
	Date   time.Time
}

// Formats are the accepted values of _format (a "+" sent unescaped in a
// query string arrives as a space).
var Formats = []string{"json", "application/json", "application/fhir+json"}

// ParseQuery reads an export request's raw query string. Anything else
// than _format (one of Formats) and date filters is refused with an
// OperationOutcome naming the parameter.
func ParseQuery(raw string) (Query, *OperationOutcome) {
	var q Query
	v, err := url.ParseQuery(raw)
	if err != nil {
		o := Outcome("query", "invalid", "the query string is not valid URL encoding")
		return q, &o
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		vals := v[k]
		switch k {
		case "_format":
			if len(vals) > 1 {
				o := Outcome("_format", "invalid", "give _format once")
				return q, &o
			}
			f := strings.ReplaceAll(strings.TrimSpace(vals[0]), " ", "+")
			if !slices.Contains(Formats, strings.ToLower(f)) {
				o := Outcome("_format", "not-supported", fmt.Sprintf("format %q is not offered; use json or application/fhir+json", vals[0]))
				return q, &o
			}
		case "date":
			for _, s := range vals {
				f, ok := parseDate(s)
				if !ok {
					o := Outcome("date", "value", fmt.Sprintf("date %q is not a date filter such as ge2026-11-01 or le2026-12-31 (prefix eq, ne, gt, lt, ge or le, then YYYY-MM-DD)", s))
					return q, &o
				}
				q.Dates = append(q.Dates, f)
			}
		default:
			o := Outcome(k, "not-supported", fmt.Sprintf("parameter %q is not supported here; use _format and date", k))
			return q, &o
		}
	}
	return q, nil
}

func parseDate(s string) (DateFilter, bool) {
	f := DateFilter{Prefix: "eq"}
	if len(s) > 2 && s[0] >= 'a' && s[0] <= 'z' {
		f.Prefix, s = s[:2], s[2:]
		if !slices.Contains([]string{"eq", "ne", "gt", "lt", "ge", "le"}, f.Prefix) {
			return f, false
		}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return f, false
	}
	f.Date = d
	return f, true
}

// Match reports whether a day passes every date filter.
func (q Query) Match(day time.Time) bool {
	for _, f := range q.Dates {
		c := day.Compare(f.Date)
		var ok bool
		switch f.Prefix {
		case "eq":
			ok = c == 0
		case "ne":
			ok = c != 0
		case "gt":
			ok = c > 0
		case "lt":
			ok = c < 0
		case "ge":
			ok = c >= 0
		case "le":
			ok = c <= 0
		}
		if !ok {
			return false
		}
	}
	return true
}
