package article_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"supple/content"
	"supple/internal/article"
	"supple/internal/coach"
	"supple/internal/storetest"
)

var now = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func md(title, slug, cat, tags, published, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: %s\nslug: %s\ncategory: %s\ntags: [%s]\npublished: %s\n---\n%s\n",
		title, slug, cat, tags, published, body))}
}

func TestImportReportsBadFilesAndKeepsGoodOnes(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	fsys := fstest.MapFS{
		"a.md":        md("A", "a", "X", "t", "2026-01-01", "Alpha text."),
		"sub/b.md":    md("B", "b", "X", "t", "2026-01-02", "Beta text."),
		"bad-date.md": {Data: []byte("---\ntitle: Bad\npublished: yesterday\n---\n")},
		"no-title.md": {Data: []byte("---\npublished: 2026-01-01\n---\n")},
		"broken.md":   {Data: []byte("---\ntitle: [\n---\n")},
		"dup.md":      md("Dup", "a", "X", "t", "2026-01-03", "Duplicate slug."),
		"notes.txt":   {Data: []byte("not markdown")},
		".hidden.md":  {Data: []byte("ignored")},
	}
	var calls int
	rep, err := article.Import(ctx, db, fsys, ".", now, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || len(rep.Failed) != 4 || calls != 6 {
		t.Fatalf("report %+v (progress calls %d), want 2 created, 4 failed, 6 files", rep, calls)
	}
	got := map[string]string{}
	for _, f := range rep.Failed {
		got[f.File] = f.Error()
	}
	for file, want := range map[string]string{
		"bad-date.md": "bad-date.md:3: published:",
		"no-title.md": "no-title.md:1: title is missing",
		"broken.md":   "broken.md:",
		"dup.md":      `dup.md:1: slug "a" is already used by a.md`,
	} {
		if !strings.HasPrefix(got[file], want) {
			t.Errorf("%s: got %q, want prefix %q", file, got[file], want)
		}
	}
	arts, _ := db.Articles(ctx, false)
	if len(arts) != 2 {
		t.Errorf("stored %d articles, want 2", len(arts))
	}
	// Importing again changes nothing; changing a file makes a revision.
	rep, _ = article.Import(ctx, db, fsys, ".", now, nil)
	if rep.Unchanged != 2 || rep.Created+rep.Updated != 0 {
		t.Errorf("second import: %+v", rep)
	}
	fsys["a.md"] = md("A", "a", "X", "t", "2026-01-01", "Alpha text, improved.")
	rep, _ = article.Import(ctx, db, fsys, ".", now, nil)
	if rep.Updated != 1 {
		t.Errorf("third import: %+v", rep)
	}
	revs, _ := db.Revisions(ctx, "a")
	if len(revs) != 2 {
		t.Errorf("revisions of a: %d, want 2", len(revs))
	}
}

func TestRelatedArticles(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	fsys := fstest.MapFS{
		"swim.md":  md("Swimming", "swim", "Exercise", "water, swimming", "2026-01-01", "Swimming in warm water eases a sore back. Pool exercise."),
		"aqua.md":  md("Water aerobics", "aqua", "Exercise", "water", "2026-01-02", "Water aerobics classes in a warm pool."),
		"walk.md":  md("Walking", "walk", "Exercise", "walking", "2026-01-03", "Brisk walking outdoors."),
		"disc.md":  md("Discs", "disc", "Causes", "discs", "2026-01-04", "Bulging discs explained."),
		"other.md": md("Scoliosis", "scol", "Conditions", "curve", "2026-01-05", "A sideways curve of the spine."),
	}
	if _, err := article.Import(ctx, db, fsys, ".", now, nil); err != nil {
		t.Fatal(err)
	}
	cat, err := article.NewCatalog(ctx, db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	slugs := func(slug string) string {
		a, ok := cat.Snapshot().Get(slug)
		if !ok {
			t.Fatalf("no article %s", slug)
		}
		var s []string
		for _, r := range a.Related {
			if r.Slug == slug {
				t.Errorf("%s is related to itself", slug)
			}
			s = append(s, r.Slug)
		}
		return strings.Join(s, ",")
	}
	if got := slugs("swim"); !strings.HasPrefix(got, "aqua,walk") {
		t.Errorf("related to swim = %s, want aqua (shared tag, category, words) then walk (category)", got)
	}
	// Nothing shares tags, category or words with the scoliosis article:
	// no related articles but the (empty) rest of its category.
	if got := slugs("scol"); got != "" {
		t.Errorf("related to scol = %q, want none", got)
	}
	first := slugs("aqua")
	for range 5 {
		if err := cat.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		if got := slugs("aqua"); got != first {
			t.Fatalf("related not deterministic: %s then %s", first, got)
		}
	}
}

func TestBundledArticlesParse(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	rep, err := article.Import(ctx, db, content.FS, ".", now, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Failed {
		t.Errorf("bundled article fails: %s", f)
	}
	if rep.Created < 4 {
		t.Errorf("%d bundled articles, want at least 4", rep.Created)
	}
	cat, err := article.NewCatalog(ctx, db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range cat.Snapshot().List {
		if len(a.TOC) < 3 || len(a.FAQ) < 4 || a.Description == "" || a.Checker() == "" || a.Author == "" {
			t.Errorf("%s: toc %d, faq %d, description %q, checked by %q", a.Slug, len(a.TOC), len(a.FAQ), a.Description, a.Checker())
		}
		if a.Clinician() {
			t.Errorf("%s: the bundled articles had an editorial check only, not a clinical review", a.Slug)
		}
		// One wording of the sign across the planner and the articles.
		if text := strings.ToLower(a.BodyText); strings.Contains(text, "inflammatory back pain") && !strings.Contains(text, coach.InflammatoryWording) {
			t.Errorf("%s: inflammatory back pain without the planner's wording %q", a.Slug, coach.InflammatoryWording)
		}
		if len(a.Related) == 0 {
			t.Errorf("%s has no related articles", a.Slug)
		}
		if a.TOC[len(a.TOC)-1].ID != "sources" {
			t.Errorf("%s does not end with its sources", a.Slug)
		}
		if strings.Contains(a.BodyText, "NG59") && !strings.Contains(a.BodyText, "NICE") {
			t.Errorf("%s: search text holds the bibliography", a.Slug)
		}
	}
	if a, ok := cat.Snapshot().Get("exercise-for-back-pain"); !ok || len(a.FAQ) < 5 {
		t.Error("the pillar article is missing or has fewer than 5 questions")
	}
}
