package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
)

// inkIn counts pixels in r that are the colour c (text drawn in it).
func inkIn(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == c {
				n++
			}
		}
	}
	return n
}

func TestCardRenders(t *testing.T) {
	c, err := newCards()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Gentle exercise for a sore back, ", 10)[:300]
	for _, tt := range []struct {
		name, title, category string
		wantLines             int    // 0: any
		wantLast              string // suffix of the last title line
		wantGeneric           bool   // the title cannot be drawn in the Go fonts
	}{
		{"short", "Exercise for back pain relief", "Exercise and movement", 1, "relief", false},
		{"two lines", "Sciatica: what helps, what to avoid and when to see a doctor", "Conditions", 2, "", false},
		{"300 characters", long, "Exercise and movement", 0, "…", false},
		{"one long word", strings.Repeat("Rückenschmerzen", 12), "Allgemein", 0, "…", false},
		{"accents and Greek", "Ισχιαλγία and São Paulo’s café workers", "Général", 2, "workers", false},
		{"Chinese", "腰痛的运动疗法", "运动", 1, "", true},
		{"Arabic", "تمارين لآلام أسفل الظهر", "تمارين", 1, "", true},
		{"mixed scripts", "Back pain 腰痛", "Exercise", 1, "", true},
		{"empty", "", "", 1, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := cardInput{Title: tt.title, Category: tt.category, Site: "supple", Host: "back.example"}
			b, h, err := c.get("s-"+tt.name, in)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if img.Bounds().Dx() != CardWidth || img.Bounds().Dy() != CardHeight {
				t.Fatalf("card is %v, want 1200x630", img.Bounds())
			}
			if n := inkIn(img, image.Rect(cardMargin, titleTop, CardWidth-cardMargin, titleBottom), cardText); n < 500 {
				t.Errorf("title area has %d text pixels: blank", n)
			}
			if n := inkIn(img, image.Rect(0, 0, CardWidth, titleTop), cardStrong); n < 200 {
				t.Errorf("site name and category have %d pixels", n)
			}
			title := strings.Join(strings.Fields(tt.title), " ")
			if tt.wantGeneric != (title == "" || !covered(c.bold, title)) {
				t.Errorf("generic text: got %v, want %v", !tt.wantGeneric, tt.wantGeneric)
			}
			if !tt.wantGeneric {
				_, lines, _, err := c.fitTitle(title)
				if err != nil {
					t.Fatal(err)
				}
				if tt.wantLines > 0 && len(lines) != tt.wantLines {
					t.Errorf("%d lines %q, want %d", len(lines), lines, tt.wantLines)
				}
				if !strings.HasSuffix(lines[len(lines)-1], tt.wantLast) {
					t.Errorf("last line %q, want it to end in %q", lines[len(lines)-1], tt.wantLast)
				}
				face, lines2, _, _ := c.fitTitle(title)
				for _, l := range lines2 {
					if w := measure(face, l); w > titleMaxWide {
						t.Errorf("line %q is %d px wide, over %d", l, w, titleMaxWide)
					}
				}
			}
			// Cached while the text is the same; a new title is a new card.
			again, h2, _ := c.get("s-"+tt.name, in)
			if h2 != h || &again[0] != &b[0] {
				t.Error("the same card was drawn twice")
			}
			in.Title += " (updated)"
			if _, h3, _ := c.get("s-"+tt.name, in); h3 == h {
				t.Error("a changed title kept the card's hash")
			}
			if dir := os.Getenv("SUPPLE_ARTIFACTS"); dir != "" {
				_ = os.MkdirAll(filepath.Join(dir, "cards"), 0o755)
				_ = os.WriteFile(filepath.Join(dir, "cards", strings.ReplaceAll(tt.name, " ", "-")+".png"), b, 0o644)
			}
		})
	}
}

// The cache holds at most max cards; a dropped one is drawn again.
func TestCardCacheIsBounded(t *testing.T) {
	c, err := newCards()
	if err != nil {
		t.Fatal(err)
	}
	c.max = 3
	for i := range 5 {
		in := cardInput{Title: strings.Repeat("Walk ", i+1), Category: "Exercise", Site: "supple", Host: "back.example"}
		b, _, err := c.get(strings.Repeat("s", i+1), in)
		if err != nil || len(b) == 0 {
			t.Fatalf("card %d: %v", i, err)
		}
		if len(c.bySlug) > 3 {
			t.Fatalf("%d cards kept, at most 3", len(c.bySlug))
		}
	}
	if len(c.bySlug) != 3 {
		t.Errorf("%d cards kept, want 3", len(c.bySlug))
	}
}

func measure(face font.Face, s string) int { return font.MeasureString(face, s).Ceil() }

func TestWrapFitsWidth(t *testing.T) {
	c, err := newCards()
	if err != nil {
		t.Fatal(err)
	}
	face, _ := c.face(66)
	for _, s := range []string{"a", "Exercise for back pain relief and more words to wrap across lines", strings.Repeat("x", 200)} {
		lines := wrap(face, s, 500)
		if strings.Join(lines, "") != strings.ReplaceAll(s, " ", "") && strings.Join(lines, " ") != s {
			t.Errorf("wrap lost text: %q", lines)
		}
		for _, l := range lines {
			if w := measure(face, l); w > 500 {
				t.Errorf("%q is %d px, over 500", l, w)
			}
		}
	}
}

// BenchmarkCardDraw draws one card from scratch (a cache miss).
func BenchmarkCardDraw(b *testing.B) {
	c, err := newCards()
	if err != nil {
		b.Fatal(err)
	}
	in := cardInput{Title: "Exercise for back pain relief: stretches, yoga, swimming and walking", Category: "Exercise and movement", Site: "supple", Host: "back.example"}
	for b.Loop() {
		if _, err := c.draw(in); err != nil {
			b.Fatal(err)
		}
	}
}
