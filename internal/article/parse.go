// Package article turns Markdown files with YAML front matter into
// articles (HTML body, table of contents, FAQ, excerpt), imports them,
// keeps the published set in memory and scores related articles.
package article

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"supple/internal/validate"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Limits on what an article may hold.
const (
	MaxTitle       = 200
	MaxDescription = 400
	MaxSource      = 1 << 20
)

// Heading is an entry of the table of contents.
type Heading struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// FAQ is one question and its answer.
type FAQ struct {
	Question   string `json:"question"`
	Answer     string `json:"answer"`      // plain text
	AnswerHTML string `json:"answer_html"` // rendered Markdown
}

// Doc is a parsed article.
type Doc struct {
	Slug         string
	Title        string
	Description  string
	Category     string
	CategorySlug string
	Tags         []string
	Author       string
	// ReviewedBy and ReviewerRole name the clinician who reviewed the
	// text, ReviewedAt when (see Clinician); CheckedBy names an editorial
	// check, which is never published as a clinical review.
	ReviewedBy     string
	ReviewerRole   string
	ReviewedAt     time.Time
	CheckedBy      string
	Published      time.Time
	Updated        time.Time
	Draft          bool
	TOC            []Heading
	FAQ            []FAQ
	BodyHTML       string // safe: raw HTML in the Markdown is dropped
	BodyText       string
	Excerpt        string
	Words          int
	ReadingMinutes int
	Source         []byte
	Hash           string
}

var md = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer))

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidSlug reports whether s can be an article's slug: lower-case
// letters, digits and single dashes, at most 100 bytes. No article has
// any other slug, so a path that names one is not looked up.
func ValidSlug(s string) bool { return len(s) <= 100 && slugRE.MatchString(s) }

// Parse reads one article file. name is used in errors and, when the
// front matter has no slug, to derive one. It holds new text to the
// review rule (checkReview); ParseStored reads text stored before it.
func Parse(name string, src []byte) (*Doc, error) { return parse(name, src, true) }

// ParseStored reads an article as stored. Text saved before the review
// rule may give reviewed_by without reviewer_role: it is read, but not
// as a clinical review (Clinician reports false).
func ParseStored(name string, src []byte) (*Doc, error) { return parse(name, src, false) }

// Clinician reports whether a named clinician reviewed the text: only
// then is the review published (schema.org reviewedBy).
func (d *Doc) Clinician() bool { return d.ReviewedBy != "" && d.ReviewerRole != "" }

// Checker names who checked the text when no clinician has: the
// editorial check, or a reviewed_by stored before the review rule.
func (d *Doc) Checker() string {
	if d.CheckedBy == "" && !d.Clinician() {
		return d.ReviewedBy
	}
	return d.CheckedBy
}

