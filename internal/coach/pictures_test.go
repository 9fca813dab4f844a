package coach_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// frame is what a picture's frame group holds: its label, whether a
// figure is drawn, and the horizontal extent of everything in it.
type frame struct {
	class      string
	label      string
	head       bool
	minX, maxX float64
}

// pictureFrames reads an exercise SVG as docs/pictures.md defines it: a
// 320 × 160 drawing whose two frames are <g class="frame frame-start"> and
// <g class="frame frame-end">, each starting with its label, with a
// divider between them.
func pictureFrames(svg string) (frames []frame, divider bool, err error) {
	d := xml.NewDecoder(strings.NewReader(svg))
	var cur *frame
	depth, frameDepth := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return frames, divider, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("parse: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			attr := map[string]string{}
			for _, a := range t.Attr {
				attr[a.Name.Local] = a.Value
			}
			classes := strings.Fields(attr["class"])
			switch {
			case depth == 1 && (t.Name.Local != "svg" || attr["viewBox"] != "0 0 320 160"):
				return nil, false, fmt.Errorf("root is <%s viewBox=%q>, want <svg viewBox=\"0 0 320 160\">", t.Name.Local, attr["viewBox"])
			case t.Name.Local == "g" && hasClass(classes, "frame"):
				if cur != nil {
					return nil, false, fmt.Errorf("frame inside a frame")
				}
				if attr["transform"] != "" {
					return nil, false, fmt.Errorf("frame has a transform attribute, which the CSS animation would override")
				}
				frames = append(frames, frame{class: attr["class"], minX: 1e9, maxX: -1e9})
				cur, frameDepth = &frames[len(frames)-1], depth
				continue
			case depth == 2 && t.Name.Local == "line" && hasClass(classes, "divider"):
				divider = attr["x1"] == "160" && attr["x2"] == "160"
			}
			if cur == nil {
				continue
			}
			if t.Name.Local == "text" && hasClass(classes, "label") && !hasClass(classes, "note") {
				if cur.label != "" || cur.head {
					return nil, false, fmt.Errorf("%s: a second label, or a label after the drawing", cur.class)
				}
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return nil, false, fmt.Errorf("label: %w", err)
				}
				depth--
				cur.label = strings.TrimSpace(s)
			}
			if hasClass(classes, "fig-head") {
				cur.head = true
			}
			xs, err := xExtent(t.Name.Local, attr)
			if err != nil {
				return nil, false, fmt.Errorf("%s: <%s>: %w", cur.class, t.Name.Local, err)
			}
			for _, x := range xs {
				cur.minX, cur.maxX = min(cur.minX, x), max(cur.maxX, x)
			}
		case xml.EndElement:
			if cur != nil && depth == frameDepth {
				cur = nil
			}
			depth--
		}
	}
}

func hasClass(classes []string, c string) bool {
	for _, x := range classes {
		if x == c {
			return true
		}
	}
	return false
}

var pathToken = regexp.MustCompile(`[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`)

// xExtent is the horizontal coordinates an element reaches.
func xExtent(name string, attr map[string]string) ([]float64, error) {
	num := func(k string) float64 { v, _ := strconv.ParseFloat(attr[k], 64); return v }
	switch name {
	case "line":
		return []float64{num("x1"), num("x2")}, nil
	case "circle":
		return []float64{num("cx") - num("r"), num("cx") + num("r")}, nil
	case "ellipse":
		return []float64{num("cx") - num("rx"), num("cx") + num("rx")}, nil
	case "rect":
		return []float64{num("x"), num("x") + num("width")}, nil
	case "text":
		return []float64{num("x")}, nil
	case "polyline", "polygon":
		f := strings.Fields(strings.ReplaceAll(attr["points"], ",", " "))
		var xs []float64
		for i := 0; i < len(f); i += 2 {
			x, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("points %q: %w", attr["points"], err)
			}
			xs = append(xs, x)
		}
		return xs, nil
	case "path":
		return pathX(attr["d"])
	}
	return nil, nil
}

