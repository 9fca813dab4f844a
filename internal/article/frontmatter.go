package article

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ParseError says what is wrong with a Markdown file, and where.
type ParseError struct {
	File   string
	Line   int // 1-based; 0 when no line applies
	Reason string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// frontMatter is the YAML block at the top of an article file.
type frontMatter struct {
	Title        string    `yaml:"title"`
	Slug         string    `yaml:"slug"`
	Description  string    `yaml:"description"`
	Category     string    `yaml:"category"`
	Tags         []string  `yaml:"tags"`
	Published    string    `yaml:"published"`
	Updated      string    `yaml:"updated"`
	Author       string    `yaml:"author"`
	ReviewedBy   string    `yaml:"reviewed_by"`
	ReviewerRole string    `yaml:"reviewer_role"`
	ReviewedAt   string    `yaml:"reviewed_at"`
	CheckedBy    string    `yaml:"checked_by"`
	Draft        bool      `yaml:"draft"`
	FAQ          []faqItem `yaml:"faq"`
}

type faqItem struct {
	Q        string `yaml:"q"`
	A        string `yaml:"a"`
	Question string `yaml:"question"`
	Answer   string `yaml:"answer"`
}

var (
	yamlLine     = regexp.MustCompile(`line (\d+)`)
	unknownField = regexp.MustCompile(`field (\S+) not found in type article\.\w+`)
)

// splitFrontMatter separates the YAML block from the Markdown body. It
// returns the YAML, the body, and the file line on which the body starts.
func splitFrontMatter(src []byte) (yml, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, nil, 0, errors.New("missing front matter: the file must start with a line of three dashes (---)")
	}
	rest := src[4:]
	end := -1
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		end = 0
	} else if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		end = i + 1
	} else if bytes.HasSuffix(rest, []byte("\n---")) {
		end = len(rest) - 3
	}
	if end < 0 {
		return nil, nil, 0, errors.New("front matter is not closed: add a line of three dashes (---) after it")
	}
	yml = rest[:end]
	body = rest[min(len(rest), end+4):]
	return yml, body, 2 + bytes.Count(yml, []byte("\n")) + 1, nil
}

// decodeFrontMatter decodes and checks the YAML. Lines in errors are
// lines of the file (the YAML starts on line 2).
func decodeFrontMatter(yml []byte) (frontMatter, *yaml.Node, error) {
	var fm frontMatter
	var root yaml.Node
	if err := yaml.Unmarshal(yml, &root); err != nil {
		return fm, nil, yamlError(err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return fm, nil, &lineError{1, "front matter must be a set of key: value lines"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(yml))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		return fm, nil, yamlError(err)
	}
	return fm, root.Content[0], nil
}

// lineError is an error at a line of the file.
type lineError struct {
	line   int
	reason string
}

func (e *lineError) Error() string { return e.reason }

func yamlError(err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			line = n + 1
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = yamlLine.ReplaceAllString(msg, "")
	msg = strings.TrimLeft(msg, ": ")
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		if strings.Contains(m[0], "faqItem") {
			msg = fmt.Sprintf("unknown key %q in an faq item (use q and a)", m[1])
		} else {
			msg = fmt.Sprintf("unknown key %q (known keys: title, slug, description, category, tags, published, updated, author, reviewed_by, reviewer_role, reviewed_at, checked_by, draft, faq)", m[1])
		}
	}
	msg = strings.ReplaceAll(msg, " in type article.frontMatter", "")
	msg = strings.ReplaceAll(msg, " in type article.faqItem", "")
	return &lineError{line, "front matter: " + msg}
}

// keyLine is the file line of a top-level key, or of the block's start.
func keyLine(m *yaml.Node, key string) int {
	if m != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i].Line + 1
			}
		}
	}
	return 1
}

// parseDate accepts 2026-11-23 or an RFC 3339 time.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date: use YYYY-MM-DD", s)
		}
	}
	if t.Year() < minYear {
		// 0001-01-01 is Go's zero time: an article would read as never dated.
		return time.Time{}, fmt.Errorf("%q is before %d, which no article of ours can be", s, minYear)
	}
	return t.UTC(), nil
}

// minYear is the earliest year an article's dates may name.
const minYear = 1900

// checkReview is the front-matter rule for reviews: reviewed_by names the
// person, with a clinical role in reviewer_role, who reviewed the text;
// reviewed_at dates that review; an editorial check goes in checked_by.
func checkReview(fm frontMatter, node *yaml.Node) (line int, reason string) {
	by, role := strings.TrimSpace(fm.ReviewedBy), strings.TrimSpace(fm.ReviewerRole)
	switch lower := strings.ToLower(by); {
	case by != "" && (strings.Contains(lower, "team") || strings.Contains(lower, "editor")):
		return keyLine(node, "reviewed_by"), "reviewed_by names the clinician who reviewed the text, not a team; for an editorial check use checked_by"
	case by != "" && role == "":
		return keyLine(node, "reviewed_by"), "reviewed_by needs reviewer_role, the reviewer's clinical role (such as physiotherapist or general practitioner); for an editorial check use checked_by instead"
	case by == "" && role != "":
		return keyLine(node, "reviewer_role"), "reviewer_role needs reviewed_by, the name of the clinician who reviewed the text"
	case by == "" && strings.TrimSpace(fm.ReviewedAt) != "":
		return keyLine(node, "reviewed_at"), "reviewed_at is the date of a clinical review: give it with reviewed_by and reviewer_role"
	}
	return 0, ""
}
