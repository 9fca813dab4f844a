package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"supple/internal/coach"
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

// The document's Profile has every field of coach.Profile, and its lists
// of values are coach's (the old "bike" is still accepted).
func TestOpenAPIProfileIsCoachs(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Profile struct {
					Properties map[string]struct {
						Enum  []string `json:"enum"`
						Items struct {
							Enum []string `json:"enum"`
						} `json:"items"`
					} `json:"properties"`
				} `json:"Profile"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	props := doc.Components.Schemas.Profile.Properties
	for _, f := range reflect.VisibleFields(reflect.TypeFor[coach.Profile]()) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if _, ok := props[name]; name != "" && name != "-" && !ok {
			t.Errorf("coach.Profile has %q, the OpenAPI Profile does not", name)
		}
	}
	for field, want := range map[string][]string{
		"access":         append(slices.Clone(coach.AccessValues), coach.AccessOldBike),
		"floor_transfer": coach.FloorValues,
		"mobility_aid":   coach.AidValues,
		"sex":            coach.SexValues,
		"conditions":     coach.ConditionValues,
		"activity_level": coach.ActivityValues,
	} {
		got := props[field].Enum
		if got == nil {
			got = props[field].Items.Enum
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("%s: the document lists %v, coach knows %v", field, got, want)
		}
	}
}
