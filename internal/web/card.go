package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"supple/internal/article"
)

// Social cards: a 1200x630 PNG per article (the size Open Graph and
// X/Twitter's summary_large_image show without cropping), drawn from
// its title and category with the embedded Go fonts.
const (
	CardWidth  = 1200
	CardHeight = 630
	// cardDesign changes whenever the drawing changes, so cached cards
	// at the old URL are not mistaken for new ones.
	cardDesign = "2"
)

// Brand colours, from style.css (light theme).
var (
	cardBG         = color.RGBA{0xf7, 0xf5, 0xf0, 0xff} // --bg
	cardText       = color.RGBA{0x1d, 0x23, 0x27, 0xff} // --text
	cardAccent     = color.RGBA{0x0f, 0x6e, 0x63, 0xff} // --accent
	cardAccentSoft = color.RGBA{0xe2, 0xf0, 0xed, 0xff} // --accent-soft
	cardStrong     = color.RGBA{0x0a, 0x52, 0x49, 0xff} // --accent-strong
	cardWhite      = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// cardInput is what a card shows; its hash names the card's URL.
type cardInput struct {
	Title, Category, Site, Host string
}

func (in cardInput) hash() string {
	h := sha256.Sum256([]byte(strings.Join([]string{cardDesign, in.Title, in.Category, in.Site, in.Host}, "\x00")))
	return hex.EncodeToString(h[:8])
}

// cards renders cards lazily and keeps the latest one of each article in
// memory; a changed title or category gives a new hash and a new card.
// Cache hits never wait for a card being drawn.
type cards struct {
	drawMu        sync.Mutex // font faces are not safe for concurrent use
	regular, bold font.Face
	sizes         map[float64]font.Face
	boldFont      *opentype.Font
	mu            sync.RWMutex // guards bySlug
	bySlug        map[string]cachedCard
	max           int // cards kept; beyond, an arbitrary one is dropped
}

// maxCards bounds the memory cards take: about 50 KB each.
const maxCards = 128

type cachedCard struct {
	hash string
	png  []byte
}

func newCards() (*cards, error) {
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("web: card font: %w", err)
	}
	medium, err := opentype.Parse(gomedium.TTF)
	if err != nil {
		return nil, fmt.Errorf("web: card font: %w", err)
	}
	c := &cards{boldFont: bold, sizes: map[float64]font.Face{}, bySlug: map[string]cachedCard{}, max: maxCards}
	if c.regular, err = opentype.NewFace(medium, &opentype.FaceOptions{Size: 30, DPI: 72, Hinting: font.HintingFull}); err != nil {
		return nil, fmt.Errorf("web: card font: %w", err)
	}
	if c.bold, err = c.face(40); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *cards) face(size float64) (font.Face, error) {
	if f, ok := c.sizes[size]; ok {
		return f, nil
	}
	f, err := opentype.NewFace(c.boldFont, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("web: card font %v: %w", size, err)
	}
	c.sizes[size] = f
	return f, nil
}

// get returns the card of an article, drawing it when its text changed.
func (c *cards) get(slug string, in cardInput) ([]byte, string, error) {
	h := in.hash()
	c.mu.RLock()
	cc, ok := c.bySlug[slug]
	c.mu.RUnlock()
	if ok && cc.hash == h {
		return cc.png, h, nil
	}
	c.drawMu.Lock()
	defer c.drawMu.Unlock()
	c.mu.RLock()
	cc, ok = c.bySlug[slug] // drawn while this request waited?
	c.mu.RUnlock()
	if ok && cc.hash == h {
		return cc.png, h, nil
	}
	b, err := c.draw(in)
	if err != nil {
		return nil, "", err
	}
	c.mu.Lock()
	if _, ok := c.bySlug[slug]; !ok && len(c.bySlug) >= c.max {
		for k := range c.bySlug {
			delete(c.bySlug, k)
			break
		}
	}
	c.bySlug[slug] = cachedCard{hash: h, png: b}
	c.mu.Unlock()
	return b, h, nil
}

// Layout of the card, in pixels.
const (
	cardMargin   = 80
	cardBand     = 96 // the accent band at the bottom
	titleTop     = 250
	titleBottom  = CardHeight - cardBand - 40
	titleMaxWide = CardWidth - 2*cardMargin
)

