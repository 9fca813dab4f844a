package web_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

var metaRE = regexp.MustCompile(`<meta (?:property|name)="([^"]+)" content="([^"]*)">`)

// metas are a page's <meta property|name> tags, all values of each.
func metas(page string) map[string][]string {
	m := map[string][]string{}
	for _, x := range metaRE.FindAllStringSubmatch(page, -1) {
		m[x[1]] = append(m[x[1]], unescape(x[2]))
	}
	return m
}

// publishArticle saves and publishes an article through the editor.
func publishArticle(t *testing.T, h *servertest.Harness, editor *http.Client, editing, src string) {
	t.Helper()
	token := servertest.CSRF(t, h.Get(editor, "/editor/articles/new").Body)
	r := h.Form(editor, "/editor/articles", url.Values{"csrf": {token}, "slug": {editing}, "source": {src}, "status": {"published"}, "action": {"save"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
}

const poolWalking = "---\ntitle: %s\nslug: pool-walking\ncategory: Exercise and movement\ntags: [water]\npublished: 2026-11-20\n---\nWalking in water is kind to the back.\n\n## How to start\n\nTen minutes in warm water.\n"

func TestSocialCard(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	page := h.Get(nil, servertest.Pillar).Body
	m := metas(page)
	img := ""
	if v := m["og:image"]; len(v) == 1 {
		img = v[0]
	}
	if !strings.HasPrefix(img, h.TS.URL+servertest.Pillar+"/card.png?v=") {
		t.Fatalf("og:image %q is not the article's absolute, versioned card", img)
	}
	for k, want := range map[string]string{
		"og:image:width": "1200", "og:image:height": "630", "og:image:type": "image/png", "og:locale": "en_US",
		"twitter:card": "summary_large_image", "twitter:image": img,
		"og:image:alt": "Exercise for back pain relief: stretches, yoga, swimming and walking (Exercise and movement)",
	} {
		if got := strings.Join(m[k], "|"); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	ld := pageLD(t, page)[0]
	if im, _ := ld["image"].(map[string]any); im["url"] != img || im["width"] != "1200" || im["height"] != "630" {
		t.Errorf("JSON-LD image %v, want the card %s", ld["image"], img)
	}
	// Pages without a card keep the small summary card.
	if m := metas(h.Get(nil, "/exercises/sphinx").Body); m["og:image"] != nil || m["twitter:card"][0] != "summary" || m["og:locale"][0] != "en_US" {
		t.Errorf("exercise page meta: %v", m)
	}

	path := strings.TrimPrefix(img, h.TS.URL)
	r := h.Get(nil, path)
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/png" || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("card: %d %s %s", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}
	card, err := png.Decode(strings.NewReader(r.Body))
	if err != nil || card.Bounds().Dx() != 1200 || card.Bounds().Dy() != 630 {
		t.Fatalf("card is not a 1200x630 PNG: %v", err)
	}
	etag := r.Header.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{16}"$`).MatchString(etag) || !strings.Contains(path, strings.Trim(etag, `"`)) {
		t.Errorf("ETag %q is not the strong hash in the URL %s", etag, path)
	}
	for _, tt := range []struct {
		name, path, header, value string
		status                    int
	}{
		{"revalidated", path, "If-None-Match", etag, 304},
		{"another ETag", path, "If-None-Match", `"0000"`, 200},
		{"malformed If-None-Match", path, "If-None-Match", `W/"x`, 200},
		{"malformed Range", path, "Range", "bytes=z-", 200},
		{"a Range", path, "Range", "bytes=0-9", 200},
		{"malformed If-Modified-Since", path, "If-Modified-Since", "yesterday", 200},
		{"unversioned", servertest.Pillar + "/card.png", "", "", 200},
		{"unknown article", "/articles/no-such-article/card.png", "", "", 404},
	} {
		var hdr []string
		if tt.header != "" {
			hdr = []string{tt.header, tt.value}
		}
		res := h.Do(nil, "GET", tt.path, "", "", hdr...)
		if res.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, res.StatusCode, tt.status)
		}
		if tt.status == 304 && res.Body != "" {
			t.Errorf("%s: a 304 with a body", tt.name)
		}
		if tt.status == 200 && strings.HasPrefix(tt.path, path) && res.Body != r.Body {
			t.Errorf("%s: not the whole card (%d bytes)", tt.name, len(res.Body))
		}
		if tt.name == "unversioned" && res.Header.Get("Cache-Control") != "public, max-age=300" {
			t.Errorf("unversioned card cached as %q", res.Header.Get("Cache-Control"))
		}
	}

	// A new title is a new card at a new URL; the old URL no longer
	// claims to be immutable.
	editor := h.SignedIn("e@example.org", "editor")
	publishArticle(t, h, editor, "", strings.Replace(poolWalking, "%s", "Pool walking", 1))
	first := metas(h.Get(nil, "/articles/pool-walking").Body)["og:image"][0]
	before := h.Get(nil, strings.TrimPrefix(first, h.TS.URL)).Body
	publishArticle(t, h, editor, "pool-walking", strings.Replace(poolWalking, "%s", "Pool walking for a sore back", 1))
	second := metas(h.Get(nil, "/articles/pool-walking").Body)["og:image"][0]
	if second == first {
		t.Fatal("the card URL did not change with the title")
	}
	after := h.Get(nil, strings.TrimPrefix(second, h.TS.URL))
	if after.Body == before || after.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Error("the card was not drawn again for the new title")
	}
	if old := h.Get(nil, strings.TrimPrefix(first, h.TS.URL)); old.Header.Get("Cache-Control") != "public, max-age=300" || old.Body != after.Body {
		t.Errorf("the old card URL: %q", old.Header.Get("Cache-Control"))
	}
}

