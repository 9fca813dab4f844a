// Package browsertest drives headless Chromium against a test server:
// user flows, screenshots, axe-core accessibility checks and the Nu HTML
// checker. Tests skip when the tools are missing, except under CI=true,
// where a missing tool fails the test.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Need stops the test when a tool is missing: a skip on a developer's
// machine, a failure in CI.
func Need(t testing.TB, what, hint string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing in CI: %s", what, hint)
	}
	t.Skipf("%s is missing (%s)", what, hint)
}

// Root is the module's root folder.
func Root(t testing.TB) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// Chromium finds the browser.
func Chromium(t testing.TB) string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	Need(t, "chromium", "apt-get install -y chromium")
	return ""
}

// Browser is one headless Chromium for a test.
type Browser struct {
	t        testing.TB
	ctx      context.Context
	mu       sync.Mutex
	requests []string
}

// New starts Chromium; it is stopped when the test ends.
func New(t testing.TB) *Browser {
	exe := Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	// A profile folder of our own: Chromium may still be writing to it for
	// a moment after it is told to close, which t.TempDir would report.
	profile, err := os.MkdirTemp("", "supple-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts = append(opts, chromedp.UserDataDir(profile))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelC()
		cancelA()
		_ = os.RemoveAll(profile)
	})
	b := &Browser{t: t, ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.requests = append(b.requests, e.Request.URL)
			b.mu.Unlock()
		}
	})
	if err := chromedp.Run(ctx, network.Enable()); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// Run runs actions with a time limit.
func (b *Browser) Run(actions ...chromedp.Action) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// Try runs actions with a time limit and returns the error instead of
// failing the test.
func (b *Browser) Try(limit time.Duration, actions ...chromedp.Action) error {
	ctx, cancel := context.WithTimeout(b.ctx, limit)
	defer cancel()
	return chromedp.Run(ctx, actions...)
}

// ClickUntil clicks sel until the element want is visible (a click that
// lands while the page is still settling after a navigation is lost).
func (b *Browser) ClickUntil(sel, want string) {
	b.t.Helper()
	var err error
	for range 3 {
		if err = b.Try(10*time.Second, chromedp.Click(sel, chromedp.ByQuery), chromedp.WaitVisible(want, chromedp.ByQuery)); err == nil {
			return
		}
	}
	b.t.Fatalf("clicking %s never showed %s: %v", sel, want, err)
}

// Listen calls f with every event of the page (for example the Fetch
// domain's paused requests, once a test enables it).
func (b *Browser) Listen(f func(ev any)) { chromedp.ListenTarget(b.ctx, f) }

// Requests returns every URL the browser asked for so far.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

// AssertSameOrigin fails if the browser asked any other host than base's.
func (b *Browser) AssertSameOrigin(base string) {
	b.t.Helper()
	bu, _ := url.Parse(base)
	for _, r := range b.Requests() {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != bu.Host) {
			b.t.Errorf("page requested a third-party URL: %s", r)
		}
	}
}

// Screenshot saves a full-page PNG as a test artifact.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	var png []byte
	b.Run(chromedp.FullScreenshot(&png, 100))
	dir := os.Getenv("SUPPLE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(Root(b.t), "artifacts")
	}
	dir = filepath.Join(dir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return p
}

// Axe runs axe-core (from node_modules) on the current page and returns
// its violations as readable lines.
func (b *Browser) Axe() []string {
	b.t.Helper()
	src, err := os.ReadFile(filepath.Join(Root(b.t), "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		Need(b.t, "axe-core", "npm ci")
	}
	var res struct {
		Violations []struct {
			ID    string `json:"id"`
			Help  string `json:"help"`
			Nodes []struct {
				Target []any  `json:"target"`
				HTML   string `json:"html"`
			} `json:"nodes"`
		} `json:"violations"`
	}
	var raw string
	b.Run(
		chromedp.Evaluate(string(src), nil),
		chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r))`, &raw,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		b.t.Fatal(err)
	}
	var out []string
	for _, v := range res.Violations {
		for _, n := range v.Nodes {
			out = append(out, fmt.Sprintf("%s (%s): %v %s", v.ID, v.Help, n.Target, n.HTML))
		}
	}
	return out
}

// VNU checks HTML documents with the Nu HTML checker (node_modules
// vnu-jar, needs Java) and returns its errors.
func VNU(t testing.TB, docs map[string][]byte) []string {
	t.Helper()
	jar := filepath.Join(Root(t), "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		Need(t, "vnu-jar", "npm ci")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		Need(t, "java", "apt-get install -y default-jre-headless")
	}
	dir := t.TempDir()
	var files []string
	for name, body := range docs {
		p := filepath.Join(dir, name+".html")
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)...)
	out, _ := cmd.CombinedOutput()
	var res struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int `json:"lastLine"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("vnu output: %v\n%s", err, out)
	}
	var errs []string
	for _, m := range res.Messages {
		errs = append(errs, fmt.Sprintf("%s:%d: %s (%q)", filepath.Base(m.URL), m.LastLine, m.Message, strings.TrimSpace(m.Extract)))
	}
	return errs
}
