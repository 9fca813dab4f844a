package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supple/internal/storetest"
)

// runCLI runs supple in-process with the given environment and input.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, env, "", args...)
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := run(t, nil, "-h")
	if code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "import") || !strings.Contains(out, "ratings") {
		t.Errorf("-h: %d %q", code, out)
	}
	code, out, _ = run(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "supple ") {
		t.Errorf("version: %d %q", code, out)
	}
	for _, cmd := range []string{"serve", "import", "ratings", "feedback", "migrate", "version", "plan", "exercises", "backup", "copy-db"} {
		code, out, _ := run(t, nil, cmd, "-h")
		if code != 0 || !strings.Contains(out, "Usage: supple "+cmd) {
			t.Errorf("%s -h: %d %q", cmd, code, out)
		}
	}
}

func TestBadUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{[]string{"serve", "-nope"}, nil, "flag provided but not defined"},
		{[]string{"serve", "-base-url", "ftp://x"}, nil, "-base-url"},
		{[]string{"serve", "-follow", "Mastodon"}, nil, "Name=https://"},
		{[]string{"serve", "-log-format", "xml"}, nil, "-log-format"},
		{[]string{"serve", "-memory-limit", "-1"}, nil, "-memory-limit must be 0"},
		{[]string{"serve", "-gc-percent", "0"}, nil, "-gc-percent must be 1 or more"},
		{[]string{"serve"}, map[string]string{"SUPPLE_GC_PERCENT": "x"}, `SUPPLE_GC_PERCENT="x" is not a valid value for -gc-percent`},
		{[]string{"serve"}, map[string]string{"SUPPLE_MEMORY_LIMIT": "lots"}, `SUPPLE_MEMORY_LIMIT="lots" is not a valid value for -memory-limit`},
		{[]string{"serve"}, map[string]string{"SUPPLE_VOTE_LIMIT": "many"}, `SUPPLE_VOTE_LIMIT="many" is not a valid value for -vote-limit`},
		{[]string{"import"}, nil, "exactly one folder"},
		{[]string{"import", filepath.Join(dir, "missing")}, nil, "is not a folder"},
		{[]string{"ratings", "-data", dir, "-format", "xml"}, nil, "-format"},
		{[]string{"feedback", "-data", dir, "-article", "nope"}, nil, "no supple database in"},
		{[]string{"ratings", "-data", filepath.Join(dir, "typo")}, nil, "no supple database in"},
		{[]string{"serve", "-addr", "nonsense"}, nil, `-addr "nonsense"`},
		{[]string{"serve", "-emergency-number", "call-911"}, nil, `-emergency-number "call-911": use 2 to 8 digits`},
		{[]string{"serve", "-emergency-number", ""}, nil, `-emergency-number "": use 2 to 8 digits`},
		{[]string{"serve", "-emergency-number", "+44999"}, nil, `-emergency-number "+44999"`},
		{[]string{"serve", "-country", "FR"}, nil, `-country "FR": use one of AU, CA, GB, IE, NZ, US`},
		{[]string{"serve", "-country", "United Kingdom"}, nil, `-country "United Kingdom"`},
		{[]string{"serve"}, map[string]string{"SUPPLE_EMERGENCY_NUMBER": "nine"}, `-emergency-number "nine"`},
		{[]string{"serve"}, map[string]string{"SUPPLE_COUNTRY": "XX"}, `-country "XX"`},
		{[]string{"serve", "-anonymous-plan-days", "-1"}, nil, "-anonymous-plan-days -1"},
		{[]string{"serve"}, map[string]string{"SUPPLE_ANONYMOUS_PLAN_DAYS": "ninety"}, `SUPPLE_ANONYMOUS_PLAN_DAYS="ninety" is not a valid value for -anonymous-plan-days`},
		{[]string{"serve", "-drain", "2m"}, nil, "-drain 2m0s"},
		{[]string{"serve", "-drain", "soon"}, nil, "invalid value"},
		{[]string{"migrate", "-data", dir, "sideways"}, nil, "unknown migrate action"},
		{[]string{"serve", "-smtp-url", "http://mail.example", "-mail-from", "a@b.example"}, nil, `-smtp-url "http://mail.example": the scheme must be smtp:// or smtps://`},
		{[]string{"serve", "-smtp-url", "smtp://", "-mail-from", "a@b.example"}, nil, `-smtp-url "smtp:": no host`},
		{[]string{"serve", "-smtp-url", "smtp://user:hunter2%zz@mail.example", "-mail-from", "a@b.example"}, nil, "-smtp-url (not a URL)"},
		{[]string{"serve", "-smtp-url", "smtp://user:hunter2@mail.example/x", "-mail-from", "a@b.example"}, nil, `-smtp-url "smtp://user:xxxxx@mail.example/x": give only`},
		{[]string{"serve", "-smtp-url", "smtp://mail.example"}, nil, "-mail-from is needed with -smtp-url"},
		{[]string{"serve", "-smtp-url", "smtp://mail.example", "-mail-from", "Back <a@b.example>"}, nil, "-mail-from"},
		{[]string{"serve", "-verify-email"}, nil, "-verify-email needs -smtp-url"},
		{[]string{"serve", "-signup-limit", "-1"}, nil, "-signup-limit"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.env, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "hunter2") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q (and no password)", tt.args, code, errOut, tt.want)
		}
	}
}