// The feed has xml:lang, and each entry's updated is the instant its
// revision was stored, not one time for all; Debian's feedparser reads
// it without complaint (bozo false).
func TestFeedRevisionTimesAndFeedparser(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	editor := h.SignedIn("e@example.org", "editor")
	clk.Set(servertest.Start.Add(26*time.Hour + 15*time.Minute + 7*time.Second))
	publishArticle(t, h, editor, "", strings.Replace(poolWalking, "%s", "Pool walking", 1))
	clk.Set(servertest.Start.Add(50*time.Hour + 3*time.Second))
	publishArticle(t, h, editor, "pool-walking", strings.NewReplacer("%s", "Pool walking", "Ten minutes", "Fifteen minutes").Replace(poolWalking))

	body := h.Get(nil, "/feed.atom").Body
	var feed struct {
		Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatal(err)
	}
	updated := map[string]string{}
	for _, e := range feed.Entries {
		updated[strings.TrimPrefix(e.ID, h.TS.URL)] = e.Updated
	}
	for path, want := range map[string]string{
		"/articles/pool-walking": "2026-11-25T09:00:03Z", // saved twice; the second revision counts
		servertest.Pillar:        "2026-11-23T07:00:00Z", // imported at start
	} {
		if updated[path] != want {
			t.Errorf("%s updated %q, want %q", path, updated[path], want)
		}
	}
	if feed.Lang != "en" || feed.Updated != "2026-11-25T09:00:03Z" {
		t.Errorf("feed xml:lang %q, updated %q", feed.Lang, feed.Updated)
	}

	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import feedparser").Run(); err != nil {
		browsertest.Need(t, "Debian's python3-feedparser", "apt-get install -y python3-feedparser")
	}
	cmd := exec.Command(py, "-c", `import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "lang": d.feed.get("language", ""), "updated": [e.get("updated", "") for e in d.entries]}))`)
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	var got struct {
		Bozo    bool
		Error   string
		Version string
		Lang    string
		Updated []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Bozo || got.Version != "atom10" || got.Lang != "en" || len(got.Updated) != len(feed.Entries) {
		t.Errorf("feedparser: %+v", got)
	}
	distinct := slices.Compact(slices.Sorted(slices.Values(got.Updated)))
	if len(distinct) < 2 {
		t.Errorf("every entry has the same updated time %v", got.Updated)
	}
}

