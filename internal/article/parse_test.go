package article

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const good = `---
title: "Walking for back pain"
slug: walking-for-back-pain
description: Why walking helps.
category: Exercise and movement
tags: [Walking, cardio, walking]
published: 2026-10-05
updated: 2026-11-16
author: supple editorial team
reviewed_by: Jane Doe
reviewer_role: physiotherapist
reviewed_at: 2026-11-14
faq:
  - q: How far should I walk?
    a: Start with **10 minutes**.
---
Walking is gentle.

## Why walking helps
It keeps you moving.

### Start small
Ten minutes.

## Why walking helps
A second heading with the same text.

<script>alert(1)</script>

[bad](javascript:alert(1))

## Frequently asked questions

### Is it safe?
Usually, yes.

More text.

### Can I run?
Later, perhaps.

## Sources
- NICE NG59
`

func TestParseGood(t *testing.T) {
	d, err := Parse("walking.md", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if d.Slug != "walking-for-back-pain" || d.Title != "Walking for back pain" || d.CategorySlug != "exercise-and-movement" {
		t.Errorf("metadata: %+v", d)
	}
	if got := strings.Join(d.Tags, ","); got != "walking,cardio" {
		t.Errorf("tags = %q, want lower-cased and deduplicated", got)
	}
	if !d.Published.Equal(time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)) || !d.Updated.After(d.Published) || d.ReviewedAt.IsZero() {
		t.Errorf("dates: %v %v %v", d.Published, d.Updated, d.ReviewedAt)
	}
	wantTOC := []Heading{{2, "why-walking-helps", "Why walking helps"}, {3, "start-small", "Start small"},
		{2, "why-walking-helps-2", "Why walking helps"}, {2, "sources", "Sources"}}
	if len(d.TOC) != len(wantTOC) {
		t.Fatalf("toc = %+v", d.TOC)
	}
	for i := range wantTOC {
		if d.TOC[i] != wantTOC[i] {
			t.Errorf("toc[%d] = %+v, want %+v", i, d.TOC[i], wantTOC[i])
		}
	}
	if len(d.FAQ) != 3 {
		t.Fatalf("faq = %+v, want 1 from front matter and 2 from the body", d.FAQ)
	}
	if d.FAQ[0].AnswerHTML != "<p>Start with <strong>10 minutes</strong>.</p>" || d.FAQ[0].Answer != "Start with 10 minutes." {
		t.Errorf("faq[0] = %+v", d.FAQ[0])
	}
	if d.FAQ[1].Question != "Is it safe?" || d.FAQ[1].Answer != "Usually, yes. More text." {
		t.Errorf("faq[1] = %+v", d.FAQ[1])
	}
	for _, bad := range []string{"<script", "javascript:", "Frequently asked", "Is it safe"} {
		if strings.Contains(d.BodyHTML, bad) {
			t.Errorf("body holds %q:\n%s", bad, d.BodyHTML)
		}
	}
	if !strings.Contains(d.BodyHTML, `<h2 id="why-walking-helps-2">`) {
		t.Errorf("heading ids missing:\n%s", d.BodyHTML)
	}
	if d.Excerpt != "Walking is gentle." || d.ReadingMinutes != 1 || d.Hash == "" {
		t.Errorf("excerpt %q, minutes %d", d.Excerpt, d.ReadingMinutes)
	}
}

func TestParseErrors(t *testing.T) {
	head := "---\ntitle: T\npublished: 2026-01-02\n"
	tests := []struct {
		name, src string
		line      int
		reason    string
	}{
		{"no front matter", "# Hello\n", 1, "missing front matter"},
		{"unclosed", "---\ntitle: x\n", 1, "not closed"},
		{"missing title", "---\npublished: 2026-01-02\n---\nbody", 1, "title is missing"},
		{"empty title", "---\ntitle: \"  \"\npublished: 2026-01-02\n---\nbody", 2, "title is missing"},
		{"bad date", "---\ntitle: T\npublished: 2026-13-45\n---\n", 3, `published: "2026-13-45" is not a date`},
		{"missing date", "---\ntitle: T\n---\n", 1, "published date is missing"},
		{"updated before published", head + "updated: 2025-01-01\n---\n", 4, "before published"},
		{"bad reviewed_at", head + "reviewed_by: J Doe\nreviewer_role: GP\nreviewed_at: soon\n---\n", 6, "reviewed_at"},
		{"reviewed_by without a role", head + "reviewed_by: Jane Doe\n---\n", 4, "reviewed_by needs reviewer_role"},
		{"reviewed_by a team", head + "reviewed_by: supple editorial team\nreviewer_role: editors\n---\n", 4, "use checked_by"},
		{"reviewer_role alone", head + "reviewer_role: GP\n---\n", 4, "reviewer_role needs reviewed_by"},
		{"reviewed_at without a review", head + "checked_by: editors\nreviewed_at: 2026-01-03\n---\n", 5, "date of a clinical review"},
		{"broken yaml", "---\ntitle: T\npublished: 2026-01-02\ntags: a: b\n---\n", 4, "mapping values are not allowed"},
		{"unclosed list", "---\ntitle: T\ntags: [a, b\n---\n", 2, "did not find expected"}, // yaml marks the line before an unclosed list
		{"bad indentation", "---\ntitle: T\n  slug: x\n---\n", 3, "front matter"},
		{"unknown field", head + "colour: blue\n---\n", 4, `unknown key "colour"`},
		{"h1 in the body", head + "---\n# Title again\n", 5, "level-1 heading"},
		{"empty h1 in the body", head + "---\nText.\n\n# \n", 7, "level-1 heading"},
		{"tags not a list", head + "tags:\n  a: b\n---\n", 5, "front matter"},
		{"bad slug", head + "slug: Not A Slug\n---\n", 4, "slug"},
		{"faq without answer", head + "faq:\n  - q: Why?\n---\n", 4, "faq item 1"},
		{"not a mapping", "---\n- a\n- b\n---\n", 1, "key: value"},
		{"not utf-8", "---\ntitle: \xff\n---\n", 2, "the text is not valid UTF-8"},
		{"NUL in the body", head + "---\nText.\n\nMore\x00 text.\n", 7, "control character (U+0000)"},
		{"control character in the title", "---\ntitle: T\x01\npublished: 2026-01-02\n---\n", 2, "U+0001"},
		{"direction override in the body", head + "---\nText \u202e.\n", 5, "text-direction"},
		{"lone carriage return", head + "---\nText.\rMore.\n", 5, "U+000D"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.md", []byte(tt.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a ParseError", err)
			}
			if pe.Line != tt.line || !strings.Contains(pe.Reason, tt.reason) || pe.File != "f.md" {
				t.Errorf("got %s (line %d), want line %d with %q", pe, pe.Line, tt.line, tt.reason)
			}
		})
	}
}

