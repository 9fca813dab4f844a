// Package content holds the articles bundled with supple. They are
// imported into the database on first run; after that the database is
// the source of truth.
package content

import "embed"

// FS holds the bundled Markdown articles.
//
//go:embed *.md
var FS embed.FS
