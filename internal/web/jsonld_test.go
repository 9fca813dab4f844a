package web_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"supple/internal/browsertest"
	"supple/internal/servertest"
)

var ldScriptRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// pageLD is the JSON-LD nodes of a page, in order.
func pageLD(t *testing.T, page string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range ldScriptRE.FindAllStringSubmatch(page, -1) {
		var ld map[string]any
		if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
		}
		out = append(out, ld)
	}
	return out
}

// tsc finds node and the pinned TypeScript compiler and schema-dts.
func tsc(t *testing.T) (node, compiler, root string) {
	t.Helper()
	root = browsertest.Root(t)
	node, err := exec.LookPath("node")
	if err != nil {
		browsertest.Need(t, "node", "apt-get install -y nodejs")
	}
	compiler = filepath.Join(root, "node_modules", "typescript", "bin", "tsc")
	for _, p := range []string{compiler, filepath.Join(root, "node_modules", "schema-dts", "package.json")} {
		if _, err := os.Stat(p); err != nil {
			browsertest.Need(t, p, "npm ci")
		}
	}
	return node, compiler, root
}

// typeCheck writes each node as `const ldN: WithContext<Type> = {...}`
// and runs tsc --noEmit on them with schema-dts; it returns tsc's output
// and whether it passed.
func typeCheck(t *testing.T, nodes map[string]map[string]any) (string, bool) {
	t.Helper()
	node, compiler, root := tsc(t)
	dir := t.TempDir()
	var files []string
	for name, ld := range nodes {
		b, err := json.MarshalIndent(ld, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		typ := fmt.Sprint(ld["@type"])
		src := fmt.Sprintf("import type { WithContext, %s } from \"schema-dts\";\n\nexport const ld: WithContext<%s> = %s;\n", typ, typ, b)
		f := filepath.Join(dir, name+".ts")
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	cfg, _ := json.Marshal(map[string]any{
		"compilerOptions": map[string]any{"strict": true, "noEmit": true, "target": "es2022", "module": "esnext",
			"moduleResolution": "bundler", "types": []string{}, "skipLibCheck": false,
			"baseUrl": root, "paths": map[string]any{"schema-dts": []string{"node_modules/schema-dts"}}},
		"files": files,
	})
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, compiler, "--noEmit", "-p", filepath.Join(dir, "tsconfig.json")).CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("tsc did not run: %v", err)
		}
		return string(out), false
	}
	return string(out), true
}

// The JSON-LD of the home page, an article and an exercise page is typed
// schema.org: it type-checks as schema-dts's WithContext<Type>, which
// refuses a property the type does not have (TS2353).
func TestJSONLDTypeChecks(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	nodes := map[string]map[string]any{}
	for _, tt := range []struct {
		name, path string
		types      string
	}{
		{"home", "/", "WebSite"},
		{"article", servertest.Pillar, "MedicalWebPage,FAQPage"},
		{"exercise", "/exercises/sphinx", "MedicalWebPage"},
	} {
		r := h.Get(nil, tt.path)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", tt.path, r.StatusCode)
		}
		var types []string
		for i, ld := range pageLD(t, r.Body) {
			types = append(types, fmt.Sprint(ld["@type"]))
			nodes[fmt.Sprintf("%s%d", tt.name, i)] = ld
		}
		if got := strings.Join(types, ","); got != tt.types {
			t.Errorf("%s: JSON-LD types %s, want %s", tt.path, got, tt.types)
		}
	}
	if out, ok := typeCheck(t, nodes); !ok {
		t.Fatalf("JSON-LD does not type-check against schema.org (schema-dts):\n%s", out)
	}
	// The check catches what it is for: articleSection is not a
	// property of MedicalWebPage.
	bad := map[string]any{}
	for k, v := range nodes["article0"] {
		bad[k] = v
	}
	bad["articleSection"] = "Exercise and movement"
	out, ok := typeCheck(t, map[string]map[string]any{"bad": bad})
	if ok || !strings.Contains(out, "TS2353") || !strings.Contains(out, "articleSection") {
		t.Errorf("tsc accepted articleSection on a MedicalWebPage:\n%s", out)
	}
}

// The article's BreadcrumbList is the visible breadcrumb trail, link by
// link, on articles and exercise pages.
func TestBreadcrumbListMatchesTrail(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	navRE := regexp.MustCompile(`(?s)<nav class="breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>`)
	itemRE := regexp.MustCompile(`<li>(?:<a href="([^"]*)">([^<]*)</a>|<span aria-current="page">([^<]*)</span>)</li>`)
	for _, path := range []string{servertest.Pillar, "/articles/scoliosis-and-exercise", "/exercises/sphinx", "/exercises/cat-cow"} {
		r := h.Get(nil, path)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		nav := navRE.FindStringSubmatch(r.Body)
		if nav == nil {
			t.Fatalf("%s has no breadcrumb trail", path)
		}
		var visible []string
		for _, m := range itemRE.FindAllStringSubmatch(nav[1], -1) {
			href, name := m[1], m[2]
			if m[3] != "" {
				href, name = path, m[3]
			}
			visible = append(visible, h.TS.URL+strings.ReplaceAll(href, "&amp;", "&")+" "+unescape(name))
		}
		ld := pageLD(t, r.Body)[0]
		bc, _ := ld["breadcrumb"].(map[string]any)
		if bc["@type"] != "BreadcrumbList" {
			t.Fatalf("%s: breadcrumb %v", path, ld["breadcrumb"])
		}
		var inLD []string
		for i, it := range bc["itemListElement"].([]any) {
			li := it.(map[string]any)
			if li["@type"] != "ListItem" || li["position"] != float64(i+1) {
				t.Errorf("%s: item %d is %v", path, i, li)
			}
			inLD = append(inLD, fmt.Sprint(li["item"], " ", li["name"]))
		}
		if strings.Join(visible, "\n") != strings.Join(inLD, "\n") || len(visible) < 3 {
			t.Errorf("%s: visible trail\n%s\nJSON-LD trail\n%s", path, strings.Join(visible, "\n"), strings.Join(inLD, "\n"))
		}
	}
}

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#39;", "'", "&quot;", `"`, "&lt;", "<", "&gt;", ">").Replace(s)
}
