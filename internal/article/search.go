package article

import (
	"context"
	"strings"

	"supple/internal/store"
)

// Hit is one published article that matches a search, with a snippet of
// its text cut into plain and matching parts.
type Hit struct {
	Article *Article
	Snippet []SnippetPart
}

// SnippetPart is a run of a snippet's text; Mark is set on the words that
// matched, for the page to highlight.
type SnippetPart struct {
	Text string
	Mark bool
}

// Search finds up to limit published articles for a reader's query, best
// first.
func (c *Catalog) Search(ctx context.Context, q string, limit int) ([]Hit, error) {
	found, err := c.db.Search(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	snap := c.Snapshot()
	hits := make([]Hit, 0, len(found))
	for _, h := range found {
		if a, ok := snap.Get(h.Slug); ok {
			hits = append(hits, Hit{Article: a, Snippet: splitMarks(h.Snippet)})
		}
	}
	return hits, nil
}

// SearchTerms are the words of q that a search looks for.
func SearchTerms(q string) []string { return store.SearchTerms(q) }

// splitMarks cuts a snippet at the store's match markers.
func splitMarks(snip string) []SnippetPart {
	var parts []SnippetPart
	for snip != "" {
		i := strings.Index(snip, store.MarkStart)
		if i < 0 {
			parts = append(parts, SnippetPart{Text: snip})
			break
		}
		if i > 0 {
			parts = append(parts, SnippetPart{Text: snip[:i]})
		}
		snip = snip[i+len(store.MarkStart):]
		j := strings.Index(snip, store.MarkEnd)
		if j < 0 {
			j = len(snip)
		}
		parts = append(parts, SnippetPart{Text: snip[:j], Mark: true})
		snip = strings.TrimPrefix(snip[j:], store.MarkEnd)
	}
	return parts
}
