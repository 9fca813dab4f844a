package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every route in the router is in the OpenAPI document, and the document
// describes no route the router lacks.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	inRouter := map[string]bool{}
	for _, rt := range (&API{}).routes() {
		key := strings.ToLower(rt.method) + " " + rt.path
		inRouter[key] = true
		if _, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]; !ok {
			t.Errorf("%s %s is routed but not documented", rt.method, rt.path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !inRouter[method+" "+path] {
				t.Errorf("%s %s is documented but not routed", method, path)
			}
		}
	}
}
