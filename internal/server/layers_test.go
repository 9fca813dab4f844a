package server_test

import (
	"go/build"
	"slices"
	"testing"
)

// TestLayersPointOneWay holds the dependency direction cmd → web/api →
// domain → store: the HTTP layers reach the database only through the
// domain packages, and the domain never imports the HTTP layers.
func TestLayersPointOneWay(t *testing.T) {
	t.Parallel()
	forbidden := map[string][]string{
		"supple/internal/web":       {"supple/internal/store", "supple/internal/server"},
		"supple/internal/api":       {"supple/internal/store", "supple/internal/server", "supple/internal/web"},
		"supple/internal/coach":     {"supple/internal/store", "supple/internal/web", "supple/internal/api", "supple/internal/httpx"},
		"supple/internal/plans":     {"supple/internal/web", "supple/internal/api", "supple/internal/httpx"},
		"supple/internal/progress":  {"supple/internal/web", "supple/internal/api", "supple/internal/httpx"},
		"supple/internal/article":   {"supple/internal/web", "supple/internal/api", "supple/internal/httpx"},
		"supple/internal/rating":    {"supple/internal/web", "supple/internal/api", "supple/internal/httpx"},
		"supple/internal/account":   {"supple/internal/web", "supple/internal/api", "supple/internal/httpx"},
		"supple/internal/editorial": {"supple/internal/web", "supple/internal/api", "supple/internal/httpx"},
		"supple/internal/store":     {"supple/internal/coach", "supple/internal/plans", "supple/internal/progress", "supple/internal/web", "supple/internal/api"},
	}
	for pkg, never := range forbidden {
		p, err := build.Import(pkg, ".", 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		for _, imp := range never {
			if slices.Contains(p.Imports, imp) {
				t.Errorf("%s imports %s (outside its tests), against the layers' direction", pkg, imp)
			}
		}
	}
}