func parse(name string, src []byte, strict bool) (*Doc, error) {
	fail := func(line int, format string, a ...any) error {
		return &ParseError{File: name, Line: line, Reason: fmt.Sprintf(format, a...)}
	}
	if len(src) > MaxSource {
		return nil, fail(0, "file is larger than %d bytes", MaxSource)
	}
	if at, msg := validate.TextProblemAt(string(src), true); msg != "" {
		// The text policy (validate.Text) holds for articles too: text
		// that is not UTF-8 or holds a control character has no place
		// in a page, and PostgreSQL refuses NUL.
		return nil, fail(1+bytes.Count(src[:at], []byte("\n")), "the text %s", msg)
	}
	yml, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		return nil, fail(1, "%v", err)
	}
	fm, node, err := decodeFrontMatter(yml)
	if err != nil {
		le := err.(*lineError)
		return nil, fail(le.line, "%s", le.reason)
	}
	d := &Doc{
		Title:        strings.TrimSpace(fm.Title),
		Description:  strings.TrimSpace(fm.Description),
		Category:     strings.TrimSpace(fm.Category),
		Author:       strings.TrimSpace(fm.Author),
		ReviewedBy:   strings.TrimSpace(fm.ReviewedBy),
		ReviewerRole: strings.TrimSpace(fm.ReviewerRole),
		CheckedBy:    strings.TrimSpace(fm.CheckedBy),
		Draft:        fm.Draft,
		Source:       src,
	}
	if line, reason := checkReview(fm, node); strict && reason != "" {
		return nil, fail(line, "%s", reason)
	}
	switch {
	case d.Title == "":
		return nil, fail(keyLine(node, "title"), "title is missing: add a line like `title: Exercise for back pain`")
	case utf8.RuneCountInString(d.Title) > MaxTitle:
		return nil, fail(keyLine(node, "title"), "title is longer than %d characters", MaxTitle)
	case utf8.RuneCountInString(d.Description) > MaxDescription:
		return nil, fail(keyLine(node, "description"), "description is longer than %d characters", MaxDescription)
	}
	d.Slug = strings.TrimSpace(fm.Slug)
	if d.Slug == "" {
		d.Slug = Slugify(strings.TrimSuffix(baseName(name), ".md"))
	}
	if !ValidSlug(d.Slug) {
		return nil, fail(keyLine(node, "slug"), "slug %q must be lower-case letters, digits and single dashes (at most 100)", d.Slug)
	}
	if d.Category == "" {
		d.Category = "General"
	}
	d.CategorySlug = Slugify(d.Category)
	if d.CategorySlug == "" {
		return nil, fail(keyLine(node, "category"), "category %q needs at least one letter or digit", d.Category)
	}
	seen := map[string]bool{}
	for _, t := range fm.Tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !seen[t] {
			seen[t] = true
			d.Tags = append(d.Tags, t)
		}
	}
	if strings.TrimSpace(fm.Published) == "" {
		return nil, fail(keyLine(node, "published"), "published date is missing: add a line like `published: 2026-11-23`")
	}
	if d.Published, err = parseDate(fm.Published); err != nil {
		return nil, fail(keyLine(node, "published"), "published: %v", err)
	}
	d.Updated = d.Published
	if fm.Updated != "" {
		if d.Updated, err = parseDate(fm.Updated); err != nil {
			return nil, fail(keyLine(node, "updated"), "updated: %v", err)
		}
		if d.Updated.Before(d.Published) {
			return nil, fail(keyLine(node, "updated"), "updated (%s) is before published (%s)", fm.Updated, fm.Published)
		}
	}
	if fm.ReviewedAt != "" {
		if d.ReviewedAt, err = parseDate(fm.ReviewedAt); err != nil {
			return nil, fail(keyLine(node, "reviewed_at"), "reviewed_at: %v", err)
		}
	}
	for i, f := range fm.FAQ {
		q, a := strings.TrimSpace(f.Q+f.Question), strings.TrimSpace(f.A+f.Answer)
		if q == "" || a == "" {
			return nil, fail(keyLine(node, "faq"), "faq item %d needs both a question (q) and an answer (a)", i+1)
		}
		html, err := renderInline(a)
		if err != nil {
			return nil, fail(keyLine(node, "faq"), "faq item %d: %v", i+1, err)
		}
		d.FAQ = append(d.FAQ, FAQ{Question: q, Answer: plainText([]byte(a)), AnswerHTML: html})
	}
	if err := d.renderBody(body); err != nil {
		var le *lineError
		if errors.As(err, &le) {
			return nil, fail(bodyLine+le.line-1, "%s", le.reason)
		}
		return nil, fail(bodyLine, "body: %v", err)
	}
	if d.Description == "" {
		d.Description = truncate(d.Excerpt, 160)
	}
	sum := sha256.Sum256(src)
	d.Hash = hex.EncodeToString(sum[:])
	return d, nil
}

// emptyH1 is a level-1 ATX heading with no text ("#", "# ", "# #").
var emptyH1 = regexp.MustCompile(`^ {0,3}#(?:[ \t]+#*)?[ \t]*$`)

// headingLine is the line of a level-1 heading in body. An empty heading
// has no text segment, so it is found by its shape.
func headingLine(h *ast.Heading, body []byte) int {
	if h.Lines().Len() > 0 {
		return 1 + bytes.Count(body[:h.Lines().At(0).Start], []byte("\n"))
	}
	for i, l := range strings.Split(string(body), "\n") {
		if emptyH1.MatchString(strings.TrimRight(l, "\r")) {
			return i + 1
		}
	}
	return 1
}

