package web_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	"github.com/tdewolff/parse/v2/js"
	"supple/internal/servertest"
)

// cssClasses parses a stylesheet (failing on a syntax error) and returns
// every class its selectors name.
func cssClasses(t *testing.T, name, sheet string) map[string]bool {
	t.Helper()
	p := css.NewParser(parse.NewInputString(sheet), false)
	classes := map[string]bool{}
	rules := 0
	for {
		gt, _, _ := p.Next()
		if gt == css.ErrorGrammar {
			if err := p.Err(); !errors.Is(err, io.EOF) {
				t.Fatalf("%s does not parse: %v", name, err)
			}
			break
		}
		if gt != css.BeginRulesetGrammar && gt != css.QualifiedRuleGrammar {
			continue
		}
		rules++
		vals := p.Values()
		for i := 0; i+1 < len(vals); i++ {
			if vals[i].TokenType == css.DelimToken && string(vals[i].Data) == "." && vals[i+1].TokenType == css.IdentToken {
				classes[string(vals[i+1].Data)] = true
			}
		}
	}
	if rules == 0 {
		t.Fatalf("%s has no rules", name)
	}
	return classes
}

var (
	classAttrRE = regexp.MustCompile(`\sclass="([^"]*)"`)
	sheetRE     = regexp.MustCompile(`<link rel="stylesheet" href="(/static/[^"]+)"`)
	scriptRE    = regexp.MustCompile(`<script src="(/static/[^"]+)"`)
	jsClassRE   = regexp.MustCompile(`(?:className = |classList\.(?:add|remove|toggle|contains)\()"([\w-]+)"`)
)

// Every class a page uses (in its HTML or added by its scripts) has a rule
// in the stylesheets that page loads, unless no sheet styles it at all (a
// hook for scripts and tests). The minified CSS and JavaScript parse.
func TestEveryClassHasItsRule(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org")
	member := ann.Client
	editor := h.SignedIn("ed@example.org", "admin")
	clinician, patient := linkedClinician(t, h, ann)
	planURL := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	pages := []struct {
		c    *http.Client
		path string
	}{
		{nil, "/"}, {nil, "/articles/"}, {nil, "/articles/exercise-for-back-pain"}, {nil, "/articles/exercise-for-back-pain?rated=1"},
		{nil, "/search?q=walking"}, {nil, "/search?q=zzzxqy"}, {nil, "/no-such-page"}, {nil, "/start"}, {nil, "/exercises/"},
		{nil, "/exercises/cobra"}, {nil, "/exercises/sit-up"}, {nil, planURL}, {nil, "/login"}, {nil, "/signup"},
		{member, "/me/today"}, {member, "/me/plan"}, {member, "/me/progress"}, {member, "/me/summary"}, {member, "/me/settings"},
		{member, "/me/checkin"}, {member, "/me/activity"}, {member, "/me/rescreen"},
		{editor, "/editor/"}, {editor, "/editor/feedback"}, {editor, "/editor/articles/"},
		{editor, "/editor/articles/exercise-for-back-pain"}, {editor, "/editor/audit"},
		{member, "/me/clinicians"}, {clinician, "/clinic/"}, {clinician, "/clinic/invites"}, {clinician, patient}, {clinician, patient + "/report"},
	}
	sheets := map[string]map[string]bool{} // URL -> classes
	styled := map[string]bool{}            // classes any sheet styles
	for _, name := range []string{"base.css", "articles.css", "coach.css", "editor.css", "progress.css", "clinic.css"} {
		r := h.Get(nil, "/static/"+name)
		if r.StatusCode != 200 {
			t.Fatalf("/static/%s: %d", name, r.StatusCode)
		}
		for c := range cssClasses(t, name, r.Body) {
			styled[c] = true
		}
	}
	scripts := map[string][]string{} // URL -> classes the script adds
	checked := 0
	for _, p := range pages {
		r := h.Get(p.c, p.path)
		if r.StatusCode >= 500 {
			t.Fatalf("%s: %d", p.path, r.StatusCode)
		}
		loaded := map[string]bool{}
		for _, m := range sheetRE.FindAllStringSubmatch(r.Body, -1) {
			if sheets[m[1]] == nil {
				sheets[m[1]] = cssClasses(t, m[1], h.Get(nil, m[1]).Body)
			}
			for c := range sheets[m[1]] {
				loaded[c] = true
			}
		}
		used := map[string]bool{}
		for _, m := range classAttrRE.FindAllStringSubmatch(r.Body, -1) {
			for _, c := range strings.Fields(m[1]) {
				used[c] = true
			}
		}
		for _, m := range scriptRE.FindAllStringSubmatch(r.Body, -1) {
			if _, ok := scripts[m[1]]; !ok {
				src := h.Get(nil, m[1]).Body
				if _, err := js.Parse(parse.NewInputString(src), js.Options{}); err != nil {
					t.Fatalf("%s does not parse: %v", m[1], err)
				}
				scripts[m[1]] = []string{}
				for _, cm := range jsClassRE.FindAllStringSubmatch(src, -1) {
					scripts[m[1]] = append(scripts[m[1]], cm[1])
				}
			}
			for _, c := range scripts[m[1]] {
				used[c] = true
			}
		}
		var missing []string
		for c := range used {
			checked++
			if styled[c] && !loaded[c] {
				missing = append(missing, c)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s uses classes styled only in sheets it does not load: %v", p.path, missing)
		}
	}
	if checked < 200 {
		t.Errorf("only %d class uses checked: the pages did not render?", checked)
	}
	if len(scripts) < 2 {
		t.Errorf("scripts checked: %v", scripts)
	}
}

// The minified scripts also pass Node's own parser when Node is there (it
// always is in CI, which installs the npm tools).
func TestMinifiedScriptsPassNode(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed")
		}
		t.Skip("node is not installed")
	}
	h := servertest.New(t)
	dir := t.TempDir()
	for _, name := range []string{"app.js", "session.js"} {
		r := h.Get(nil, "/static/"+name)
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(r.Body), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", f).CombinedOutput(); err != nil {
			t.Errorf("node --check %s: %v\n%s", name, err, out)
		}
	}
}
