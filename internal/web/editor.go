package web

import (
	"errors"
	"net/http"
	"strconv"

	"supple/internal/account"
	"supple/internal/editorial"
	"supple/internal/validate"
)

// requireRole lets only signed-in people with at least role through.
func (s *Site) requireRole(r *http.Request, role string) (*visitor, error) {
	v, err := s.requireUser(r)
	if err != nil {
		return nil, err
	}
	if !v.User.Can(role) {
		return nil, s.message(http.StatusForbidden, "Not allowed", map[string]string{"Heading": "This page is not open to your account",
			"Text": "This page is for " + role + "s. If you need access, ask an administrator."})
	}
	return v, nil
}

// editorHome shows per-article ratings with their weekly trend.
func (s *Site) editorHome(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		return err
	}
	rows, err := s.Desk.Ratings(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "editor", &Page{Title: "Editor: ratings", NoIndex: true, Data: rows})
}

// editorFeedback is the feedback inbox with its filters.
func (s *Site) editorFeedback(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		return err
	}
	q := r.URL.Query()
	f := editorial.FeedbackFilter{ArticleSlug: q.Get("article"), Section: q.Get("section"), Status: q.Get("status"), Limit: 200}
	f.Stars, _ = strconv.Atoi(q.Get("stars"))
	items, err := s.Desk.Feedback(r.Context(), f)
	if err != nil {
		return err
	}
	snap := s.Catalog.Snapshot()
	// The inbox names articles and sections by their titles and headings.
	titles, sections := map[string]string{}, map[string]string{"": ""}
	for _, it := range items {
		a, ok := snap.Get(it.ArticleSlug)
		if !ok {
			continue
		}
		titles[a.Slug] = a.Title
		sections[a.Slug+"#faq"] = "Frequently asked questions"
		for _, h := range a.TOC {
			sections[a.Slug+"#"+h.ID] = h.Text
		}
	}
	return s.render(w, r, http.StatusOK, "editor-feedback", &Page{Title: "Editor: feedback", NoIndex: true, Data: map[string]any{
		"Items": items, "Filter": f, "Articles": snap.List, "Statuses": editorial.FeedbackStatuses,
		"Titles": titles, "Sections": sections,
	}})
}

// setFeedbackStatus marks one feedback item, and audits it.
func (s *Site) setFeedbackStatus(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireRole(r, account.Editor)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	err = s.Desk.SetFeedbackStatus(r.Context(), id, r.PostFormValue("status"), v.User.Email)
	var invalid validate.Errors
	switch {
	case errors.As(err, &invalid):
		http.Error(w, "Choose new, read, resolved or spam.", http.StatusBadRequest)
		return nil
	case errors.Is(err, editorial.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	}
	back := r.PostFormValue("back")
	http.Redirect(w, r, "/editor/feedback"+safeQuery(back), http.StatusSeeOther)
	return nil
}

// safeQuery keeps only a query string for a redirect back to the inbox.
func safeQuery(q string) string {
	if q == "" || q[0] != '?' {
		return ""
	}
	return q
}

// auditLog shows who did what; admins only.
func (s *Site) auditLog(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Admin); err != nil {
		return err
	}
	entries, err := s.Desk.AuditLog(r.Context(), 500)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "editor-audit", &Page{Title: "Audit log", NoIndex: true, Data: entries})
}
