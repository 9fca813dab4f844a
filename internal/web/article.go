package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"supple/internal/article"
	"supple/internal/httpx"
	"supple/internal/rating"
	"supple/internal/validate"
)

// ratingState is the "Was this article useful?" panel's state.
type ratingState struct {
	Summary     rating.Summary
	Stars       int  // the reader's stored vote (0: none or unknown)
	ShowThanks  bool // after 4-5 stars
	ShowImprove bool // after 1-3 stars, or when the feedback form needs fixing
	Sent        bool // feedback was received
	FormStars   int  // the stars sent with the feedback form
	Error       string
	Errors      validate.Errors
	Text        string // feedback kept on a failed submit
	Section     string
	Follow      []Link
	MaxChars    int
}

// readerStars is the stored vote of the reader making the request.
func (s *Site) readerStars(r *http.Request, a *article.Article) (int, error) {
	id, ok := httpx.ExistingReaderID(r)
	if !ok {
		return 0, nil
	}
	return s.Ratings.StarsOf(r.Context(), a.ID, id)
}

type articleData struct {
	Article *article.Article
	Rating  ratingState
}

// articlePage serves an article. The plain page is rendered once per
// article version and rating total and then served from memory.
func (s *Site) articlePage(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.Catalog.Snapshot().Get(r.PathValue("slug"))
	if !ok {
		return errNotFound
	}
	q := r.URL.Query()
	st := ratingState{Summary: s.Ratings.Summary(a.ID)}
	// Only a reader who has voted carries the reader cookie (the vote set
	// it); they see their own vote, everyone else the page from memory.
	_, voter := httpx.ExistingReaderID(r)
	if q.Get("rated") == "" && q.Get("feedback") == "" && visitorOf(r).User == nil && !voter {
		return s.cachedArticle(w, r, a, st.Summary)
	}
	stars, err := s.readerStars(r, a)
	if err != nil {
		return err
	}
	if stars == 0 && q.Get("rated") == "" && q.Get("feedback") == "" && visitorOf(r).User == nil {
		return s.cachedArticle(w, r, a, st.Summary) // a voter on another article
	}
	st.Stars, st.FormStars = stars, stars
	st.Sent = q.Get("feedback") == "sent"
	// Thanks or the feedback form follow a vote just sent; a later visit
	// only says what the reader chose.
	rated := q.Get("rated") != ""
	st.ShowThanks = rated && stars >= 4
	st.ShowImprove = rated && stars >= 1 && stars <= 3
	w.Header().Set("Cache-Control", "no-store")
	return s.showArticle(w, r, http.StatusOK, a, st)
}

// articleVersion is what a cached article page shows: the catalog's
// version and the article's committed rating totals.
type articleVersion struct {
	catalog uint64
	rating  rating.Summary
}

// cachedArticle serves the plain article page from memory. Its version is
// the catalog's and the committed rating totals, so a vote gives the page a
// new ETag (and a conditional request for the old one the new page).
func (s *Site) cachedArticle(w http.ResponseWriter, r *http.Request, a *article.Article, sum rating.Summary) error {
	version := articleVersion{catalog: s.Catalog.Snapshot().Version, rating: sum}
	return s.serveCached(w, r, "article "+a.Slug, version, htmlType, "no-cache", func() ([]byte, error) {
		return s.renderArticle(a, ratingState{Summary: sum})
	})
}

func (s *Site) showArticle(w http.ResponseWriter, r *http.Request, status int, a *article.Article, st ratingState) error {
	return s.render(w, r, status, "article", s.articlePageData(a, st))
}

func (s *Site) renderArticle(a *article.Article, st ratingState) ([]byte, error) {
	return s.renderBytes("article", s.articlePageData(a, st))
}

func (s *Site) articlePageData(a *article.Article, st ratingState) *Page {
	st.Follow = s.cfg.Follow
	st.MaxChars = rating.MaxFeedback
	img := &PageImage{URL: s.cardURL(a), Width: CardWidth, Height: CardHeight, Alt: a.Title + " (" + a.Category + ")"}
	p := &Page{
		Title: a.Title, Description: a.Description, Path: "/articles/" + a.Slug, OGType: "article",
		Published: a.Published, Updated: a.Updated, Image: img, LD: s.articleLD(a, img),
		Data: articleData{Article: a, Rating: st},
	}
	if st.Error != "" {
		p.Title = "Error: " + a.Title
		p.Alert, p.AlertLink = st.Error, "#rate"
	}
	return p
}