// renderBody renders the Markdown, giving headings stable ids, building
// the table of contents and lifting a "Frequently asked questions"
// section out of the body into the FAQ.
func (d *Doc) renderBody(body []byte) error {
	doc := md.Parser().Parse(text.NewReader(body))
	ids := map[string]int{}
	var faqNodes []ast.Node
	inFAQ := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if ok && h.Level <= 2 {
			inFAQ = isFAQHeading(nodeText(h, body))
		}
		if inFAQ {
			faqNodes = append(faqNodes, n)
		}
	}
	for _, n := range faqNodes {
		doc.RemoveChild(doc, n)
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			line := headingLine(h, body)
			return &lineError{line, fmt.Sprintf("the body has a level-1 heading (# %s): the title is the page's heading, so start sections with ##", nodeText(h, body))}
		}
	}
	if err := d.collectFAQ(faqNodes, body); err != nil {
		return err
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		txt := nodeText(h, body)
		id := Slugify(txt)
		if id == "" {
			id = "section"
		}
		if c := ids[id]; c > 0 {
			ids[id] = c + 1
			id = fmt.Sprintf("%s-%d", id, c+1)
		} else {
			ids[id] = 1
		}
		h.SetAttributeString("id", []byte(id))
		if h.Level == 2 || h.Level == 3 {
			d.TOC = append(d.TOC, Heading{Level: h.Level, ID: id, Text: txt})
		}
		return ast.WalkSkipChildren, nil
	})
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, body, doc); err != nil {
		return err
	}
	d.BodyHTML = buf.String()
	d.BodyText = readingText(doc, body)
	d.Words = len(strings.Fields(d.BodyText))
	d.ReadingMinutes = max(1, (d.Words+199)/200)
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if p, ok := n.(*ast.Paragraph); ok {
			d.Excerpt = truncate(nodeText(p, body), 220)
			break
		}
	}
	return nil
}

// readingText is the body's text without its list of sources, so that
// search and related articles match what the article says, not what its
// bibliography names.
func readingText(doc ast.Node, src []byte) string {
	var parts []string
	skip := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			t := strings.ToLower(nodeText(h, src))
			skip = t == "sources" || t == "references" || t == "further reading"
		}
		if !skip {
			if t := blockText(n, src); t != "" {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, "\n")
}

func isFAQHeading(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "frequently asked questions" || s == "faq" || s == "faqs"
}

// collectFAQ reads "### question" headings and the blocks after each.
func (d *Doc) collectFAQ(nodes []ast.Node, src []byte) error {
	var cur *FAQ
	var ans bytes.Buffer
	var plain []string
	flush := func() {
		if cur != nil && ans.Len() > 0 {
			cur.AnswerHTML = strings.TrimSpace(ans.String())
			cur.Answer = strings.Join(plain, " ")
			d.FAQ = append(d.FAQ, *cur)
		}
		cur, plain = nil, nil
		ans.Reset()
	}
	for _, n := range nodes {
		if h, ok := n.(*ast.Heading); ok {
			if h.Level > 2 {
				flush()
				cur = &FAQ{Question: nodeText(h, src)}
			}
			continue
		}
		if cur == nil {
			continue
		}
		if err := md.Renderer().Render(&ans, src, n); err != nil {
			return err
		}
		plain = append(plain, blockText(n, src))
	}
	flush()
	return nil
}

func renderInline(s string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(s), &buf); err != nil {
		return "", err
	}
	return strings.TrimSpace(buf.String()), nil
}

// nodeText is the plain text inside an inline container.
func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// The typographer leaves entities such as &rsquo; here.
			b.WriteString(html.UnescapeString(string(t.Value)))
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// blockText is the plain text of a block tree, one block per line.
func blockText(n ast.Node, src []byte) string {
	var parts []string
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c.(type) {
		case *ast.Heading, *ast.Paragraph, *ast.TextBlock:
			if t := nodeText(c, src); t != "" {
				parts = append(parts, t)
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(parts, "\n")
}

func plainText(src []byte) string {
	doc := md.Parser().Parse(text.NewReader(src))
	return strings.ReplaceAll(blockText(doc, src), "\n", " ")
}

// Slugify makes a URL-safe id: lower-case ASCII letters and digits with
// single dashes.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	return b.String()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := strings.LastIndexFunc(string(r), unicode.IsSpace)
	if cut > n/2 {
		return strings.TrimRight(string(r)[:cut], ",.;:") + "…"
	}
	return string(r) + "…"
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// Section is a level-2 heading with the level-3 headings under it.
type Section struct {
	Heading
	Sub []Heading
}

// Outline nests the table of contents: each h3 under the h2 before it.
func (d *Doc) Outline() []Section {
	var out []Section
	for _, h := range d.TOC {
		if h.Level == 3 && len(out) > 0 {
			out[len(out)-1].Sub = append(out[len(out)-1].Sub, h)
			continue
		}
		out = append(out, Section{Heading: h})
	}
	return out
}
