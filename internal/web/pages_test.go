package web_test

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"net/url"
	"regexp"
	"strings"
	"supple/internal/servertest"
	"testing"
)

func TestPages(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	tests := []struct {
		path   string
		status int
		ctype  string
		want   []string
	}{
		{"/", 200, "text/html", []string{"<h1>Move your way", `href="/articles/exercise-for-back-pain"`, "Browse by topic"}},
		{"/articles/", 200, "text/html", []string{"<h1>Articles</h1>", "Exercise and movement", "min read"}},
		{"/articles/?category=exercise-and-movement", 200, "text/html", []string{"<h1>Exercise and movement</h1>", `aria-current="page"`}},
		{"/articles/?category=nope", 404, "text/html", []string{"We couldn’t find that page"}},
		{"/articles/?page=99", 404, "text/html", nil},
		{"/articles/?page=x", 404, "text/html", nil},
		{"/categories/exercise-and-movement", 301, "", nil},
		{"/categories/nope", 404, "text/html", nil},
		{servertest.Pillar, 200, "text/html", []string{"In this article", "Frequently asked questions", "Was this article useful?", "Related articles", "Back to top", "Not a substitute for professional advice"}},
		{"/articles/no-such-article", 404, "text/html", []string{"We couldn’t find that page", `name="robots" content="noindex"`}},
		{"/no/such/page", 404, "text/html", []string{"Search the articles"}},
		{"/search", 200, "text/html", []string{"Search articles and exercises"}},
		{"/search?q=swimming", 200, "text/html", []string{"<mark>", "for “swimming”"}},
		{"/search?q=zzzxqy", 200, "text/html", []string{"0 results", "Nothing matched"}},
		{"/search?q=" + strings.Repeat("a", 201), 400, "text/html", []string{"Please shorten your search"}},
		{"/feed.atom", 200, "application/atom+xml", []string{"<feed"}},
		{"/sitemap.xml", 200, "application/xml", []string{"<urlset"}},
		{"/robots.txt", 200, "text/plain", []string{"Sitemap: " + h.TS.URL + "/sitemap.xml"}},
		{"/healthz", 200, "text/plain", []string{"ok"}},
		{"/metrics", 200, "text/plain", []string{"supple_http_requests_total", "supple_votes_total"}},
		{"/static/base.css", 200, "text/css", []string{"prefers-color-scheme"}},
		{"/static/nope.css", 404, "text/html", nil},
		{"/favicon.ico", 301, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := h.Get(nil, tt.path)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tt.status)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), tt.ctype) {
				t.Errorf("content type %q, want %q", r.Header.Get("Content-Type"), tt.ctype)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"} {
				if r.Header.Get(hdr) == "" {
					t.Errorf("no %s header", hdr)
				}
			}
			if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP = %q", csp)
			}
			if r.Header.Get("Strict-Transport-Security") != "" {
				t.Error("HSTS on a plain-http site")
			}
		})
	}
}

var (
	idRE    = regexp.MustCompile(`<h[23] id="([^"]+)"`)
	tocRE   = regexp.MustCompile(`<nav class="toc"[\s\S]*?</nav>`)
	hrefRE  = regexp.MustCompile(`href="#([^"]+)"`)
	ldRE    = regexp.MustCompile(`<script type="application/ld\+json">([\s\S]*?)</script>`)
	timeRE  = regexp.MustCompile(`<time datetime="\d{4}-\d{2}-\d{2}">`)
	cardsRE = regexp.MustCompile(`Read the article<span class="visually-hidden">`)
)

func TestArticlePageStructure(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	r := h.Get(nil, servertest.Pillar)
	page := r.Body
	ids := map[string]bool{"faq": true, "rate": true, "top": true}
	for _, m := range idRE.FindAllStringSubmatch(page, -1) {
		ids[m[1]] = true
	}
	toc := tocRE.FindString(page)
	links := hrefRE.FindAllStringSubmatch(toc, -1)
	if len(links) < 8 {
		t.Fatalf("table of contents has %d links", len(links))
	}
	for _, l := range links {
		if !ids[l[1]] {
			t.Errorf("TOC links to #%s, which is not on the page", l[1])
		}
	}
	if n := strings.Count(page, `<details class="faq-item">`); n < 5 {
		t.Errorf("%d FAQ items, want at least 5", n)
	}
	if n := len(timeRE.FindAllString(page, -1)); n < 2 {
		t.Errorf("%d <time> elements, want published and updated", n)
	}
	if n := len(cardsRE.FindAllString(page, -1)); n < 3 {
		t.Errorf("%d related articles, want 3", n)
	}
	for _, want := range []string{`<link rel="canonical" href="` + h.TS.URL + servertest.Pillar + `">`, `property="og:title"`, `name="twitter:card"`,
		`aria-label="Breadcrumb"`, "min read", `name="stars" value="1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	var types []string
	for _, m := range ldRE.FindAllStringSubmatch(page, -1) {
		var ld map[string]any
		if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
		}
		types = append(types, ld["@type"].(string))
		switch ld["@type"] {
		case "MedicalWebPage":
			for _, k := range []string{"datePublished", "dateModified", "author", "name"} {
				if ld[k] == nil {
					t.Errorf("MedicalWebPage lacks %s", k)
				}
			}
			if ld["reviewedBy"] != nil || ld["lastReviewed"] != nil { // TestArticleClinicalReview
				t.Errorf("an article without a clinical review claims one: %v", ld["reviewedBy"])
			}
		case "FAQPage":
			qs := ld["mainEntity"].([]any)
			if len(qs) < 5 {
				t.Errorf("FAQPage has %d questions", len(qs))
			}
			q := qs[0].(map[string]any)
			if q["@type"] != "Question" || q["acceptedAnswer"].(map[string]any)["text"] == "" {
				t.Errorf("bad question %v", q)
			}
		}
	}
	if strings.Join(types, ",") != "MedicalWebPage,FAQPage" {
		t.Errorf("JSON-LD types %v", types)
	}
}

func TestFeedAndSitemapParse(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(h.Get(nil, "/feed.atom").Body), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) < 4 || feed.ID == "" || feed.Updated == "" {
		t.Fatalf("feed: %d entries, id %q", len(feed.Entries), feed.ID)
	}
	for _, e := range feed.Entries {
		if e.Title == "" || e.ID == "" || e.Updated == "" || !strings.HasPrefix(e.Link.Href, h.TS.URL+"/articles/") || !strings.Contains(e.Content, "<h2") {
			t.Errorf("incomplete entry %+v", e.Title)
		}
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(h.Get(nil, "/sitemap.xml").Body), &sm); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range sm.URLs {
		found = found || u.Loc == h.TS.URL+servertest.Pillar
		if r := h.Get(nil, strings.TrimPrefix(u.Loc, h.TS.URL)); r.StatusCode != 200 {
			t.Errorf("sitemap URL %s answers %d", u.Loc, r.StatusCode)
		}
	}
	if !found {
		t.Error("sitemap lacks the servertest.Pillar article")
	}
}

func TestSearchEscapesAndHighlights(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	r := h.Get(nil, "/search?q="+url.QueryEscape(`<script>alert(1)</script> walking`))
	if strings.Contains(r.Body, "<script>alert(1)") {
		t.Fatal("query echoed unescaped")
	}
	if !strings.Contains(r.Body, html.EscapeString("<script>alert(1)</script> walking")) {
		t.Error("query not shown back escaped")
	}
	r = h.Get(nil, "/search?q=walk")
	if !strings.Contains(r.Body, "<mark>walk") {
		t.Error("prefix match not highlighted")
	}
}
