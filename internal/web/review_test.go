package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supple/internal/server"
	"supple/internal/servertest"
)

// TestArticleClinicalReview: reviewedBy is published only for a named
// clinician's review; otherwise the page says it has not been clinically
// reviewed, and an editorial check is shown as just that.
func TestArticleClinicalReview(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(slug, review string) {
		src := "---\ntitle: " + slug + "\nslug: " + slug + "\npublished: 2026-11-01\nauthor: supple editorial team\n" + review + "---\nText about backs.\n\n## Sources\n- NICE NG59\n"
		if err := os.WriteFile(filepath.Join(dir, slug+".md"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("reviewed", "reviewed_by: Jane Doe\nreviewer_role: physiotherapist\nreviewed_at: 2026-11-20\nchecked_by: supple editorial team\n")
	write("checked", "checked_by: supple editorial team\n")
	write("team-as-reviewer", "reviewed_by: supple editorial team\n") // refused at import
	h := servertest.New(t, func(c *server.Config) { c.ContentDir = dir })

	reviewedBy := func(page string) map[string]any {
		for _, m := range ldRE.FindAllStringSubmatch(page, -1) {
			var ld map[string]any
			if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
				t.Fatal(err)
			}
			if ld["@type"] == "MedicalWebPage" {
				if r, ok := ld["reviewedBy"].(map[string]any); ok {
					r["lastReviewed"] = ld["lastReviewed"]
					return r
				}
			}
		}
		return nil
	}
	for _, tc := range []struct {
		path      string
		clinician bool
		visible   []string
	}{
		{"/articles/reviewed", true, []string{"Clinically reviewed by Jane Doe, physiotherapist", `datetime="2026-11-20"`, "Editorial check by supple editorial team"}},
		// A short clear status (UX review 3, M6): where the text comes from, and that no clinician has reviewed it.
		{"/articles/checked", false, []string{"<strong>Written from published guidelines; not yet reviewed by a clinician.</strong>", "Editorial check (not a clinical review): supple editorial team."}},
		{"/articles/exercise-for-back-pain", false, []string{"<strong>Written from published guidelines; not yet reviewed by a clinician.</strong>", "Editorial check (not a clinical review): supple editorial team (checked against NICE NG59"}},
	} {
		r := h.Get(nil, tc.path)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		for _, want := range tc.visible {
			if !strings.Contains(r.Body, want) {
				t.Errorf("%s lacks %q", tc.path, want)
			}
		}
		// "Checked by" next to "not yet reviewed by a clinician" read as a
		// contradiction to a new reader.
		if strings.Contains(r.Body, "Checked by") {
			t.Errorf("%s still says \"Checked by\"", tc.path)
		}
		rev := reviewedBy(r.Body)
		switch {
		case tc.clinician && (rev == nil || rev["@type"] != "Person" || rev["name"] != "Jane Doe" || rev["jobTitle"] != "physiotherapist" || rev["lastReviewed"] != "2026-11-20"):
			t.Errorf("%s: reviewedBy %v", tc.path, rev)
		case !tc.clinician && rev != nil:
			t.Errorf("%s: reviewedBy %v without a clinical review", tc.path, rev)
		case tc.clinician && strings.Contains(r.Body, "not yet reviewed by a clinician"):
			t.Errorf("%s: a reviewed article says it is not reviewed", tc.path)
		}
	}
	var api struct {
		ReviewedBy   string  `json:"reviewed_by"`
		ReviewerRole string  `json:"reviewer_role"`
		ReviewedAt   *string `json:"reviewed_at"`
		CheckedBy    string  `json:"checked_by"`
	}
	if err := json.Unmarshal([]byte(h.Get(nil, "/api/v1/articles/reviewed").Body), &api); err != nil || api.ReviewedBy != "Jane Doe" ||
		api.ReviewerRole != "physiotherapist" || api.ReviewedAt == nil || *api.ReviewedAt != "2026-11-20" || api.CheckedBy != "supple editorial team" {
		t.Errorf("API review: %v %+v", err, api)
	}
	if r := h.Get(nil, "/articles/team-as-reviewer"); r.StatusCode != 404 {
		t.Errorf("an article naming a team as its clinical reviewer was imported: %d", r.StatusCode)
	}
}
