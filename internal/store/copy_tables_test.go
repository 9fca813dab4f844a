package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copy-db moves every table and every column of the schema: a migration
// that adds one must add it to copyTables too.
func TestCopyTablesCoverTheSchema(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'goose_%' AND name NOT LIKE 'article_search_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	listed := map[string][]string{}
	for _, ct := range copyTables {
		listed[ct.name] = ct.columns
	}
	for _, name := range tables {
		cols, ok := listed[name]
		if !ok {
			t.Errorf("table %s is not in copyTables", name)
			continue
		}
		var have []string
		crows, err := db.r.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for crows.Next() {
			var c string
			if err := crows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			have = append(have, c)
		}
		crows.Close()
		want := slices.Clone(cols)
		slices.Sort(have)
		slices.Sort(want)
		if name != "article_search" && !slices.Equal(have, want) {
			t.Errorf("%s: columns %s, copyTables has %s", name, strings.Join(have, ","), strings.Join(want, ","))
		}
	}
}