// TestReviewRule: only a named clinician's review counts as one; an
// editorial check is kept apart, and text stored before the rule is
// still read.
func TestReviewRule(t *testing.T) {
	head := "---\ntitle: T\npublished: 2026-01-02\n"
	for _, tc := range []struct {
		name, fm        string
		clinician       bool
		checker, review string
	}{
		{"clinician", "reviewed_by: Jane Doe\nreviewer_role: physiotherapist\nreviewed_at: 2026-01-03\n", true, "", "Jane Doe"},
		{"clinician and editors", "reviewed_by: Jane Doe\nreviewer_role: GP\nchecked_by: supple editorial team\n", true, "supple editorial team", "Jane Doe"},
		{"editorial check", "checked_by: supple editorial team\n", false, "supple editorial team", ""},
		{"nothing", "", false, "", ""},
	} {
		d, err := Parse("f.md", []byte(head+tc.fm+"---\nHi"))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if d.Clinician() != tc.clinician || d.Checker() != tc.checker || (tc.clinician && d.ReviewedBy != tc.review) {
			t.Errorf("%s: clinician %v, checker %q, reviewed by %q", tc.name, d.Clinician(), d.Checker(), d.ReviewedBy)
		}
	}
	old := head + "reviewed_by: \"supple editorial team (checked against NICE NG59)\"\nreviewed_at: 2026-01-03\n---\nHi"
	if _, err := Parse("f.md", []byte(old)); err == nil {
		t.Error("new text with an editorial reviewed_by is accepted")
	}
	d, err := ParseStored("f.md", []byte(old))
	if err != nil || d.Clinician() || d.Checker() != "supple editorial team (checked against NICE NG59)" {
		t.Errorf("stored text: %v, clinician %v, checker %q", err, d != nil && d.Clinician(), d.Checker())
	}
}

func TestSlugFromFileName(t *testing.T) {
	d, err := Parse("dir/Upper Back Pain.md", []byte("---\ntitle: T\npublished: 2026-01-02\n---\nHi"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Slug != "upper-back-pain" || d.Category != "General" || d.Description != "Hi" {
		t.Errorf("slug %q category %q description %q", d.Slug, d.Category, d.Description)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Child's pose":             "childs-pose",
		"  What is back pain?  ":   "what-is-back-pain",
		"Cat–cow (spine) stretch!": "cat-cow-spine-stretch",
		"Über 50":                  "ber-50",
		"???":                      "",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("---\ntitle: T\npublished: 2026-01-02\n---\n## A\n### B\n## FAQ\n### Q\nA"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse("fuzz.md", src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason == "" {
				t.Fatalf("error is not a ParseError with a reason: %v", err)
			}
			return
		}
		if d.Title == "" || !slugRE.MatchString(d.Slug) || d.Published.IsZero() {
			t.Fatalf("accepted an invalid article: %+v", d)
		}
		if strings.Contains(strings.ToLower(d.BodyHTML), "<script") {
			t.Fatalf("raw HTML got through: %s", d.BodyHTML)
		}
		seen := map[string]bool{}
		for _, h := range d.TOC {
			if seen[h.ID] || h.ID == "" {
				t.Fatalf("heading ids not unique: %+v", d.TOC)
			}
			seen[h.ID] = true
		}
	})
}

func TestTypographerHeadings(t *testing.T) {
	d, err := Parse("f.md", []byte("---\ntitle: T\npublished: 2026-01-02\n---\n## Child's pose\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.TOC[0].ID != "childs-pose" || d.TOC[0].Text != "Child’s pose" {
		t.Errorf("toc = %+v, want id childs-pose and a curly apostrophe", d.TOC[0])
	}
}