func TestImportRatingsFeedback(t *testing.T) {
	data := t.TempDir()
	src := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.md", "---\ntitle: Good\nslug: good\npublished: 2026-01-01\n---\n## One\nText.\n")
	write("bad.md", "---\ntitle: Bad\npublished: someday\n---\n")
	code, out, errOut := run(t, nil, "import", "-data", data, "-progress", "never", src)
	if code != 1 || !strings.Contains(out, "imported 1 new, 0 updated, 0 unchanged, 1 failed") ||
		!strings.Contains(errOut, "bad.md:3: published:") || !strings.Contains(errOut, "1 file could not be imported") {
		t.Fatalf("import: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	write("bad.md", "---\ntitle: Bad no more\npublished: 2026-01-02\n---\nFixed.\n")
	code, out, _ = run(t, map[string]string{"SUPPLE_DATA": data}, "import", "-progress", "always", src)
	if code != 0 || !strings.Contains(out, "imported 1 new, 0 updated, 1 unchanged, 0 failed") {
		t.Fatalf("second import: %d %q", code, out)
	}
	code, out, _ = run(t, nil, "ratings", "-data", data, "-format", "json")
	var rep struct {
		Articles []struct {
			Slug         string
			Count        int
			Distribution []int
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || len(rep.Articles) != 2 || len(rep.Articles[0].Distribution) != 5 {
		t.Fatalf("ratings json: %d %v %q", code, err, out)
	}
	code, out, _ = run(t, nil, "ratings", "-data", data)
	if code != 0 || !strings.Contains(out, "ARTICLE") || !strings.Contains(out, "good") {
		t.Errorf("ratings text: %q", out)
	}
	if code, _, errOut := run(t, nil, "feedback", "-data", data, "-article", "nope"); code != 2 || !strings.Contains(errOut, `no article has the slug "nope"`) {
		t.Errorf("unknown slug: %d %q", code, errOut)
	}
	code, out, _ = run(t, nil, "feedback", "-data", data, "-article", "good")
	if code != 0 || !strings.Contains(out, "No feedback yet.") {
		t.Errorf("feedback: %d %q", code, out)
	}
	code, out, _ = run(t, nil, "feedback", "-data", data, "-format", "json")
	if code != 0 || strings.TrimSpace(out) != "{\n  \"feedback\": []\n}" {
		t.Errorf("feedback json: %q", out)
	}
	code, out, _ = run(t, nil, "migrate", "-data", data, "status")
	if code != 0 || !strings.Contains(out, "applied") {
		t.Errorf("migrate status: %q", out)
	}
}

func TestBackupAndCopyDB(t *testing.T) {
	data := t.TempDir()
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "a.md"), []byte("---\ntitle: A\npublished: 2026-01-01\n---\nText about walking.\n"), 0o644)
	if code, _, errOut := run(t, nil, "import", "-data", data, "-progress", "never", src); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "b.db")
	code, stdout, errOut := run(t, nil, "backup", "-data", data, out)
	if code != 0 || !strings.Contains(stdout, "backed up to") {
		t.Fatalf("backup: %d %q %q", code, stdout, errOut)
	}
	if code, _, errOut := run(t, nil, "backup", "-data", data, out); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("backup over a file: %d %q", code, errOut)
	}
	restored := t.TempDir()
	b, _ := os.ReadFile(out)
	os.WriteFile(filepath.Join(restored, "supple.db"), b, 0o600)
	if code, stdout, _ := run(t, nil, "ratings", "-data", restored, "-format", "json"); code != 0 || !strings.Contains(stdout, `"slug": "a"`) {
		t.Errorf("restored backup: %d %q", code, stdout)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"copy-db", "-from", data, "-to", "postgres://x/y"}, "give sqlite:PATH"},
		{[]string{"copy-db", "-from", "sqlite:" + data, "-to", "mysql://x"}, "give a postgres:// URL"},
		{[]string{"copy-db", "-from", "sqlite:/no/such/dir", "-to", "postgres://x/y"}, "no SQLite database"},
		{[]string{"backup", "-data", data}, "needs the file"},
	} {
		if code, _, errOut := run(t, nil, tt.args...); code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %q", tt.args, code, errOut)
		}
	}
	t.Run("copy-db to PostgreSQL", func(t *testing.T) {
		storetest.NeedPostgres(t, "copy-db")
		url := storetest.URL(t)
		code, stdout, errOut := run(t, nil, "copy-db", "-from", "sqlite:"+data, "-to", url)
		if code != 0 || !strings.Contains(stdout, "copy complete") || !strings.Contains(stdout, "articles                 1 rows") {
			t.Fatalf("copy-db: %d %q %q", code, stdout, errOut)
		}
		if code, _, errOut := run(t, nil, "copy-db", "-from", "sqlite:"+data, "-to", url); code != 2 || !strings.Contains(errOut, "not empty") {
			t.Errorf("copy into a filled database: %d %q", code, errOut)
		}
		if code, stdout, _ := run(t, map[string]string{"SUPPLE_DATABASE_URL": url}, "ratings", "-format", "json"); code != 0 || !strings.Contains(stdout, `"slug": "a"`) {
			t.Errorf("ratings on the copy: %d %q", code, stdout)
		}
	})
}
