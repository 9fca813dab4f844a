package web

import (
	"strconv"
	"strings"

	"supple/internal/article"
	"supple/internal/coach"
)

// JSON-LD for search engines, as typed nodes of schema.org. Every
// property used here exists on its type (internal/server's
// TestJSONLDTypeChecks type-checks real pages against schema-dts).

const schemaOrg = "https://schema.org"

// ldThing is a named node: an Organization, a Thing, ...
type ldThing struct {
	Type     string `json:"@type"`
	Name     string `json:"name"`
	URL      string `json:"url,omitempty"`
	JobTitle string `json:"jobTitle,omitempty"` // a reviewer's clinical role (Person only)
}

type ldAudience struct {
	Type         string `json:"@type"`
	AudienceType string `json:"audienceType"`
}

type ldImage struct {
	Type    string `json:"@type"`
	URL     string `json:"url"`
	Width   string `json:"width"`
	Height  string `json:"height"`
	Caption string `json:"caption,omitempty"`
}

// ldBreadcrumbs mirrors the page's visible breadcrumb trail.
type ldBreadcrumbs struct {
	Type  string    `json:"@type"`
	Items []ldCrumb `json:"itemListElement"`
}

type ldCrumb struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

// ldExercisePlan is what an exercise page is about.
type ldExercisePlan struct {
	Type         string `json:"@type"`
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	ExerciseType string `json:"exerciseType,omitempty"`
}

// medicalWebPage is a schema.org MedicalWebPage.
type medicalWebPage struct {
	Context             string        `json:"@context"`
	Type                string        `json:"@type"`
	ID                  string        `json:"@id"`
	URL                 string        `json:"url"`
	Name                string        `json:"name"`
	Headline            string        `json:"headline,omitempty"`
	Description         string        `json:"description,omitempty"`
	InLanguage          string        `json:"inLanguage"`
	DatePublished       string        `json:"datePublished,omitempty"`
	DateModified        string        `json:"dateModified,omitempty"`
	LastReviewed        string        `json:"lastReviewed,omitempty"`
	Author              *ldThing      `json:"author,omitempty"`
	ReviewedBy          *ldThing      `json:"reviewedBy,omitempty"`
	Publisher           ldThing       `json:"publisher"`
	Keywords            string        `json:"keywords,omitempty"`
	About               any           `json:"about,omitempty"` // the article's category, or the exercise
	Image               *ldImage      `json:"image,omitempty"`
	Breadcrumb          ldBreadcrumbs `json:"breadcrumb"`
	MedicalAudience     ldAudience    `json:"medicalAudience"`
	IsAccessibleForFree bool          `json:"isAccessibleForFree"`
}

// faqPage is a schema.org FAQPage of the article's questions.
type faqPage struct {
	Context    string       `json:"@context"`
	Type       string       `json:"@type"`
	ID         string       `json:"@id"`
	MainEntity []ldQuestion `json:"mainEntity"`
}

type ldQuestion struct {
	Type           string   `json:"@type"`
	Name           string   `json:"name"`
	AcceptedAnswer ldAnswer `json:"acceptedAnswer"`
}

type ldAnswer struct {
	Type string `json:"@type"`
	Text string `json:"text"`
}