// draw renders the card. Text in a script the Go fonts lack (Chinese,
// Arabic, ...) cannot be drawn, so such a title is replaced by a generic
// line, and such a category by "Article"; og:image:alt keeps the title.
func (c *cards) draw(in cardInput) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(cardBG), image.Point{}, draw.Src)
	// Bottom band with the site's address.
	draw.Draw(img, image.Rect(0, CardHeight-cardBand, CardWidth, CardHeight), image.NewUniform(cardAccent), image.Point{}, draw.Src)
	// Brand mark and site name.
	drawMark(img, cardMargin, 72, 72)
	site := in.Site
	if !covered(c.bold, site) || strings.TrimSpace(site) == "" {
		site = "supple"
	}
	c.text(img, c.bold, cardStrong, cardMargin+96, 72+52, site)
	// Category as a pill.
	cat := strings.ToUpper(in.Category)
	if !covered(c.regular, cat) || strings.TrimSpace(cat) == "" {
		cat = "ARTICLE"
	}
	cat = truncate(c.regular, cat, titleMaxWide-40)
	w := font.MeasureString(c.regular, cat).Ceil()
	pill := image.Rect(cardMargin, 176, cardMargin+w+40, 176+50)
	fillRounded(img, pill, 25, cardAccentSoft)
	c.text(img, c.regular, cardStrong, cardMargin+20, 176+36, cat)
	// The title, as large as fits in the space, truncated with an ellipsis.
	title := strings.Join(strings.Fields(in.Title), " ")
	if title == "" || !covered(c.bold, title) {
		title = "Read this article on " + site
	}
	face, lines, lineH, err := c.fitTitle(title)
	if err != nil {
		return nil, err
	}
	y := titleTop + int(float64(lineH)*0.8)
	for _, l := range lines {
		c.text(img, face, cardText, cardMargin, y, l)
		y += lineH
	}
	host := in.Host
	if !covered(c.regular, host) {
		host = ""
	}
	c.text(img, c.regular, cardWhite, cardMargin, CardHeight-cardBand+58, truncate(c.regular, host, titleMaxWide))
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("web: encode card: %w", err)
	}
	return buf.Bytes(), nil
}

// fitTitle picks the largest size at which the title fits; at the
// smallest size the last line is cut with an ellipsis.
func (c *cards) fitTitle(title string) (font.Face, []string, int, error) {
	sizes := []float64{76, 66, 58, 50}
	var (
		face  font.Face
		lines []string
		lineH int
	)
	for _, size := range sizes {
		var err error
		if face, err = c.face(size); err != nil {
			return nil, nil, 0, err
		}
		lineH = int(size * 1.18)
		if lines = wrap(face, title, titleMaxWide); len(lines) <= (titleBottom-titleTop)/lineH {
			return face, lines, lineH, nil
		}
	}
	n := (titleBottom - titleTop) / lineH
	lines = lines[:n]
	lines[n-1] = truncate(face, lines[n-1]+"…", titleMaxWide)
	return face, lines, lineH, nil
}

func (c *cards) text(img draw.Image, face font.Face, col color.Color, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(col), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// covered reports whether the face has a glyph for every letter of s.
func covered(face font.Face, s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if _, ok := face.GlyphAdvance(r); !ok {
			return false
		}
	}
	return true
}

