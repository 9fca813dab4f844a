package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"supple/internal/article"
)

const perPage = 10

// pillarSlug is the guide the home page and suggestions lead with.
const pillarSlug = "exercise-for-back-pain"

func (s *Site) home(w http.ResponseWriter, r *http.Request) error {
	snap := s.Catalog.Snapshot()
	var pillar *article.Article
	if a, ok := snap.Get(pillarSlug); ok {
		pillar = a
	}
	if pillar == nil && len(snap.List) > 0 {
		pillar = snap.List[0]
	}
	var others []*article.Article
	for _, a := range snap.List {
		if a != pillar && len(others) < 6 {
			others = append(others, a)
		}
	}
	const description = "supple explains how gentle, gradual exercise helps back pain, in careful articles checked against public clinical guidelines."
	return s.public(w, r, "home", catalogVersion(snap), &Page{
		Title:       "Exercise and self-care for back pain",
		Description: description, Path: "/", LD: s.homeLD(description),
		Data: map[string]any{"Pillar": pillar, "Articles": others, "Categories": snap.Categories},
	})
}

type listData struct {
	Articles   []*article.Article
	Categories []*article.Category
	Category   *article.Category
	Page       int
	Pages      int
	PrevURL    string
	NextURL    string
	Total      int
}

func (s *Site) articleList(w http.ResponseWriter, r *http.Request) error {
	snap := s.Catalog.Snapshot()
	list := snap.List
	d := listData{Categories: snap.Categories, Page: 1}
	if c := r.URL.Query().Get("category"); c != "" {
		cat, ok := snap.Category(c)
		if !ok {
			return errNotFound
		}
		d.Category, list = cat, cat.Articles
	}
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return errNotFound
		}
		d.Page = n
	}
	d.Total = len(list)
	d.Pages = pages(len(list))
	if d.Page > d.Pages {
		return errNotFound
	}
	d.Articles = list[(d.Page-1)*perPage : min(len(list), d.Page*perPage)]
	catSlug := ""
	if d.Category != nil {
		catSlug = d.Category.Slug
	}
	pageURL := func(n int) string { return listURL(catSlug, n) }
	if d.Page > 1 {
		d.PrevURL = pageURL(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextURL = pageURL(d.Page + 1)
	}
	title := "Articles"
	if d.Category != nil {
		title = d.Category.Name
	}
	if d.Page > 1 {
		title += " (page " + strconv.Itoa(d.Page) + ")"
	}
	return s.public(w, r, "articles", catalogVersion(snap), &Page{
		Title: title, Path: pageURL(d.Page),
		Description: "Articles on exercise, causes and conditions of back pain, written carefully and checked against clinical guidelines.",
		Data:        d,
	})
}

// pages is how many list pages n articles fill.
func pages(n int) int { return max(1, (n+perPage-1)/perPage) }

// listURL is the address of a page of the article list, for one
// category or ("") all.
func listURL(category string, page int) string {
	v := url.Values{}
	if category != "" {
		v.Set("category", category)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/articles/"
	}
	return "/articles/?" + v.Encode()
}

// startHere lists the pillar guide first, then the newest articles.
func startHere(snap *article.Snapshot, n int) []*article.Article {
	var out []*article.Article
	if a, ok := snap.Get(pillarSlug); ok {
		out = append(out, a)
	}
	for _, a := range snap.List {
		if len(out) < n && a.Slug != pillarSlug {
			out = append(out, a)
		}
	}
	return out
}

func (s *Site) category(w http.ResponseWriter, r *http.Request) error {
	if _, ok := s.Catalog.Snapshot().Category(r.PathValue("slug")); !ok {
		return errNotFound
	}
	http.Redirect(w, r, "/articles/?category="+url.QueryEscape(r.PathValue("slug")), http.StatusMovedPermanently)
	return nil
}

// MaxQuery is the longest search query, in characters.
const MaxQuery = 200

func (s *Site) search(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := map[string]any{"Query": q}
	page := &Page{Title: "Search", Path: "/search", Search: q, NoIndex: q != "", HideSearch: true, Data: data}
	if q == "" {
		return s.render(w, r, http.StatusOK, "search", page)
	}
	page.Title = "Search: " + q
	if utf8.RuneCountInString(q) > MaxQuery {
		data["Error"] = "Please shorten your search to " + strconv.Itoa(MaxQuery) + " characters or fewer."
		return s.render(w, r, http.StatusBadRequest, "search", page)
	}
	results, err := s.Catalog.Search(r.Context(), q, 20)
	if err != nil {
		return err
	}
	snap := s.Catalog.Snapshot()
	exercises := searchExercises(s.Plans.Library(), q)
	data["Results"] = results
	data["Exercises"] = exercises
	data["Count"] = len(results) + len(exercises)
	data["Terms"] = strings.Join(article.SearchTerms(q), " ")
	if len(results)+len(exercises) == 0 {
		data["Suggestions"] = startHere(snap, 3)
	}
	return s.render(w, r, http.StatusOK, "search", page)
}

// staticFile serves a minified, precompressed static file. Under its
// content-hashed URL it never changes, so it is cached for a year.
func (s *Site) staticFile(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.assets[strings.TrimPrefix(r.URL.Path, "/static/")]
	if !ok {
		return errNotFound
	}
	if r.URL.Query().Get("v") == a.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	a.rep.Serve(w, r)
	return nil
}

// catalogVersion is the version of pages made from the article catalog.
func catalogVersion(snap *article.Snapshot) string { return strconv.FormatUint(snap.Version, 10) }
