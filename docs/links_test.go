// Package docs_test checks the repository's documentation: every link in
// README.md and docs/*.md resolves inside the repository, and the README's
// quick start runs the tests the way CI does.
//
// The rule for links: README.md never points outside the repository (no
// http(s), no mailto, no path that climbs out of it). A file in docs/ may
// cite an outside source with an http(s) link; every other link, in either,
// is a relative path to a file or folder that exists, and a #fragment names
// a heading of the target Markdown file (GitHub's anchors).
package docs_test

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// root is the repository, one folder up from this package.
const root = ".."

func TestLinksResolveInsideTheRepository(t *testing.T) {
	files := []string{"README.md", "bench/README.md"}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		files = append(files, filepath.ToSlash(must(filepath.Rel(root, d))))
	}
	if len(files) < 3 {
		t.Fatalf("found only %v: is the test run from docs/?", files)
	}
	c := newChecker(root)
	for _, f := range files {
		for _, p := range c.check(f) {
			t.Error(p)
		}
	}
}

// TestLinkCheckerRefuses proves that the checker fails on each kind of bad
// link, and passes the good ones, on a small repository of its own.
func TestLinkCheckerRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docs/a.md", "# A title\n\n## Same\n\n## Same\n\n## `code` and (punctuation): yes.\n\nsee [b](b.md) and [up](../README.md#top) and [src](https://example.org/x)\n")
	write("docs/b.md", "# B\n")
	write("bench/run.sh", "")
	write("README.md", "# Top\n\n"+strings.Join([]string{
		"[ok](docs/a.md)",
		"[ok folder](bench/)",
		"[ok file](bench/run.sh)",
		"[ok anchor](docs/a.md#a-title)",
		"[ok second same](docs/a.md#same-1)",
		"[ok punctuation](docs/a.md#code-and-punctuation-yes)",
		"[ok here](#top)",
		"[bad web](https://example.org/)",
		"<https://example.org/auto>",
		"[bad mail](mailto:x@example.org)",
		"[bad out](../elsewhere/notes.md)",
		"[bad root](/docs/a.md)",
		"[bad missing](docs/missing.md)",
		"[bad anchor](docs/a.md#no-such-heading)",
		"[bad third same](docs/a.md#same-2)",
		"[bad here](#nowhere)",
		"[bad anchor on a script](bench/run.sh#x)",
		"`[in code](nowhere.md)`",
		"",
		"```",
		"[in a fence](nowhere.md)",
		"```",
	}, "\n\n")+"\n")
	c := newChecker(dir)
	var got []string
	for _, p := range c.check("README.md") {
		got = append(got, p.target)
	}
	want := []string{
		"https://example.org/",
		"https://example.org/auto",
		"mailto:x@example.org",
		"../elsewhere/notes.md",
		"/docs/a.md",
		"docs/missing.md",
		"docs/a.md#no-such-heading",
		"docs/a.md#same-2",
		"#nowhere",
		"bench/run.sh#x",
	}
	if !slices.Equal(got, want) {
		t.Errorf("README problems:\n got %q\nwant %q", got, want)
	}
	if ps := c.check("docs/a.md"); len(ps) != 0 {
		t.Errorf("docs/a.md: want no problems (a cited https source is fine in docs/), got %v", ps)
	}
}