// pathX follows a path's commands and returns the x of every point and
// control point (arcs by their end points).
func pathX(d string) ([]float64, error) {
	// For each command: how many numbers one step takes, and which of
	// them are x coordinates (the rest are y, radii or flags).
	steps := map[byte]struct {
		n  int
		xs []int
	}{'M': {2, []int{0}}, 'L': {2, []int{0}}, 'T': {2, []int{0}}, 'H': {1, []int{0}}, 'V': {1, nil},
		'Q': {4, []int{0, 2}}, 'S': {4, []int{0, 2}}, 'C': {6, []int{0, 2, 4}}, 'A': {7, []int{5}}, 'Z': {0, nil}}
	var xs []float64
	var cx, cy, sx, sy float64
	tokens := pathToken.FindAllString(d, -1)
	for i := 0; i < len(tokens); {
		cmd := tokens[i][0]
		up := cmd &^ 0x20
		st, ok := steps[up]
		if !ok {
			return nil, fmt.Errorf("path %q: command %q", d, cmd)
		}
		rel := cmd != up
		i++
		for first := true; first || (st.n > 0 && i < len(tokens) && !isCommand(tokens[i])); first = false {
			if up == 'Z' {
				cx, cy = sx, sy
				break
			}
			if i+st.n > len(tokens) {
				return nil, fmt.Errorf("path %q: %c needs %d numbers", d, cmd, st.n)
			}
			v := make([]float64, st.n)
			for k := range v {
				f, err := strconv.ParseFloat(tokens[i+k], 64)
				if err != nil {
					return nil, fmt.Errorf("path %q: %w", d, err)
				}
				v[k] = f
			}
			i += st.n
			ox, oy := 0.0, 0.0
			if rel {
				ox, oy = cx, cy
			}
			for _, k := range st.xs {
				xs = append(xs, ox+v[k])
			}
			switch up {
			case 'H':
				cx = ox + v[0]
			case 'V':
				cy = oy + v[0]
			default:
				cx, cy = ox+v[st.n-2], oy+v[st.n-1]
			}
			if up == 'M' && first {
				sx, sy = cx, cy
			}
		}
	}
	return xs, nil
}

func isCommand(tok string) bool { c := tok[0] | 0x20; return c >= 'a' && c <= 'z' && c != 'e' }

// TestLibraryPictures: every exercise's picture has its two frames, start
// then end, each labelled and with a figure drawn inside its own half of
// the drawing (the animation lays one half over the other), and its alt
// text describes both, in order, under the drawing's labels.
func TestLibraryPictures(t *testing.T) {
	lib := mustLibrary(t)
	for _, e := range lib.All() {
		frames, divider, err := pictureFrames(e.SVG)
		if err != nil {
			t.Errorf("%s: %v", e.ID, err)
			continue
		}
		if len(frames) != 2 || frames[0].class != "frame frame-start" || frames[1].class != "frame frame-end" || !divider {
			t.Errorf("%s: frames %+v, divider %v; want frame-start then frame-end with a divider at x=160", e.ID, frames, divider)
			continue
		}
		for i, f := range frames {
			lo, hi := float64(160*i), float64(160*(i+1))
			if f.label == "" || !f.head {
				t.Errorf("%s: %s has label %q, figure drawn %v", e.ID, f.class, f.label, f.head)
			}
			if f.minX < lo || f.maxX > hi {
				t.Errorf("%s: %s reaches x %.1f to %.1f, outside its half %v to %v", e.ID, f.class, f.minX, f.maxX, lo, hi)
			}
		}
		first, second := frames[0].label+": ", " "+frames[1].label+": "
		i, j := strings.Index(e.ImageAlt, first), strings.Index(e.ImageAlt, second)
		if i != 0 || j < 0 {
			t.Errorf("%s: alt text %q does not describe %q then %q", e.ID, e.ImageAlt, first, second)
			continue
		}
		if start, end := strings.TrimSpace(e.ImageAlt[len(first):j]), strings.TrimSpace(e.ImageAlt[j+len(second):]); len(start) < 10 || len(end) < 10 || start == end {
			t.Errorf("%s: alt text %q: start %q and end %q must each be described, differently", e.ID, e.ImageAlt, start, end)
		}
	}
}

func TestPathX(t *testing.T) {
	for _, c := range []struct {
		d    string
		want string
	}{
		{"M10 20 L30 40 L50 60", "[10 30 50]"},
		{"M10 20 Q15 5 20 20 M1 2", "[10 15 20 1]"},
		{"M10 20 h5 v3 l2 2 z m1 1", "[10 15 17 11]"},
		{"M10 20 q5 -5 10 0 t10 0", "[10 15 20 30]"},
		{"M10 20 A5 5 0 0 1 30 20 a5 5 0 1 0 -10 0", "[10 30 20]"},
		{"M0 0 C1 2 3 4 5 6", "[0 1 3 5]"},
	} {
		got, err := pathX(c.d)
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("pathX(%q) = %v, %v; want %s", c.d, got, err, c.want)
		}
	}
	if _, err := pathX("M10 20 L30"); err == nil {
		t.Errorf("pathX of a short L: no error")
	}
}