// wrap breaks s into lines no wider than width, breaking inside a word
// only when the word alone is too wide.
func wrap(face font.Face, s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if font.MeasureString(face, try).Ceil() <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = ""
		for font.MeasureString(face, word).Ceil() > width {
			cut := fitPrefix(face, word, width)
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// fitPrefix is the byte length of the longest prefix of s (at least one
// rune) no wider than width.
func fitPrefix(face font.Face, s string, width int) int {
	end := 0
	for i, r := range s {
		next := i + len(string(r))
		if end > 0 && font.MeasureString(face, s[:next]).Ceil() > width {
			break
		}
		end = next
	}
	return end
}

// truncate cuts s to width, ending it with an ellipsis when cut.
func truncate(face font.Face, s string, width int) string {
	if font.MeasureString(face, s).Ceil() <= width {
		return s
	}
	runes := []rune(s)
	for n := len(runes); n > 0; n-- {
		t := strings.TrimRightFunc(string(runes[:n]), func(r rune) bool { return unicode.IsSpace(r) || r == '…' }) + "…"
		if font.MeasureString(face, t).Ceil() <= width {
			return t
		}
	}
	return "…"
}

// fillRounded fills a rectangle with rounded corners of radius r.
func fillRounded(img draw.Image, rect image.Rectangle, r float32, col color.Color) {
	x0, y0, x1, y1 := float32(rect.Min.X), float32(rect.Min.Y), float32(rect.Max.X), float32(rect.Max.Y)
	z := vector.NewRasterizer(rect.Dx(), rect.Dy())
	z.DrawOp = draw.Over
	ox, oy := x0, y0
	x0, y0, x1, y1 = 0, 0, x1-ox, y1-oy
	k := r * 0.5523 // cubic approximation of a quarter circle
	z.MoveTo(x0+r, y0)
	z.LineTo(x1-r, y0)
	z.CubeTo(x1-r+k, y0, x1, y0+r-k, x1, y0+r)
	z.LineTo(x1, y1-r)
	z.CubeTo(x1, y1-r+k, x1-r+k, y1, x1-r, y1)
	z.LineTo(x0+r, y1)
	z.CubeTo(x0+r-k, y1, x0, y1-r+k, x0, y1-r)
	z.LineTo(x0, y0+r)
	z.CubeTo(x0, y0+r-k, x0+r-k, y0, x0+r, y0)
	z.ClosePath()
	z.Draw(img, rect, image.NewUniform(col), image.Point{})
}

// fillCircle fills a circle centred at (cx, cy).
func fillCircle(img draw.Image, cx, cy, r float64, col color.Color) {
	rect := image.Rect(int(cx-r)-1, int(cy-r)-1, int(cx+r)+2, int(cy+r)+2)
	fillRounded(img, rect, float32(float64(rect.Dx())/2), col)
}

// drawMark draws the favicon (favicon.svg, a 32-unit square) at x, y
// with the given size: the accent square, and the white curve of the
// spine stroked as a row of dots along its Bézier segments.
func drawMark(img draw.Image, x, y, size int) {
	s := float64(size) / 32
	fillRounded(img, image.Rect(x, y, x+size, y+size), float32(8*s), cardAccent)
	// M16 5 c-2 3 -2 5 0 7 s2 4 0 6 -2 4 0 6 2 3 0 3, in absolute points.
	segs := [][4][2]float64{
		{{16, 5}, {14, 8}, {14, 10}, {16, 12}},
		{{16, 12}, {18, 14}, {18, 16}, {16, 18}},
		{{16, 18}, {14, 20}, {14, 22}, {16, 24}},
		{{16, 24}, {18, 26}, {18, 27}, {16, 27}},
	}
	for _, p := range segs {
		for i := 0; i <= 24; i++ {
			t := float64(i) / 24
			u := 1 - t
			px := u*u*u*p[0][0] + 3*u*u*t*p[1][0] + 3*u*t*t*p[2][0] + t*t*t*p[3][0]
			py := u*u*u*p[0][1] + 3*u*u*t*p[1][1] + 3*u*t*t*p[2][1] + t*t*t*p[3][1]
			fillCircle(img, float64(x)+px*s, float64(y)+py*s, 1.3*s, cardWhite)
		}
	}
	fillCircle(img, float64(x)+16*s, float64(y)+5.5*s, 1.8*s, cardWhite)
}

// cardInputFor is what an article's card shows.
func (s *Site) cardInputFor(a *article.Article) cardInput {
	return cardInput{Title: a.Title, Category: a.Category, Site: s.cfg.SiteName, Host: s.cfg.BaseURL.Host}
}

// cardURL is the absolute, versioned address of an article's card.
func (s *Site) cardURL(a *article.Article) string {
	return s.abs("/articles/" + a.Slug + "/card.png?v=" + s.cardInputFor(a).hash())
}

// card serves an article's social card. At its versioned URL it is
// immutable for a year; the ETag is the hash of what it shows.
func (s *Site) card(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.Catalog.Snapshot().Get(r.PathValue("slug"))
	if !ok {
		return errNotFound
	}
	b, h, err := s.cards.get(a.Slug, s.cardInputFor(a))
	if err != nil {
		return err
	}
	if r.URL.Query().Get("v") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("ETag", `"`+h+`"`)
	// A card is small: Range is ignored, so a malformed one gets the
	// whole card rather than a 416. ServeContent answers If-None-Match.
	r.Header.Del("Range")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	return nil
}
