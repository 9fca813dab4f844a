package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"supple/internal/account"
	"supple/internal/article"
	"supple/internal/editorial"
)

const newArticleTemplate = `---
title: "A clear title"
slug: a-clear-title
description: "One or two sentences for search results and previews."
category: Exercise and movement
tags: [exercise]
published: %s
author: supple editorial team
---
Start with a short introduction (no # heading: the title is the page's heading).

## First section

Text.

## Sources

- NICE NG59: Low back pain and sciatica in over 16s (2016, updated 2020)
`

type editData struct {
	Slug      string // "" for a new article
	Source    string
	Status    string
	Revision  int
	Error     string
	Preview   template.HTML
	PreviewOf *article.Doc
	Revisions []editorial.Revision
	Saved     string
}

func (s *Site) editorArticles(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		return err
	}
	arts, err := s.Desk.Articles(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "editor-articles", &Page{Title: "Editor: articles", NoIndex: true, Data: arts})
}

func (s *Site) editArticle(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	if slug == "new" {
		return s.renderEdit(w, r, http.StatusOK, editData{Source: fmt.Sprintf(newArticleTemplate, s.Now().UTC().Format("2006-01-02")), Status: "draft"})
	}
	a, err := s.Desk.Source(r.Context(), slug)
	if errors.Is(err, editorial.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	d := editData{Slug: a.Slug, Source: a.Source, Status: a.Status, Revision: a.Revision}
	if n := r.URL.Query().Get("saved"); n != "" {
		d.Saved = "Saved as revision " + n + "."
	}
	return s.renderEdit(w, r, http.StatusOK, d)
}

func (s *Site) renderEdit(w http.ResponseWriter, r *http.Request, status int, d editData) error {
	if d.Slug != "" {
		revs, err := s.Desk.Revisions(r.Context(), d.Slug)
		if err != nil {
			return err
		}
		d.Revisions = revs
	}
	p := &Page{Title: "Editor: edit article", NoIndex: true, Data: d}
	if d.Error != "" {
		p.Alert, p.AlertLink = d.Error, "#source"
	}
	return s.render(w, r, status, "editor-edit", p)
}

// saveArticle previews or saves the Markdown an editor wrote; a failed
// save keeps every character of it.
func (s *Site) saveArticle(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireRole(r, account.Editor)
	if err != nil {
		return err
	}
	src := strings.ReplaceAll(r.PostFormValue("source"), "\r\n", "\n")
	d := editData{Slug: r.PostFormValue("slug"), Source: src, Status: r.PostFormValue("status")}
	if d.Status != "draft" && d.Status != "published" {
		d.Status = "draft"
	}
	doc, err := article.Parse("article.md", []byte(src))
	var pe *article.ParseError
	if errors.As(err, &pe) {
		d.Error = "This article cannot be saved yet: " + strings.TrimPrefix(pe.Error(), "article.md:") + ". Your text is kept below."
		if pe.Line > 0 {
			d.Error = fmt.Sprintf("Line %d: %s. Your text is kept below.", pe.Line, pe.Reason)
		}
		return s.renderEdit(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	if r.PostFormValue("action") == "preview" {
		d.PreviewOf, d.Preview = doc, template.HTML(doc.BodyHTML)
		return s.renderEdit(w, r, http.StatusOK, d)
	}
	if d.Slug != doc.Slug {
		if _, err := s.Desk.Source(r.Context(), doc.Slug); err == nil {
			d.Error = fmt.Sprintf("The slug %q belongs to another article; choose another slug.", doc.Slug)
			return s.renderEdit(w, r, http.StatusConflict, d)
		}
	}
	doc.Draft = d.Status == "draft"
	return s.storeArticle(w, r, v, doc, func(o editorial.Outcome) string { return "article." + string(o) + " (" + d.Status + ")" })
}

// storeArticle saves an article with its audit line and returns the
// editor to the article.
func (s *Site) storeArticle(w http.ResponseWriter, r *http.Request, v *visitor, doc *article.Doc, action func(editorial.Outcome) string) error {
	rev, err := s.Desk.Save(r.Context(), doc, v.User.Email, action)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/editor/articles/"+doc.Slug+"?saved="+strconv.Itoa(rev), http.StatusSeeOther)
	return nil
}

// revisionSource reads the revision named in the path.
func (s *Site) revisionSource(r *http.Request) (slug string, rev int, src string, err error) {
	slug = r.PathValue("slug")
	rev, err = strconv.Atoi(r.PathValue("rev"))
	if err != nil {
		return slug, rev, "", fmt.Errorf("web: revision %q of %q: %w", r.PathValue("rev"), slug, editorial.ErrNotFound)
	}
	src, err = s.Desk.RevisionSource(r.Context(), slug, rev)
	return slug, rev, src, err
}

// revision shows what a revision changed against the one before it.
func (s *Site) revision(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		return err
	}
	slug, rev, cur, err := s.revisionSource(r)
	if err != nil {
		return err
	}
	prev, err := s.Desk.RevisionSource(r.Context(), slug, rev-1)
	if err != nil && !errors.Is(err, editorial.ErrNotFound) {
		return err
	}
	diff := article.Diff(splitLines(prev), splitLines(cur))
	return s.render(w, r, http.StatusOK, "editor-revision", &Page{Title: "Editor: revision", NoIndex: true,
		Data: map[string]any{"Slug": slug, "Revision": rev, "Diff": diff}})
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// restore saves an old revision's source as the newest revision.
func (s *Site) restore(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireRole(r, account.Editor)
	if err != nil {
		return err
	}
	slug, rev, src, err := s.revisionSource(r)
	if err != nil {
		return err
	}
	cur, err := s.Desk.Source(r.Context(), slug)
	if err != nil {
		return err
	}
	doc, err := article.Parse(slug+".md", []byte(src))
	if err != nil {
		return err
	}
	doc.Slug, doc.Draft = slug, cur.Status == "draft"
	return s.storeArticle(w, r, v, doc, func(editorial.Outcome) string { return "article.restore revision " + strconv.Itoa(rev) })
}
