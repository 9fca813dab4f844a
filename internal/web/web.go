// Package web serves supple's HTML pages: the home page, articles with
// their ratings and feedback, lists, search, feeds and crawl files.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"supple/internal/account"
	"supple/internal/article"
	"supple/internal/clinic"
	"supple/internal/editorial"
	"supple/internal/fhir"
	"supple/internal/mail"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/rating"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Link is a named outside link, such as a social profile.
type Link struct {
	Name string
	URL  string
}

// Config is what the pages need to know about the site.
type Config struct {
	BaseURL    *url.URL // absolute; used for canonical and feed links
	SiteName   string
	Follow     []Link // social profiles offered after a good rating
	TrustProxy bool   // take the client address from X-Forwarded-For
	Secret     []byte // keys the hash of client addresses
	// EmergencyNumber (default DefaultEmergencyNumber) and Country (ISO
	// code, optional) choose the numbers the emergency page offers to call.
	EmergencyNumber string
	Country         string
	// AnonymousPlanDays is how long a plan that was never saved to an
	// account is kept (0: for ever); the plan page says so.
	AnonymousPlanDays int
}

// Deps are the services the pages use.
type Deps struct {
	Desk     *editorial.Desk
	Catalog  *article.Catalog
	Ratings  *rating.Service
	Plans    *plans.Service
	Progress *progress.Service
	Accounts *account.Service
	Clinic   *clinic.Service // the clinician's side (issue 17)
	Mail     *mail.Queue     // nil when no SMTP server is set up
	Log      *slog.Logger
	Now      func() time.Time
}

// Site serves the HTML pages.
type Site struct {
	cfg Config
	Deps
	pages   map[string]*template.Template
	assets  map[string]asset // static file name -> minified, hashed, compressed
	secure  bool
	cacheMu sync.RWMutex
	cache   map[string]cacheEntry // rendered public pages, by page and path
	cards   *cards
	// fhirDefs are supple's FHIR definitions by path (fhir.Definitions).
	fhirDefs map[string]any
	// emergency are the numbers the emergency page offers to call.
	emergency []call
}