// webSite describes the site on its home page.
type webSite struct {
	Context     string  `json:"@context"`
	Type        string  `json:"@type"`
	ID          string  `json:"@id"`
	URL         string  `json:"url"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	InLanguage  string  `json:"inLanguage"`
	Publisher   ldThing `json:"publisher"`
}

// crumb is one step of a breadcrumb trail, shown and in JSON-LD.
type crumb struct{ Name, Path string }

func (s *Site) breadcrumbs(trail []crumb) ldBreadcrumbs {
	b := ldBreadcrumbs{Type: "BreadcrumbList"}
	for i, c := range trail {
		b.Items = append(b.Items, ldCrumb{Type: "ListItem", Position: i + 1, Name: c.Name, Item: s.abs(c.Path)})
	}
	return b
}

func (s *Site) publisher() ldThing {
	return ldThing{Type: "Organization", Name: s.cfg.SiteName, URL: s.abs("/")}
}

// articleTrail is the article page's breadcrumb trail.
func articleTrail(a *article.Article) []crumb {
	return []crumb{{"Home", "/"}, {"Articles", "/articles/"}, {a.Category, "/articles/?category=" + a.CategorySlug}, {a.Title, "/articles/" + a.Slug}}
}

// articleLD describes an article: a MedicalWebPage and, when there are
// questions, an FAQPage.
func (s *Site) articleLD(a *article.Article, img *PageImage) []any {
	url := s.abs("/articles/" + a.Slug)
	page := medicalWebPage{
		Context: schemaOrg, Type: "MedicalWebPage", ID: url, URL: url,
		Name: a.Title, Headline: a.Title, Description: a.Description, InLanguage: "en",
		DatePublished: a.Published.Format("2006-01-02"), DateModified: a.Updated.Format("2006-01-02"),
		Publisher: s.publisher(), Keywords: strings.Join(a.Tags, ", "),
		About:           ldThing{Type: "Thing", Name: a.Category, URL: s.abs("/articles/?category=" + a.CategorySlug)},
		Breadcrumb:      s.breadcrumbs(articleTrail(a)),
		MedicalAudience: ldAudience{Type: "MedicalAudience", AudienceType: "Patient"}, IsAccessibleForFree: true,
	}
	if img != nil {
		page.Image = &ldImage{Type: "ImageObject", URL: img.URL, Width: strconv.Itoa(img.Width), Height: strconv.Itoa(img.Height), Caption: img.Alt}
	}
	if a.Author != "" {
		page.Author = &ldThing{Type: "Organization", Name: a.Author}
	}
	if a.Clinician() { // only a named clinician's review is published as one
		page.ReviewedBy = &ldThing{Type: "Person", Name: a.ReviewedBy, JobTitle: a.ReviewerRole}
		if !a.ReviewedAt.IsZero() {
			page.LastReviewed = a.ReviewedAt.Format("2006-01-02")
		}
	}
	out := []any{page}
	if len(a.FAQ) > 0 {
		faq := faqPage{Context: schemaOrg, Type: "FAQPage", ID: url + "#faq"}
		for _, f := range a.FAQ {
			faq.MainEntity = append(faq.MainEntity, ldQuestion{Type: "Question", Name: f.Question,
				AcceptedAnswer: ldAnswer{Type: "Answer", Text: f.Answer}})
		}
		out = append(out, faq)
	}
	return out
}

// exerciseTrail is an exercise page's breadcrumb trail.
func exerciseTrail(e *coach.Exercise) []crumb {
	return []crumb{{"Home", "/"}, {"Exercises", "/exercises/"}, {e.Name, "/exercises/" + e.ID}}
}

// exerciseLD describes an exercise page: a MedicalWebPage about an
// ExercisePlan.
func (s *Site) exerciseLD(e *coach.Exercise) []any {
	url := s.abs("/exercises/" + e.ID)
	plan := ldExercisePlan{Type: "ExercisePlan", Name: e.Name, Description: e.Summary, ExerciseType: string(e.Block)}
	return []any{medicalWebPage{
		Context: schemaOrg, Type: "MedicalWebPage", ID: url, URL: url, Name: e.Name, Description: e.Summary, InLanguage: "en",
		Publisher: s.publisher(), About: plan, Breadcrumb: s.breadcrumbs(exerciseTrail(e)),
		MedicalAudience: ldAudience{Type: "MedicalAudience", AudienceType: "Patient"}, IsAccessibleForFree: true,
	}}
}

// homeLD describes the site.
func (s *Site) homeLD(description string) []any {
	return []any{webSite{Context: schemaOrg, Type: "WebSite", ID: s.abs("/"), URL: s.abs("/"), Name: s.cfg.SiteName,
		Description: description, InLanguage: "en", Publisher: s.publisher()}}
}
