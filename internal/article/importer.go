package article

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"

	"supple/internal/store"
)

// ImportReport says what an import did.
type ImportReport struct {
	Created, Updated, Unchanged int
	Failed                      []*ParseError
}

// Progress is told how many files of the total are done.
type Progress func(done, total int)

// batchSize is how many articles one transaction writes.
const batchSize = 200

// Import reads every .md file below root in fsys and upserts the valid
// ones by slug, each article whole or not at all. Files that fail are
// listed in the report with file, line and reason; the others are
// imported regardless.
func Import(ctx context.Context, db *store.DB, fsys fs.FS, root string, now time.Time, progress Progress) (ImportReport, error) {
	var rep ImportReport
	var files []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".md" && d.Name()[0] != '.' {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("article: read %s: %w", root, err)
	}
	sort.Strings(files)
	bySlug := map[string]string{}
	var batch []store.Article
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := db.UpsertArticles(ctx, now, batch)
		if err != nil {
			return err
		}
		for _, r := range res {
			switch r.Outcome {
			case store.Created:
				rep.Created++
			case store.Updated:
				rep.Updated++
			default:
				rep.Unchanged++
			}
		}
		batch = batch[:0]
		return nil
	}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		src, err := fs.ReadFile(fsys, f)
		if err != nil {
			rep.Failed = append(rep.Failed, &ParseError{File: f, Reason: err.Error()})
			continue
		}
		d, err := Parse(f, src)
		var pe *ParseError
		switch {
		case errors.As(err, &pe):
			rep.Failed = append(rep.Failed, pe)
		case err != nil:
			rep.Failed = append(rep.Failed, &ParseError{File: f, Reason: err.Error()})
		case bySlug[d.Slug] != "":
			rep.Failed = append(rep.Failed, &ParseError{File: f, Line: 1, Reason: fmt.Sprintf("slug %q is already used by %s", d.Slug, bySlug[d.Slug])})
		default:
			bySlug[d.Slug] = f
			batch = append(batch, d.StoreArticle())
		}
		if len(batch) >= batchSize {
			if err := flush(); err != nil {
				return rep, err
			}
		}
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	return rep, flush()
}

// StoreArticle converts a parsed article into its stored form.
func (d *Doc) StoreArticle() store.Article {
	status := "published"
	if d.Draft {
		status = "draft"
	}
	return store.Article{
		Slug: d.Slug, Title: d.Title, Description: d.Description, Category: d.Category, CategorySlug: d.CategorySlug,
		Tags: d.Tags, Author: d.Author, ReviewedBy: d.ReviewedBy, ReviewedAt: d.ReviewedAt,
		PublishedAt: d.Published, UpdatedAt: d.Updated, Status: status, Source: string(d.Source),
		BodyText: d.Title + "\n" + d.BodyText + "\n" + faqText(d.FAQ), ContentHash: d.Hash,
	}
}

func faqText(faq []FAQ) string {
	var s string
	for _, f := range faq {
		s += f.Question + "\n" + f.Answer + "\n"
	}
	return s
}
