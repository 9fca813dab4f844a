package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"supple/internal/servertest"
	"supple/internal/store"
)

func TestEditorDeskAccessAndInbox(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	member := h.SignedIn("m@example.org", "member")
	editor := h.SignedIn("e@example.org", "editor")
	admin := h.SignedIn("a@example.org", "admin")
	for _, tt := range []struct {
		path                        string
		anon, member, editor, admin int
	}{
		{"/editor/", 303, 403, 200, 200},
		{"/editor/feedback", 303, 403, 200, 200},
		{"/editor/audit", 303, 403, 403, 200},
	} {
		for _, c := range []struct {
			who    string
			client *http.Client
			want   int
		}{{"anonymous", nil, tt.anon}, {"member", member, tt.member}, {"editor", editor, tt.editor}, {"admin", admin, tt.admin}} {
			if r := h.Get(c.client, tt.path); r.StatusCode != c.want {
				t.Errorf("%s as %s: %d, want %d", tt.path, c.who, r.StatusCode, c.want)
			}
		}
	}
	// A reader's feedback, with HTML, reaches the inbox as text.
	xss := `<script>alert("x")</script> please add pictures`
	h.JSON(nil, servertest.APIArticle+"/feedback", `{"text":"`+strings.ReplaceAll(xss, `"`, `\"`)+`","section":"gentle-stretches","stars":2}`)
	page := h.Get(editor, "/editor/feedback?status=new").Body
	if strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; please add pictures") {
		t.Error("feedback is not shown as inert text in the inbox")
	}
	items, _ := h.Srv.DB.ListFeedback(context.Background(), storeFilter("new"))
	if len(items) != 1 {
		t.Fatalf("inbox items: %d", len(items))
	}
	token := servertest.CSRF(t, page)
	path := "/editor/feedback/" + itoa(items[0].ID)
	if r := h.Form(member, path, url.Values{"status": {"resolved"}, "csrf": {servertest.CSRF(t, h.Get(member, "/me/settings").Body)}}); r.StatusCode != 403 {
		t.Errorf("a member resolving feedback: %d", r.StatusCode)
	}
	if r := h.Form(editor, path, url.Values{"status": {"gone"}, "csrf": {token}}); r.StatusCode != 400 {
		t.Errorf("unknown status: %d", r.StatusCode)
	}
	if r := h.Form(editor, "/editor/feedback/999999", url.Values{"status": {"read"}, "csrf": {token}}); r.StatusCode != 404 {
		t.Errorf("unknown feedback: %d", r.StatusCode)
	}
	if r := h.Form(editor, path, url.Values{"status": {"resolved"}, "csrf": {token}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d", r.StatusCode)
	}
	if n, _ := h.Srv.DB.ListFeedback(context.Background(), storeFilter("resolved")); len(n) != 1 {
		t.Error("feedback not resolved")
	}
	if page := h.Get(admin, "/editor/audit").Body; !strings.Contains(page, "e@example.org") || !strings.Contains(page, "feedback.resolved") {
		t.Error("the audit log lacks the editor's action")
	}
	if page := h.Get(editor, "/editor/").Body; !strings.Contains(page, "Votes in the last 8 weeks") {
		t.Error("ratings dashboard")
	}
}

