package web

import (
	"slices"
	"strings"

	"supple/internal/article"
	"supple/internal/coach"
)

// exerciseHit is an exercise that site search found, with the alias it
// was found by ("" when its name matched).
type exerciseHit struct {
	Exercise *coach.Exercise
	Alias    string
}

// maxExerciseHits is how many exercises one search lists.
const maxExerciseHits = 10

// searchExercises finds the library's exercises whose name or one alias
// holds every word of q, the last word also as the start of a word (as
// the article search does): names first, then aliases, each by name.
func searchExercises(lib *coach.Library, q string) []exerciseHit {
	terms := article.SearchTerms(q)
	if len(terms) == 0 {
		return nil
	}
	var byName, byAlias []exerciseHit
	for _, e := range lib.All() {
		if phraseHas(e.Name, terms) {
			byName = append(byName, exerciseHit{Exercise: e})
			continue
		}
		for _, a := range e.Aliases {
			if phraseHas(a, terms) {
				byAlias = append(byAlias, exerciseHit{Exercise: e, Alias: a})
				break
			}
		}
	}
	byNameOrder := func(a, b exerciseHit) int { return strings.Compare(a.Exercise.Name, b.Exercise.Name) }
	slices.SortFunc(byName, byNameOrder)
	slices.SortFunc(byAlias, byNameOrder)
	return firstN(append(byName, byAlias...), maxExerciseHits)
}

// phraseHas says whether every term is a word of phrase, the last term
// also the start of one.
func phraseHas(phrase string, terms []string) bool {
	words := article.SearchTerms(phrase)
	for i, t := range terms {
		last := i == len(terms)-1
		if !slices.ContainsFunc(words, func(w string) bool { return w == t || (last && strings.HasPrefix(w, t)) }) {
			return false
		}
	}
	return true
}
