package docs_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"supple/internal/cli"
)

// help runs the real command line with args and returns what it printed.
func help(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := cli.Main(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("supple %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// TestOperatingListsEveryServeFlag holds the configuration table of
// docs/operating.md to `supple serve -h`: the same flags, with the same
// defaults.
func TestOperatingListsEveryServeFlag(t *testing.T) {
	doc := string(must(os.ReadFile(filepath.Join(root, "docs", "operating.md"))))
	section, _, _ := strings.Cut(doc[strings.Index(doc, "## Configuration"):], "\n## Commands")
	documented := map[string]string{} // flag -> default as the table gives it
	for _, m := range regexp.MustCompile("(?m)^\\| `-([a-z-]+)[^`]*` \\| ([^|]*) \\|").FindAllStringSubmatch(section, -1) {
		documented[m[1]] = strings.Trim(strings.TrimSpace(m[2]), "`")
	}
	flags := map[string]string{} // flag -> default as -h prints it ("" for none)
	var name string
	for _, line := range strings.Split(help(t, "serve", "-h"), "\n") {
		if m := regexp.MustCompile(`^  -([a-z-]+)`).FindStringSubmatch(line); m != nil {
			name = m[1]
			flags[name] = ""
			if strings.TrimSpace(line) == "-"+name {
				flags[name] = "false" // a bool flag without a default
			}
			continue
		}
		if m := regexp.MustCompile(`\(default "?([^")]*)"?\)$`).FindStringSubmatch(line); m != nil && name != "" {
			flags[name] = m[1]
		}
	}
	if len(flags) < 10 {
		t.Fatalf("read only %d flags from serve -h", len(flags))
	}
	for f, def := range flags {
		got, ok := documented[f]
		switch {
		case !ok:
			t.Errorf("docs/operating.md does not list -%s (default %q)", f, def)
		case def == "" && got != "–":
			t.Errorf("-%s has no default, docs/operating.md says %q", f, got)
		case def != "" && strings.TrimSuffix(got, "/") != def:
			t.Errorf("-%s defaults to %q, docs/operating.md says %q", f, def, got)
		}
	}
	for f := range documented {
		if _, ok := flags[f]; !ok {
			t.Errorf("docs/operating.md lists -%s, which supple serve does not have", f)
		}
	}
}

// TestOperatingListsEveryCommand holds the commands table to `supple -h`.
func TestOperatingListsEveryCommand(t *testing.T) {
	doc := string(must(os.ReadFile(filepath.Join(root, "docs", "operating.md"))))
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  ([a-z-]+)\s{2,}`).FindAllStringSubmatch(help(t, "-h"), -1) {
		names = append(names, m[1])
	}
	if !slices.Contains(names, "serve") || len(names) < 5 {
		t.Fatalf("read commands %v from supple -h", names)
	}
	for _, n := range names {
		if !regexp.MustCompile("(?m)^\\| `supple \\[?" + regexp.QuoteMeta(n)).MatchString(doc) {
			t.Errorf("docs/operating.md's commands table has no row for supple %s", n)
		}
	}
}

// TestDevelopingNamesEveryDependency holds the Dependencies table of
// docs/developing.md to go.mod: every direct dependency is named there with
// its reason.
func TestDevelopingNamesEveryDependency(t *testing.T) {
	doc := string(must(os.ReadFile(filepath.Join(root, "docs", "developing.md"))))
	start := strings.Index(doc, "\n## Dependencies\n")
	if start < 0 {
		t.Fatal("docs/developing.md has no ## Dependencies section")
	}
	section, _, _ := strings.Cut(doc[start+1:], "\n## ")
	mod := string(must(os.ReadFile(filepath.Join(root, "go.mod"))))
	var direct []string
	for _, m := range regexp.MustCompile(`(?m)^\s+(\S+) v\S+\s*$`).FindAllStringSubmatch(mod, -1) {
		direct = append(direct, m[1]) // lines without "// indirect"
	}
	if len(direct) < 5 {
		t.Fatalf("read only %v from go.mod", direct)
	}
	for _, d := range direct {
		if !strings.Contains(section, "`"+d+"`") {
			t.Errorf("go.mod requires %s, which docs/developing.md's Dependencies section does not name with its reason", d)
		}
	}
}