// rate takes a plain-form vote and redirects back to the article.
func (s *Site) rate(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.Catalog.Snapshot().Get(r.PathValue("slug"))
	if !ok {
		return errNotFound
	}
	st := ratingState{Summary: s.Ratings.Summary(a.ID)}
	if stars, err := s.readerStars(r, a); err == nil {
		st.Stars, st.FormStars = stars, stars
	}
	if err := r.ParseForm(); err != nil {
		st.Error = "We could not read your rating. Please choose from 1 to 5 stars and try again."
		return s.showArticle(w, r, http.StatusBadRequest, a, st)
	}
	stars, err := strconv.Atoi(r.PostForm.Get("stars"))
	if err != nil {
		stars = 0
	}
	reader := httpx.ReaderID(w, r, s.secure)
	if _, err := s.Ratings.Vote(r.Context(), a.ID, a.Revision, reader, s.client(r), stars); err != nil {
		return s.formError(w, r, a, st, err)
	}
	http.Redirect(w, r, "/articles/"+a.Slug+"?rated=1#rate", http.StatusSeeOther)
	return nil
}

// feedback takes the plain feedback form.
func (s *Site) feedback(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.Catalog.Snapshot().Get(r.PathValue("slug"))
	if !ok {
		return errNotFound
	}
	st := ratingState{Summary: s.Ratings.Summary(a.ID), ShowImprove: true}
	if stars, err := s.readerStars(r, a); err == nil {
		st.Stars, st.FormStars = stars, stars
	}
	if err := r.ParseForm(); err != nil {
		st.Error = "Your feedback is longer than we can accept. Please shorten it to 2,000 characters."
		return s.showArticle(w, r, http.StatusRequestEntityTooLarge, a, st)
	}
	stars, err := strconv.Atoi(r.PostForm.Get("stars"))
	if err != nil || stars < 1 || stars > 5 {
		stars = st.Stars // the hidden field is ours; fall back to the stored vote
	}
	st.FormStars, st.Text, st.Section = stars, r.PostForm.Get("text"), r.PostForm.Get("section")
	_, err = s.Ratings.Feedback(r.Context(), rating.FeedbackInput{
		ArticleID: a.ID, Revision: a.Revision, Stars: stars, Section: st.Section, Text: st.Text, Sections: sectionIDs(a),
	}, s.client(r))
	if err != nil {
		return s.formError(w, r, a, st, err)
	}
	http.Redirect(w, r, "/articles/"+a.Slug+"?feedback=sent#rate", http.StatusSeeOther)
	return nil
}

// formError re-renders the article with the message next to the form.
func (s *Site) formError(w http.ResponseWriter, r *http.Request, a *article.Article, st ratingState, err error) error {
	var verr validate.Errors
	switch {
	case errors.As(err, &verr):
		st.Errors = verr
		st.Error = verr[0].Message + "."
		w.Header().Set("Cache-Control", "no-store")
		return s.showArticle(w, r, http.StatusUnprocessableEntity, a, st)
	case errors.Is(err, rating.ErrLimited), errors.Is(err, rating.ErrFeedbackLimited):
		st.Error = sentence(err.Error())
		w.Header().Set("Retry-After", "60")
		return s.showArticle(w, r, http.StatusTooManyRequests, a, st)
	default:
		return err
	}
}

// sentence capitalizes a message and ends it with a full stop.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

func (s *Site) client(r *http.Request) string {
	return rating.ClientKey(s.cfg.Secret, httpx.ClientAddr(r, s.cfg.TrustProxy))
}

// sectionIDs are the ids a reader may name in feedback.
func sectionIDs(a *article.Article) []string {
	ids := make([]string, 0, len(a.TOC)+1)
	for _, h := range a.TOC {
		ids = append(ids, h.ID)
	}
	if len(a.FAQ) > 0 {
		ids = append(ids, "faq")
	}
	return ids
}