// Every page a visitor can reach that search engines may index is in the
// sitemap, and nothing else: the crawl starts from every GET route of
// the router and the sitemap, and follows the links of each page.
func TestSitemapCoversIndexablePages(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	// Enough articles for a second page of the list and of a category.
	editor := h.SignedIn("e@example.org", "editor")
	for i := range 10 {
		publishArticle(t, h, editor, "", fmt.Sprintf("---\ntitle: Pool walking %d\nslug: pool-walking-%d\ncategory: Exercise and movement\npublished: 2026-11-%02d\n---\nWalking in water is kind to the back.\n", i, i, i+1))
	}
	var sm struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(h.Get(nil, "/sitemap.xml").Body), &sm); err != nil {
		t.Fatal(err)
	}
	inSitemap := map[string]bool{}
	var queue []string
	for _, u := range sm.URLs {
		if inSitemap[u.Loc] {
			t.Errorf("%s is in the sitemap twice", u.Loc)
		}
		inSitemap[u.Loc] = true
		queue = append(queue, strings.TrimPrefix(u.Loc, h.TS.URL))
		if strings.Contains(u.Loc, "/articles/") && u.LastMod == "" {
			t.Errorf("%s has no lastmod", u.Loc)
		}
	}
	for _, p := range h.Srv.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		if method != "GET" {
			continue
		}
		path = strings.ReplaceAll(path, "{$}", "")
		path = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "unknown")
		queue = append(queue, path)
	}
	var disallow []string
	for _, l := range strings.Split(h.Get(nil, "/robots.txt").Body, "\n") {
		if p, ok := strings.CutPrefix(l, "Disallow: "); ok {
			disallow = append(disallow, p)
		}
	}
	hrefRE := regexp.MustCompile(`href="(/[^"#]*)`)
	canonRE := regexp.MustCompile(`<link rel="canonical" href="([^"]+)">`)
	seen, indexable := map[string]bool{}, map[string]bool{}
	for len(queue) > 0 && len(seen) < 400 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		r := h.Get(nil, p)
		if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(r.Body, -1) {
			queue = append(queue, unescape(m[1]))
		}
		canon := canonRE.FindStringSubmatch(r.Body)
		blocked := slices.ContainsFunc(disallow, func(d string) bool { return strings.HasPrefix(p, d) })
		if !strings.Contains(r.Body, `<meta name="robots" content="noindex">`) && !blocked && canon != nil && unescape(canon[1]) == h.TS.URL+p {
			indexable[h.TS.URL+p] = true
		}
	}
	for u := range indexable {
		if !inSitemap[u] {
			t.Errorf("indexable page %s is not in the sitemap", u)
		}
	}
	for u := range inSitemap {
		if !indexable[u] {
			t.Errorf("sitemap lists %s, which is not an indexable page", u)
		}
	}
	for _, want := range []string{"/", "/articles/", "/articles/?page=2", "/articles/?category=exercise-and-movement&page=2", "/exercises/", "/exercises/sphinx", "/start", servertest.Pillar} {
		if !inSitemap[h.TS.URL+want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	exercises := 0
	for u := range inSitemap {
		if strings.Contains(u, "/exercises/") && !strings.HasSuffix(u, "/exercises/") {
			exercises++
		}
	}
	if want := len(h.Srv.Plans.Library().All()); exercises != want || len(seen) >= 400 {
		t.Errorf("%d exercise pages in the sitemap, want %d, one per exercise (crawled %d pages)", exercises, want, len(seen))
	}
}
