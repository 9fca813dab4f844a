package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"supple/internal/account"
	"supple/internal/store"
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

type weekTrend struct {
	Label   string
	Votes   int
	Average float64
	Height  int // percent of the tallest week, for the bar
}

type articleRatings struct {
	store.ArticleRating
	Average float64
	Percent [5]int
	Trend   []weekTrend
}

// editorHome shows per-article ratings with their 8-week trend.
func (s *Site) editorHome(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		return err
	}
	rep, err := s.DB.RatingReport(r.Context())
	if err != nil {
		return err
	}
	snap := s.Catalog.Snapshot()
	weekStart := truncateDay(s.Now()).AddDate(0, 0, -int(s.Now().UTC().Weekday()+6)%7)
	var rows []articleRatings
	for _, ar := range rep {
		row := articleRatings{ArticleRating: ar}
		if ar.Totals.Votes > 0 {
			row.Average = math.Round(float64(ar.Totals.Sum)/float64(ar.Totals.Votes)*10) / 10
			for i, n := range ar.Totals.Dist {
				row.Percent[i] = n * 100 / ar.Totals.Votes
			}
		}
		if a, ok := snap.Get(ar.Slug); ok {
			since := weekStart.AddDate(0, 0, -7*7)
			votes, err := s.DB.VotesSince(r.Context(), a.ID, since)
			if err != nil {
				return err
			}
			row.Trend = trend(votes, since, 8)
		}
		rows = append(rows, row)
	}
	return s.render(w, r, http.StatusOK, "editor", &Page{Title: "Editor: ratings", NoIndex: true, Data: rows})
}

// trend buckets votes into weeks from since.
func trend(votes []store.VoteTime, since time.Time, weeks int) []weekTrend {
	out := make([]weekTrend, weeks)
	sums := make([]int, weeks)
	for i := range out {
		out[i].Label = since.AddDate(0, 0, 7*i).Format("2 Jan")
	}
	for _, v := range votes {
		i := int(v.At.Sub(since).Hours() / (24 * 7))
		if i >= 0 && i < weeks {
			out[i].Votes++
			sums[i] += v.Stars
		}
	}
	tallest := 1
	for _, t := range out {
		tallest = max(tallest, t.Votes)
	}
	for i := range out {
		if out[i].Votes > 0 {
			out[i].Average = math.Round(float64(sums[i])/float64(out[i].Votes)*10) / 10
		}
		out[i].Height = out[i].Votes * 100 / tallest
	}
	return out
}

var feedbackStatuses = []string{"new", "read", "resolved", "spam"}

// editorFeedback is the feedback inbox with its filters.
func (s *Site) editorFeedback(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.FeedbackFilter{ArticleSlug: q.Get("article"), Section: q.Get("section"), Status: q.Get("status"), Limit: 200}
	f.Stars, _ = strconv.Atoi(q.Get("stars"))
	items, err := s.DB.ListFeedback(r.Context(), f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "editor-feedback", &Page{Title: "Editor: feedback", NoIndex: true, Data: map[string]any{
		"Items": items, "Filter": f, "Articles": s.Catalog.Snapshot().List, "Statuses": feedbackStatuses,
	}})
}

// setFeedbackStatus marks one feedback item, and audits it.
func (s *Site) setFeedbackStatus(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireRole(r, account.Editor)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	status := r.PostFormValue("status")
	valid := false
	for _, st := range feedbackStatuses {
		valid = valid || st == status
	}
	if err != nil || !valid {
		http.Error(w, "Choose new, read, resolved or spam.", http.StatusBadRequest)
		return nil
	}
	err = s.DB.SetFeedbackStatus(r.Context(), id, status)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	}
	if err := s.DB.Audit(r.Context(), v.User.Email, "feedback."+status, "feedback "+r.PathValue("id"), s.Now()); err != nil {
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
	entries, err := s.DB.AuditLog(r.Context(), 500)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "editor-audit", &Page{Title: "Audit log", NoIndex: true, Data: entries})
}
