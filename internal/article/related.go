package article

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Weights of the related-article score.
const (
	weightTag      = 3.0  // per shared tag
	weightCategory = 2.0  // same category
	weightText     = 10.0 // times the cosine similarity of the texts
)

// RelatedScore is how related b is to a: shared tags, same category and
// TF-IDF text similarity. vecs holds each article's text vector.
func relatedScore(a, b *Article, va, vb map[string]float64) float64 {
	s := 0.0
	for _, t := range a.Tags {
		for _, u := range b.Tags {
			if t == u {
				s += weightTag
			}
		}
	}
	if a.CategorySlug == b.CategorySlug {
		s += weightCategory
	}
	return s + weightText*cosine(va, vb)
}

// linkRelated fills each article's Related with the n best-scoring other
// articles; when fewer score above zero, the newest of the same category
// fill the gap. Ties go to the newer article, then to the slug, so the
// result is deterministic.
func linkRelated(s *Snapshot, n int) {
	vecs := tfidf(s.List)
	type cand struct {
		a     *Article
		score float64
	}
	for i, a := range s.List {
		var cs []cand
		for j, b := range s.List {
			if i == j {
				continue
			}
			if sc := relatedScore(a, b, vecs[i], vecs[j]); sc > 0 {
				cs = append(cs, cand{b, sc})
			}
		}
		sort.SliceStable(cs, func(x, y int) bool {
			if d := cs[x].score - cs[y].score; math.Abs(d) > 1e-9 {
				return d > 0
			}
			return newer(cs[x].a, cs[y].a)
		})
		a.Related = nil
		picked := map[*Article]bool{a: true}
		for _, c := range cs {
			if len(a.Related) == n {
				break
			}
			a.Related = append(a.Related, c.a)
			picked[c.a] = true
		}
		for _, b := range s.byCategory[a.CategorySlug].Articles {
			if len(a.Related) == n {
				break
			}
			if !picked[b] {
				a.Related = append(a.Related, b)
				picked[b] = true
			}
		}
	}
}

// tfidf builds a normalised term vector per article from its title,
// description and body.
func tfidf(list []*Article) []map[string]float64 {
	tfs := make([]map[string]float64, len(list))
	df := map[string]int{}
	for i, a := range list {
		tf := map[string]float64{}
		for _, w := range words(a.Title + " " + a.Description + " " + a.BodyText) {
			tf[w]++
		}
		for w := range tf {
			df[w]++
		}
		tfs[i] = tf
	}
	n := float64(len(list))
	for _, tf := range tfs {
		norm := 0.0
		for w, c := range tf {
			v := (1 + math.Log(c)) * math.Log(1+n/float64(df[w]))
			tf[w] = v
			norm += v * v
		}
		norm = math.Sqrt(norm)
		for w := range tf {
			if norm > 0 {
				tf[w] /= norm
			}
		}
	}
	return tfs
}

func cosine(a, b map[string]float64) float64 {
	if len(b) < len(a) {
		a, b = b, a
	}
	s := 0.0
	for w, v := range a {
		s += v * b[w]
	}
	return s
}

var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for are but not you your with this that from have has had can will was were
		they them their there what when which who how why all any our out about into over more most some such than then
		too very just also may might should would could does did its it's been being each other only own same so
		these those while where here one two much many like get got make made take use used`) {
		stopwords[w] = true
	}
}

func words(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := f[:0]
	for _, w := range f {
		if len(w) >= 3 && !stopwords[w] {
			out = append(out, w)
		}
	}
	return out
}