func storeFilter(status string) store.FeedbackFilter { return store.FeedbackFilter{Status: status} }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestEditorWritesPublishesAndRestoresArticles(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	editor := h.SignedIn("e@example.org", "editor")
	token := servertest.CSRF(t, h.Get(editor, "/editor/articles/new").Body)
	src := "---\ntitle: Pool walking\nslug: pool-walking\ncategory: Exercise and movement\ntags: [water]\npublished: 2026-11-20\n---\nWalking in water is kind to the back.\n\n## How to start\n\nTen minutes in warm water.\n"
	editing := "" // the edit page sends the slug it edits; the new page none
	save := func(source, status, action string) servertest.Response {
		return h.Form(editor, "/editor/articles", url.Values{"csrf": {token}, "slug": {editing}, "source": {source}, "status": {status}, "action": {action}})
	}
	// A broken file is refused with its line, and the text is kept.
	r := save(strings.Replace(src, "published: 2026-11-20", "published: soon", 1), "draft", "save")
	if r.StatusCode != 422 || !strings.Contains(r.Body, "Line 6") || !strings.Contains(r.Body, "Walking in water is kind to the back.") {
		t.Fatalf("bad front matter: %d %s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if r := save(src, "draft", "preview"); r.StatusCode != 200 || !strings.Contains(r.Body, `<h2 id="how-to-start">How to start</h2>`) {
		t.Errorf("preview: %d", r.StatusCode)
	}
	if r := save(src, "draft", "save"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/editor/articles/pool-walking?saved=1" {
		t.Fatalf("save draft: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := h.Get(nil, "/articles/pool-walking"); r.StatusCode != 404 {
		t.Errorf("a draft is public: %d", r.StatusCode)
	}
	editing = "pool-walking"
	r = save(strings.Replace(src, "Ten minutes", "Fifteen minutes", 1), "published", "save")
	if r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "saved=2") {
		t.Fatalf("publish: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	// Publishing updates the page, feed, sitemap and search at once.
	if r := h.Get(nil, "/articles/pool-walking"); r.StatusCode != 200 || !strings.Contains(r.Body, "Fifteen minutes") {
		t.Errorf("published page: %d", r.StatusCode)
	}
	for _, path := range []string{"/feed.atom", "/sitemap.xml", "/search?q=pool"} {
		if !strings.Contains(h.Get(nil, path).Body, "pool-walking") {
			t.Errorf("%s lacks the new article", path)
		}
	}
	diff := h.Get(editor, "/editor/articles/pool-walking/revisions/2").Body
	if !strings.Contains(diff, "<del>− Ten minutes in warm water.</del>") || !strings.Contains(diff, "<ins>+ Fifteen minutes in warm water.</ins>") {
		t.Error("the diff does not show the change")
	}
	r = h.Form(editor, "/editor/articles/pool-walking/revisions/1/restore", url.Values{"csrf": {token}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "saved=3") {
		t.Fatalf("restore: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := h.Get(nil, "/articles/pool-walking"); !strings.Contains(r.Body, "Ten minutes") {
		t.Error("the restored text is not live")
	}
	admin := h.SignedIn("a@example.org", "admin")
	audit := h.Get(admin, "/editor/audit").Body
	for _, want := range []string{"article.created (draft)", "article.updated (published)", "article.restore revision 1"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %q", want)
		}
	}
	member := h.SignedIn("m@example.org", "member")
	if r := h.Form(member, "/editor/articles", url.Values{"csrf": {servertest.CSRF(t, h.Get(member, "/me/settings").Body)}, "source": {src}}); r.StatusCode != 403 {
		t.Errorf("a member saving an article: %d", r.StatusCode)
	}
}

// Fixes from a review: a new article cannot take an existing slug, a
// status-only change publishes or unpublishes, and sign-up works even when
// the network's login limit is used up.
func TestEditorAndSignupEdgeCases(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	editor := h.SignedIn("e@example.org", "editor")
	token := servertest.CSRF(t, h.Get(editor, "/editor/articles/new").Body)
	taken := "---\ntitle: Imposter\nslug: exercise-for-back-pain\npublished: 2026-11-20\n---\nText.\n"
	r := h.Form(editor, "/editor/articles", url.Values{"csrf": {token}, "source": {taken}, "status": {"draft"}, "action": {"save"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "belongs to another article") || !strings.Contains(r.Body, "Imposter") {
		t.Errorf("new article on a taken slug: %d", r.StatusCode)
	}
	if h.Get(nil, servertest.Pillar).StatusCode != 200 {
		t.Fatal("the servertest.Pillar article was replaced")
	}
	a, _ := h.Srv.DB.ArticleSource(context.Background(), "exercise-for-back-pain")
	r = h.Form(editor, "/editor/articles", url.Values{"csrf": {token}, "slug": {a.Slug}, "source": {a.Source}, "status": {"draft"}, "action": {"save"}})
	if r.StatusCode != http.StatusSeeOther || h.Get(nil, servertest.Pillar).StatusCode != 404 {
		t.Errorf("unpublishing with the same text: %d, page %d", r.StatusCode, h.Get(nil, servertest.Pillar).StatusCode)
	}
	h.Form(editor, "/editor/articles", url.Values{"csrf": {token}, "slug": {a.Slug}, "source": {a.Source}, "status": {"published"}, "action": {"save"}})
	if h.Get(nil, servertest.Pillar).StatusCode != 200 {
		t.Error("republishing with the same text did not bring the page back")
	}
	for range 21 {
		h.Form(nil, "/login", url.Values{"email": {"x@example.org"}, "password": {"wrong password!"}})
	}
	c := h.Client()
	r = h.Form(c, "/signup", url.Values{"email": {"new@example.org"}, "password": {"a long enough secret"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-up while the network's login limit is used up: %d", r.StatusCode)
	}
	if h.Get(c, "/me/settings").StatusCode != 200 {
		t.Error("not signed in after sign-up")
	}
	// A bearer token does not open the website.
	u, _ := h.Srv.Accounts.ByEmail(context.Background(), "new@example.org")
	_, apiToken, _ := h.Srv.Accounts.CreateToken(context.Background(), u, "t")
	if r := h.Do(nil, "GET", "/me/settings", "", "", "Authorization", "Bearer "+apiToken); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a bearer token on a web page: %d, want a redirect to log in", r.StatusCode)
	}
	if err := h.Srv.Accounts.LogoutEverywhere(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	if r := h.Do(nil, "GET", "/api/v1/articles", "", "", "Authorization", "Bearer "+apiToken); r.StatusCode != 401 {
		t.Errorf("a token after log out everywhere: %d", r.StatusCode)
	}
}