// TestQuickStartIsWhatCIRuns holds the README's two commands to the code:
// the test command is the one .ci/run runs (it adds only environment
// variables in front), and the run command is the real main package.
func TestQuickStartIsWhatCIRuns(t *testing.T) {
	readme := string(must(os.ReadFile(filepath.Join(root, "README.md"))))
	block := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no ```sh block for the quick start")
	}
	var run, test string
	for _, line := range strings.Split(block[1], "\n") {
		cmd := strings.TrimSpace(strings.SplitN(line, "#", 2)[0])
		switch {
		case strings.HasPrefix(cmd, "go run ") && run == "":
			run = cmd
		case strings.HasPrefix(cmd, "go test ") && test == "":
			test = cmd
		}
	}
	if run != "go run ./cmd/supple" {
		t.Errorf("quick start runs %q, want %q", run, "go run ./cmd/supple")
	}
	if test == "" {
		t.Fatal("the quick start has no go test command")
	}
	ci := string(must(os.ReadFile(filepath.Join(root, ".ci", "run"))))
	assign := regexp.MustCompile(`^([A-Z_]+=('[^']*'|\S*)\s+)*`)
	found := false
	for _, line := range strings.Split(ci, "\n") {
		if assign.ReplaceAllString(strings.TrimSpace(line), "") == test {
			found = true
		}
	}
	if !found {
		t.Errorf("README's test command %q is not a line of .ci/run (after its environment variables)", test)
	}
}

type problem struct {
	file, target, why string
}

func (p problem) String() string { return fmt.Sprintf("%s: link %q: %s", p.file, p.target, p.why) }

type checker struct {
	root    string
	md      goldmark.Markdown
	anchors map[string]map[string]bool // file -> its heading anchors
}

func newChecker(root string) *checker {
	return &checker{root: root, md: goldmark.New(goldmark.WithExtensions(extension.GFM)), anchors: map[string]map[string]bool{}}
}

// check returns the bad links of one file, named relative to the root.
func (c *checker) check(file string) []problem {
	src, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(file)))
	if err != nil {
		return []problem{{file, "", err.Error()}}
	}
	var out []problem
	for _, target := range c.links(src) {
		if why := c.judge(file, target); why != "" {
			out = append(out, problem{file, target, why})
		}
	}
	return out
}

func (c *checker) judge(file, target string) string {
	if m := regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):`).FindStringSubmatch(target); m != nil {
		scheme := strings.ToLower(m[1])
		switch {
		case scheme != "http" && scheme != "https":
			return "points outside the repository (" + scheme + ":)"
		case file == "README.md":
			return "README.md must never point outside the repository; cite outside sources in docs/"
		}
		return ""
	}
	ref, frag, _ := strings.Cut(target, "#")
	if strings.HasPrefix(ref, "/") {
		return "an absolute path: use a path relative to the file"
	}
	resolved := file
	if ref != "" {
		resolved = path.Clean(path.Join(path.Dir(file), ref))
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			return "climbs out of the repository"
		}
		if _, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(resolved))); err != nil {
			return "no such file in the repository"
		}
	}
	if frag == "" {
		return ""
	}
	if !strings.HasSuffix(resolved, ".md") {
		return "an anchor on a file that is not Markdown"
	}
	if !c.anchorsOf(resolved)[frag] {
		return "no heading with the anchor #" + frag + " in " + resolved
	}
	return ""
}

// links lists the destinations of a Markdown file's links, images and
// autolinks (not the text of code spans or fenced blocks).
func (c *checker) links(src []byte) []string {
	var out []string
	doc := c.md.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			out = append(out, string(n.Destination))
		case *ast.Image:
			out = append(out, string(n.Destination))
		case *ast.AutoLink:
			out = append(out, string(n.URL(src)))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// anchorsOf gives a Markdown file's heading anchors as GitHub makes them:
// the heading's text in lower case, keeping letters, marks, digits, "-"
// and "_" (no other punctuation or symbols), spaces as hyphens, and -1,
// -2, ... after a repeated one.
func (c *checker) anchorsOf(file string) map[string]bool {
	if a, ok := c.anchors[file]; ok {
		return a
	}
	a := map[string]bool{}
	c.anchors[file] = a
	src, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(file)))
	if err != nil {
		return a
	}
	seen := map[string]int{}
	doc := c.md.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		slug := githubSlug(plainText(h, src))
		id := slug
		if k := seen[slug]; k > 0 {
			id = fmt.Sprintf("%s-%d", slug, k)
		}
		seen[slug]++
		a[id] = true
		return ast.WalkSkipChildren, nil
	})
	return a
}

func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.Text:
				b.Write(n.Segment.Value(src))
			case *ast.String:
				b.Write(n.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func githubSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
