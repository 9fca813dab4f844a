package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// TestFeedbackInboxNamesArticlesByTitle: the inbox links each item with
// the article's title and the section's heading, not their slugs.
func TestFeedbackInboxNamesArticlesByTitle(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	editor := h.SignedIn("inbox@example.org", "editor")
	a, ok := h.Srv.Catalog.Snapshot().Get("exercise-for-back-pain")
	if !ok || len(a.TOC) == 0 {
		t.Fatal("no pillar article with headings")
	}
	sec := a.TOC[0]
	if r := h.JSON(nil, servertest.APIArticle+"/feedback", `{"text":"more pictures please","section":"`+sec.ID+`","stars":2}`); r.StatusCode >= 300 {
		t.Fatalf("feedback: %d", r.StatusCode)
	}
	page := h.Get(editor, "/editor/feedback?status=new").Body
	link := `<a href="/articles/exercise-for-back-pain#` + sec.ID + `">` + html.EscapeString(a.Title) + ` › ` + html.EscapeString(sec.Text) + `</a>`
	if !strings.Contains(page, link) {
		t.Errorf("the inbox does not show %s", link)
	}
	if strings.Contains(page, `">exercise-for-back-pain`) {
		t.Error("the inbox still shows the slug as the link's text")
	}
}

// TestEditorPreviewShowsTheFAQ: the preview of an article shows its
// frequently asked questions, as the published page will.
func TestEditorPreviewShowsTheFAQ(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	editor := h.SignedIn("preview@example.org", "editor")
	token := servertest.CSRF(t, h.Get(editor, "/editor/articles/new").Body)
	src := "---\ntitle: Pool walking\nslug: pool-walking\ncategory: Exercise and movement\ntags: [water]\npublished: 2026-11-20\n" +
		"faq:\n  - q: \"Is cold water a problem?\"\n    a: \"Warm water is **more comfortable** for most people.\"\n---\nWalking in water is kind to the back.\n\n## How to start\n\nTen minutes in warm water.\n"
	r := h.Form(editor, "/editor/articles", url.Values{"csrf": {token}, "source": {src}, "status": {"draft"}, "action": {"preview"}})
	if r.StatusCode != 200 {
		t.Fatalf("preview: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	for _, want := range []string{"Frequently asked questions", "<summary>Is cold water a problem?</summary>", "<strong>more comfortable</strong>"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
}
