package web_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"supple/internal/browsertest"
	"supple/internal/coach"
	"supple/internal/servertest"
)

// frameProbe reports, for every exercise picture on the page, how its
// frames are drawn at animation time ms (-1: as they are): the name on its
// card, the opacity and horizontal shift of each frame, whether the divider
// shows, and which frames' labels can be seen.
const frameProbe = `(function(ms){
if (ms >= 0) document.getAnimations().forEach(function(a){ a.pause(); a.currentTime = ms; });
return Array.from(document.querySelectorAll("svg.exercise-figure")).map(function(svg){
  function state(sel){
    var g = svg.querySelector(sel);
    if (!g) return "none";
    var cs = getComputedStyle(g), m = new DOMMatrixReadOnly(cs.transform === "none" ? undefined : cs.transform);
    return Math.round(parseFloat(cs.opacity) * 100) / 100 + "@" + Math.round(m.e);
  }
  function label(sel){
    var l = svg.querySelector(sel + " > .label:not(.note)");
    return l && parseFloat(getComputedStyle(l).opacity) * parseFloat(getComputedStyle(l.parentNode).opacity) > 0.02 ? sel.slice(7) : "";
  }
  var d = svg.querySelector(".divider"), card = svg.closest(".exercise-card"), name = card && card.querySelector(".card-title");
  return {name: name ? name.textContent.trim() : "", state: state(".frame-start") + " " + state(".frame-end") + " " +
    (d && getComputedStyle(d).display !== "none" ? "divider" : "no-divider") + " labels:" + [label(".frame-start"), label(".frame-end")].join(",")};
});
})`

// spillProbe lists the pictures on the page where a frame, as the page's
// style sheets draw it, reaches outside its own half of the 320-wide
// drawing: a style rule meant for the page (a class a picture also uses)
// can make a caption larger than its attributes say.
const spillProbe = `Array.from(document.querySelectorAll("svg.exercise-figure")).flatMap(function(svg){
  var card = svg.closest(".exercise-card"), name = card && card.querySelector(".card-title");
  return [[".frame-start", 0, 160], [".frame-end", 160, 320]].flatMap(function(f){
    var g = svg.querySelector(f[0]), bb = g && g.getBBox();
    return !bb || (bb.x >= f[1] - 0.5 && bb.x + bb.width <= f[2] + 0.5) ? [] :
      [(name ? name.textContent.trim() : "?") + " " + f[0].slice(7) + ": x " + Math.round(bb.x) + " to " + Math.round(bb.x + bb.width)];
  });
})`

// TestPictureSheet renders the exercise library, every picture with its
// name on one page, as the picture sheet (screenshots picture-sheet and
// picture-sheet-dark), with motion reduced: both frames side by side.
// With motion welcome, the frames lie over each other in the middle and
// fade from start to end and back, their labels taking turns.
func TestPictureSheet(t *testing.T) {
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	h := servertest.New(t)
	b := browsertest.New(t)
	type picture struct{ Name, State string }
	frames := func(motion, scheme string, ms int) []picture {
		t.Helper()
		var got []picture
		b.Run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
			{Name: "prefers-reduced-motion", Value: motion}, {Name: "prefers-color-scheme", Value: scheme}}),
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(h.TS.URL+"/exercises/"), chromedp.WaitReady("footer", chromedp.ByQuery),
			chromedp.Evaluate(fmt.Sprintf("%s(%d)", frameProbe, ms), &got))
		if len(got) != len(lib.All()) {
			t.Fatalf("/exercises/ shows %d pictures, the library has %d exercises", len(got), len(lib.All()))
		}
		return got
	}
	expect := func(name string, got []picture, want string) {
		t.Helper()
		for i, g := range got {
			if g.Name == "" || g.State != want {
				t.Errorf("%s: picture %d (%q) is drawn %q, want a named card drawn %q", name, i, g.Name, g.State, want)
			}
		}
	}
	for _, scheme := range []string{"light", "dark"} {
		expect("reduced motion, "+scheme, frames("reduce", scheme, -1), "1@0 1@0 divider labels:start,end")
		var spills []string
		b.Run(chromedp.Evaluate(spillProbe, &spills))
		for _, s := range spills {
			t.Errorf("%s: drawn outside its half of the picture on /exercises/", s)
		}
		sheet := "picture-sheet"
		if scheme == "dark" {
			sheet += "-dark"
		}
		t.Logf("picture sheet: %s", b.Screenshot(sheet))
	}
	expect("motion at 1 s", frames("no-preference", "light", 1000), "1@80 0@-80 no-divider labels:start,")
	expect("motion at 5 s", frames("no-preference", "light", 5000), "0@80 1@-80 no-divider labels:,end")
	// Halfway through the fade both figures show, faintly, and neither label.
	expect("motion at 3.08 s", frames("no-preference", "light", 3080), "0.5@80 0.5@-80 no-divider labels:,")
}
