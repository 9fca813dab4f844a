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

// DateFilter is one date=[PREFIX]VALUE parameter. VALUE is a date to
// the day, the month or the year (2026-11-23, 2026-11, 2026), and
// stands for the range of days [Start, End) it covers (FHIR R4 search,
// 3.1.1.5.4: a date's precision defines an implicit range).
type DateFilter struct {
	Prefix     string // eq, ne, gt, lt, ge, le
	Start, End time.Time
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
					o := Outcome("date", "value", fmt.Sprintf("date %q is not a date filter such as ge2026-11-01, le2026-12 or 2026 (prefix eq, ne, gt, lt, ge or le, then YYYY, YYYY-MM or YYYY-MM-DD)", s))
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
	for _, p := range []struct {
		layout        string
		years, months int
		days          int
	}{{time.DateOnly, 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		// time.Parse accepts a one-digit month or day for 01 and 02:
		// the length must match the layout exactly.
		if len(s) != len(p.layout) {
			continue
		}
		d, err := time.Parse(p.layout, s)
		if err != nil {
			return f, false
		}
		f.Start, f.End = d, d.AddDate(p.years, p.months, p.days)
		return f, true
	}
	return f, false
}

// Match reports whether a day passes every date filter. The day is the
// range [day, day+1); with a filter's range [Start, End), FHIR's rules
// come to: eq Start <= day < End, ne the opposite, gt day >= End, lt
// day < Start, ge day >= Start, le day < End.
func (q Query) Match(day time.Time) bool {
	for _, f := range q.Dates {
		in := !day.Before(f.Start) && day.Before(f.End)
		var ok bool
		switch f.Prefix {
		case "eq":
			ok = in
		case "ne":
			ok = !in
		case "gt":
			ok = !day.Before(f.End)
		case "lt":
			ok = day.Before(f.Start)
		case "ge":
			ok = !day.Before(f.Start)
		case "le":
			ok = day.Before(f.End)
		}
		if !ok {
			return false
		}
	}
	return true
}