// New parses the templates and returns the site.
func New(cfg Config, d Deps) (*Site, error) {
	if cfg.SiteName == "" {
		cfg.SiteName = "supple"
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if cfg.EmergencyNumber == "" {
		cfg.EmergencyNumber = DefaultEmergencyNumber
	}
	numbers, err := EmergencyNumbers(cfg.EmergencyNumber, cfg.Country)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Site{cfg: cfg, Deps: d, secure: cfg.BaseURL.Scheme == "https", cache: map[string]cacheEntry{}, emergency: calls(numbers)}
	if s.cards, err = newCards(); err != nil {
		return nil, err
	}
	s.fhirDefs = fhir.Definitions(s.abs, cfg.SiteName)
	if s.assets, err = loadAssets(staticFiles, d.Now()); err != nil {
		return nil, err
	}
	// Compress the static files at their best level in the background: not
	// on the way to the first request, nor to the server's start.
	go func() {
		for _, a := range s.assets {
			a.rep.Precompress()
		}
	}()
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Site) parseTemplates() error {
	funcs := template.FuncMap{
		"static": func(name string) (string, error) {
			a, ok := s.assets[name]
			if !ok {
				return "", fmt.Errorf("no static file %q", name)
			}
			return "/static/" + name + "?v=" + a.hash, nil
		},
		"date":     func(t time.Time) string { return t.Format("2 January 2006") },
		"isodate":  func(t time.Time) string { return t.Format("2006-01-02") },
		"datetime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"trusted":  func(s string) template.HTML { return template.HTML(s) }, // only for HTML goldmark made safe
		"stars":    starsLabel,
		"seq": func(a, b int) []int {
			var r []int
			for i := a; i <= b; i++ {
				r = append(r, i)
			}
			return r
		},
		"pct": func(n, total int) int {
			if total == 0 {
				return 0
			}
			return n * 100 / total
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"add":    func(a, b int) int { return a + b },
		"count":  func(f float64) string { return one(math.Round(f*10) / 10) }, // a count with parts, such as 1.5 sessions
		"locale": func() string { return Locale },
		"svg":    svg,
		"rest":   func(items []itemView) bool { return len(items) == 0 },
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return fmt.Errorf("web: templates: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimPrefix(n, "templates/")
		if name == "layout.html" || name == "partials.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return nil
}

func starsLabel(n int) string {
	if n == 1 {
		return "1 star"
	}
	return fmt.Sprintf("%d stars", n)
}

// Page is what every page template gets.
type Page struct {
	Site        string
	Title       string // the <title>, without the site name
	Description string
	Canonical   string
	Path        string
	OGType      string
	Published   time.Time
	Updated     time.Time
	Image       *PageImage // the social card, for og:image and twitter:image
	LD          []any      // JSON-LD nodes, one script each (jsonld.go)
	NoIndex     bool
	Styles      []string // stylesheets under static/, set from the page's template
	Search      string
	Alert       string // an error to announce at the top of the page
	AlertLink   string // where the field to fix is
	Notice      string // a one-time confirmation (a flash) at the top of the page
	HideSearch  bool   // the page has its own search form
	User        *account.User
	// MemberNav shows the member's items (Today, My plan, Progress) in
	// the header: for everyone signed in but a clinician without a plan
	// of their own.
	MemberNav bool
	CSRF      string // the session's form token, for every form
	Year      int
	Data      any
}

// PageImage is a page's preview image: an absolute URL, its size in
// pixels and its alternative text.
type PageImage struct {
	URL           string
	Width, Height int
	Alt           string
}

// Locale is the pages' language and region, for og:locale: the articles
// mostly use American spelling ("program", "physical therapist").
const Locale = "en_US"

// renderBytes executes a page into a buffer of its own (for pages that
// are kept, such as cached article pages) so that a failing template
// becomes a clean error page rather than half a page; render does the same
// with a reused buffer.
func (s *Site) renderBytes(name string, p *Page) ([]byte, error) {
	t, ok := s.pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := s.execute(&buf, t, name, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (s *Site) execute(buf *bytes.Buffer, t *template.Template, name string, p *Page) error {
	p.Site = s.cfg.SiteName
	p.Styles = stylesFor(name)
	p.Year = s.Now().Year()
	if p.Canonical == "" && p.Path != "" {
		p.Canonical = s.abs(p.Path)
	}
	if p.OGType == "" {
		p.OGType = "website"
	}
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	return nil
}

// pageBuffers are reused by render for pages that are sent and not kept:
// a member page is 5 to 110 KB, and growing a new buffer to that size for
// every request was a fifth of the bytes such a request allocated.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps an unusually large page's buffer out of the pool.
const maxPooledBuffer = 1 << 20

func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	v := visitorOf(r)
	p.User, p.CSRF = v.User, v.CSRF
	if v.User != nil {
		w.Header().Set("Cache-Control", "no-store")
		p.MemberNav = true
		if v.User.Role == account.Clinician {
			own, err := s.Plans.HasActive(r.Context(), v.User.ID)
			if err != nil {
				return err
			}
			p.MemberNav = own
		}
	}
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			pageBuffers.Put(buf)
		}
	}()
	if err := s.execute(buf, t, name, p); err != nil {
		return err
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

func writeHTML(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Site) abs(path string) string {
	u := *s.cfg.BaseURL
	ref, err := url.Parse(path)
	if err != nil {
		return u.String()
	}
	return u.ResolveReference(ref).String()
}

// NotFound renders the helpful 404 page.
func (s *Site) NotFound(w http.ResponseWriter, r *http.Request) error {
	snap := s.Catalog.Snapshot()
	return s.render(w, r, http.StatusNotFound, "notfound", &Page{
		Title: "Page not found", NoIndex: true, HideSearch: true,
		Data: map[string]any{"Articles": startHere(snap, 3), "Categories": snap.Categories},
	})
}

func firstN[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}
