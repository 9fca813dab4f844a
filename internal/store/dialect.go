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
}

type sqliteDialect struct{}

func (sqliteDialect) Name() string               { return "sqlite" }
func (sqliteDialect) Rebind(query string) string { return query }

type postgresDialect struct{}

func (postgresDialect) Name() string { return "postgres" }

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
