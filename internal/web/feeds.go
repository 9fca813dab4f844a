package web

import (
	"crypto/sha256"
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"supple/internal/article"
)

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomPerson `xml:"author"`
	Category  struct {
		Term  string `xml:"term,attr"`
		Label string `xml:"label,attr"`
	} `xml:"category"`
	Summary atomText `xml:"summary"`
	Content atomText `xml:"content"`
}

// feed serves the 50 newest articles as Atom. An entry's updated is
// the instant its current revision was stored, so a feed reader sees
// every change; the feed's is the newest of them.
func (s *Site) feed(w http.ResponseWriter, r *http.Request) error {
	list := firstN(s.Catalog.Snapshot().List, 50)
	f := atomFeed{
		Lang:     "en",
		Title:    s.cfg.SiteName + " articles",
		Subtitle: "Articles on exercise and self-care for back pain",
		ID:       s.abs("/feed.atom"),
		Author:   atomPerson{Name: s.cfg.SiteName},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.abs("/feed.atom")},
			{Rel: "alternate", Type: "text/html", Href: s.abs("/articles/")},
		},
		Updated: latestRevision(list).UTC().Format(time.RFC3339),
	}
	for _, a := range list {
		e := atomEntry{
			Title: a.Title, ID: s.abs("/articles/" + a.Slug),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: s.abs("/articles/" + a.Slug)},
			Published: a.Published.Format(time.RFC3339), Updated: revisionTime(a).UTC().Format(time.RFC3339),
			Author:  atomPerson{Name: orDefault(a.Author, s.cfg.SiteName)},
			Summary: atomText{Type: "text", Body: a.Description},
			Content: atomText{Type: "html", Body: absoluteLinks(a.BodyHTML, s.abs("/"), s.abs("/articles/"+a.Slug))},
		}
		e.Category.Term, e.Category.Label = a.CategorySlug, a.Category
		f.Entries = append(f.Entries, e)
	}
	return s.writeXML(w, r, "application/atom+xml; charset=utf-8", f)
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every indexable page: home, the article lists (all and
// by category, each of their pages), the articles, the exercise library
// and its pages, and the questionnaire. lastmod is the articles' updated
// date where there is one.
func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) error {
	snap := s.Catalog.Snapshot()
	newest := latest(snap.List).Format("2006-01-02")
	m := urlset{URLs: []sitemapURL{{Loc: s.abs("/"), LastMod: newest}}}
	lists := func(category string, list []*article.Article) {
		last := latest(list).Format("2006-01-02")
		for p := 1; p <= pages(len(list)); p++ {
			m.URLs = append(m.URLs, sitemapURL{Loc: s.abs(listURL(category, p)), LastMod: last})
		}
	}
	lists("", snap.List)
	for _, c := range snap.Categories {
		lists(c.Slug, c.Articles)
	}
	for _, a := range snap.List {
		m.URLs = append(m.URLs, sitemapURL{Loc: s.abs("/articles/" + a.Slug), LastMod: a.Updated.Format("2006-01-02")})
	}
	m.URLs = append(m.URLs, sitemapURL{Loc: s.abs("/exercises/")})
	for _, e := range s.Plans.Library().All() {
		m.URLs = append(m.URLs, sitemapURL{Loc: s.abs("/exercises/" + e.ID)})
	}
	m.URLs = append(m.URLs, sitemapURL{Loc: s.abs("/start")})
	m.URLs = append(m.URLs, sitemapURL{Loc: s.abs("/privacy")})
	return s.writeXML(w, r, "application/xml; charset=utf-8", m)
}

// writeXML serves v as an XML document. The bytes are cached by path and
// content: the same document keeps its compressed forms, ETag and
// Last-Modified.
func (s *Site) writeXML(w http.ResponseWriter, r *http.Request, ctype string, v any) error {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append([]byte(xml.Header), b...)
	sum := sha256.Sum256(b)
	return s.serveCached(w, r, "xml "+r.URL.Path, string(sum[:]), ctype, "public, max-age=300", func() ([]byte, error) { return b, nil })
}

func (s *Site) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("User-agent: *\nDisallow: /api/\nDisallow: /search\nAllow: /\n\nSitemap: " + s.abs("/sitemap.xml") + "\n"))
	return nil
}

// absoluteLinks makes the article's own links absolute, for feed readers
// that show the content away from the site.
func absoluteLinks(html, root, page string) string {
	html = strings.ReplaceAll(html, `href="#`, `href="`+page+`#`)
	return strings.ReplaceAll(html, `href="/`, `href="`+root)
}

func latest(list []*article.Article) time.Time {
	var t time.Time
	for _, a := range list {
		if a.Updated.After(t) {
			t = a.Updated
		}
	}
	if t.IsZero() {
		t = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// revisionTime is when the article's current revision was stored, or its
// front matter's updated date for an article that has no such time.
func revisionTime(a *article.Article) time.Time {
	if a.Modified.IsZero() {
		return a.Updated
	}
	return a.Modified
}

// latestRevision is the feed's updated time: the newest of its entries'.
func latestRevision(list []*article.Article) time.Time {
	var t time.Time
	for _, a := range list {
		if m := revisionTime(a); m.After(t) {
			t = m
		}
	}
	return t
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
