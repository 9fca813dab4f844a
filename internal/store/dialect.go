package store

import (
	"strconv"
	"strings"
)

// Dialect holds every difference between the SQL engines supple runs on.
// Queries are written once with "?" placeholders and portable SQL
// (ON CONFLICT, RETURNING, CTEs); everything engine-specific lives here.
type Dialect interface {
	// Name is "sqlite" or "postgres"; it also selects migration variants.
	Name() string
	// Rebind rewrites "?" placeholders into the engine's own form.
	Rebind(query string) string
	// forUpdate is the clause that locks rows read in a transaction.
	forUpdate() string
	// search is the full-text query for the given words (the last one
	// also as a prefix) and its one argument; it selects slug and a
	// snippet with MarkStart/MarkEnd around matches, best first, and
	// takes the limit as its last parameter.
	search(terms []string) (query, arg string)
}

type sqliteDialect struct{}

func (sqliteDialect) Name() string               { return "sqlite" }
func (sqliteDialect) Rebind(query string) string { return query }

// SQLite write transactions are exclusive already.
func (sqliteDialect) forUpdate() string { return "" }

func (sqliteDialect) search(terms []string) (string, string) {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"`
	}
	quoted[len(quoted)-1] += "*"
	return `SELECT slug, snippet(article_search, -1, char(2), char(3), '…', 20) FROM article_search
		WHERE article_search MATCH ? ORDER BY bm25(article_search, 0, 10.0, 4.0, 1.0), slug LIMIT ?`, strings.Join(quoted, " ")
}

type postgresDialect struct{}

func (postgresDialect) Name() string { return "postgres" }

func (postgresDialect) forUpdate() string { return " FOR UPDATE" }

// search uses the english text-search configuration; terms are letters
// and digits only (SearchTerms), so they are safe inside to_tsquery.
func (postgresDialect) search(terms []string) (string, string) {
	q := make([]string, len(terms))
	copy(q, terms)
	q[len(q)-1] += ":*"
	return `SELECT slug, ts_headline('english', title || '. ' || description || '. ' || body, q,
			'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=10, MaxFragments=1, FragmentDelimiter=" … "')
		FROM article_search, to_tsquery('english', ?) AS q
		WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, slug LIMIT ?`, strings.Join(q, " & ")
}

// Rebind turns "?" into "$1", "$2", ... outside of string literals.
func (postgresDialect) Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	inString := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inString = !inString
			b.WriteByte(c)
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// PostgresDialect is PostgreSQL's dialect.
func PostgresDialect() Dialect { return postgresDialect{} }
