package article

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync/atomic"
	"time"

	"supple/internal/store"
)

// Article is a published article as the site shows it.
type Article struct {
	*Doc
	ID       int64
	Revision int
	// Modified is when the current revision was stored (an import or an
	// editor's save): the article's real revision time, to the second.
	Modified time.Time
	Related  []*Article
}

// Category is a category label with its published articles.
type Category struct {
	Slug, Name string
	Articles   []*Article
}

// Snapshot is an immutable view of every published article.
type Snapshot struct {
	Version    uint64
	List       []*Article // newest first
	Categories []*Category
	bySlug     map[string]*Article
	byCategory map[string]*Category
}

// Get finds a published article by slug.
func (s *Snapshot) Get(slug string) (*Article, bool) {
	a, ok := s.bySlug[slug]
	return a, ok
}

// Category finds a category by slug.
func (s *Snapshot) Category(slug string) (*Category, bool) {
	c, ok := s.byCategory[slug]
	return c, ok
}

// Catalog holds the current snapshot; Reload swaps in a fresh one, so
// readers never lock.
type Catalog struct {
	db      *store.DB
	log     *slog.Logger
	cur     atomic.Pointer[Snapshot]
	version atomic.Uint64
}

// NewCatalog loads the published articles.
func NewCatalog(ctx context.Context, db *store.DB, log *slog.Logger) (*Catalog, error) {
	c := &Catalog{db: db, log: log}
	return c, c.Reload(ctx)
}

// Snapshot is the current set of published articles.
func (c *Catalog) Snapshot() *Snapshot { return c.cur.Load() }

// Reload reads every published article from the store again.
func (c *Catalog) Reload(ctx context.Context) error {
	rows, err := c.db.Articles(ctx, true)
	if err != nil {
		return fmt.Errorf("article: load catalog: %w", err)
	}
	s := &Snapshot{Version: c.version.Add(1), bySlug: map[string]*Article{}, byCategory: map[string]*Category{}}
	for _, r := range rows {
		d, err := ParseStored(r.Slug+".md", []byte(r.Source))
		if err != nil {
			c.log.Error("stored article does not parse; left out", "slug", r.Slug, "err", err)
			continue
		}
		d.Slug, d.Published, d.Updated = r.Slug, r.PublishedAt, r.UpdatedAt
		a := &Article{Doc: d, ID: r.ID, Revision: r.Revision, Modified: r.ModifiedAt}
		s.List = append(s.List, a)
		s.bySlug[a.Slug] = a
		cat := s.byCategory[a.CategorySlug]
		if cat == nil {
			cat = &Category{Slug: a.CategorySlug, Name: a.Category}
			s.byCategory[cat.Slug] = cat
			s.Categories = append(s.Categories, cat)
		}
		cat.Articles = append(cat.Articles, a)
	}
	sort.SliceStable(s.List, func(i, j int) bool { return newer(s.List[i], s.List[j]) })
	sort.Slice(s.Categories, func(i, j int) bool { return s.Categories[i].Name < s.Categories[j].Name })
	for _, cat := range s.Categories {
		sort.SliceStable(cat.Articles, func(i, j int) bool { return newer(cat.Articles[i], cat.Articles[j]) })
	}
	linkRelated(s, 3)
	c.cur.Store(s)
	return nil
}

func newer(a, b *Article) bool {
	if !a.Published.Equal(b.Published) {
		return a.Published.After(b.Published)
	}
	return a.Slug < b.Slug
}
