package fhir

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Problems lists what is wrong with a bundle, each naming where.
type Problems []string

func (p Problems) Error() string { return "fhir: " + strings.Join(p, "; ") }

// The FHIR R4 regular expressions for id, dateTime and instant.
var (
	idRE       = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)
	dateTimeRE = regexp.MustCompile(`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$`)
	instantRE  = regexp.MustCompile(`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$`)
	uuidURNRE  = regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	loincRE    = regexp.MustCompile(`^[0-9]{1,7}-[0-9]$`)
)

// Value sets of FHIR R4 (required bindings).
var (
	bundleTypes        = []string{"document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection"}
	observationStatus  = []string{"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"}
	observationCatCode = []string{"social-history", "vital-signs", "imaging", "laboratory", "procedure", "survey", "exam", "therapy", "activity"}
	subjectTypes       = []string{"Patient", "Group", "Device", "Location"}
	valueFields        = []string{"valueQuantity", "valueCodeableConcept", "valueString", "valueBoolean", "valueInteger", "valueRange",
		"valueRatio", "valueSampledData", "valueTime", "valueDateTime", "valuePeriod"}
	effectiveFields = []string{"effectiveDateTime", "effectivePeriod", "effectiveTiming", "effectiveInstant"}
)

type obj = map[string]any

// ValidateBundle checks a JSON Bundle against the FHIR R4 rules this
// export relies on: the Bundle's type and entries (each with a unique
// fullUrl and a resource), ids, and for every Observation its status,
// category (observation-category), a LOINC code or the PSFS code, a
// subject that resolves inside the bundle, one effective[x] that is a
// valid time, and exactly one value[x] of the type its code needs
// (72514-3: an integer 0-10; 55411-3: minutes in UCUM; PSFS: a {score}
// from 0 to 10 with one integer component per activity). It returns
// Problems, or nil.
func ValidateBundle(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var b obj
	if err := dec.Decode(&b); err != nil {
		return Problems{"the bundle is not a JSON object: " + err.Error()}
	}
	var p Problems
	bad := func(format string, a ...any) { p = append(p, fmt.Sprintf(format, a...)) }
	if b["resourceType"] != "Bundle" {
		bad("resourceType is %v, not Bundle", b["resourceType"])
	}
	if t, _ := b["type"].(string); !slices.Contains(bundleTypes, t) {
		bad("Bundle.type %v is not a bundle type", b["type"])
	}
	checkID(b, "Bundle", bad)
	if ts, ok := b["timestamp"]; ok {
		if s, _ := ts.(string); !instantRE.MatchString(s) {
			bad("Bundle.timestamp %v is not an instant", ts)
		}
	}
	rawEntries, ok := b["entry"].([]any)
	if _, present := b["entry"]; present && !ok {
		bad("Bundle.entry is not a list")
	}
	// Index the entries first, so references resolve in any order.
	type entry struct {
		where string
		res   obj
	}
	var entries []entry
	byURL := map[string]obj{}
	for i, re := range rawEntries {
		where := fmt.Sprintf("entry[%d]", i)
		e, ok := re.(obj)
		if !ok {
			bad("%s is not an object", where)
			continue
		}
		full, _ := e["fullUrl"].(string)
		switch {
		case full == "":
			bad("%s has no fullUrl", where)
		case strings.HasPrefix(full, "urn:uuid:") && !uuidURNRE.MatchString(full):
			bad("%s.fullUrl %q is not a valid urn:uuid", where, full)
		case !strings.HasPrefix(full, "urn:") && !strings.HasPrefix(full, "http://") && !strings.HasPrefix(full, "https://"):
			bad("%s.fullUrl %q is not an absolute URI", where, full)
		case byURL[full] != nil:
			bad("%s.fullUrl %q appears twice", where, full)
		}
		res, ok := e["resource"].(obj)
		if !ok {
			bad("%s has no resource", where)
			continue
		}
		rt, _ := res["resourceType"].(string)
		if rt == "" {
			bad("%s.resource has no resourceType", where)
			continue
		}
		if full != "" && byURL[full] == nil {
			byURL[full] = res
		}
		if id, _ := res["id"].(string); id != "" {
			byURL[rt+"/"+id] = res
		}
		entries = append(entries, entry{where + ".resource", res})
	}
	for _, e := range entries {
		rt := e.res["resourceType"].(string)
		checkID(e.res, e.where, bad)
		if rt == "Observation" {
			checkObservation(e.res, e.where, byURL, bad)
		}
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

func checkID(r obj, where string, bad func(string, ...any)) {
	if id, ok := r["id"]; ok {
		if s, _ := id.(string); !idRE.MatchString(s) {
			bad("%s.id %v is not a valid id", where, id)
		}
	}
}

func checkObservation(o obj, where string, byURL map[string]obj, bad func(string, ...any)) {
	if s, _ := o["status"].(string); !slices.Contains(observationStatus, s) {
		bad("%s.status %v is not an observation status", where, o["status"])
	}
	// category: some coding from observation-category with a known code.
	cats, _ := o["category"].([]any)
	found := false
	for _, c := range cats {
		for _, cd := range codings(c) {
			if cd["system"] == ObservationCategory {
				code, _ := cd["code"].(string)
				if !slices.Contains(observationCatCode, code) {
					bad("%s.category code %v is not in observation-category", where, cd["code"])
				}
				found = true
			}
		}
	}
	if !found {
		bad("%s has no category coded in %s", where, ObservationCategory)
	}
	// code: a LOINC coding, or the PSFS code of supple's code system.
	loinc, psfs := "", false
	for _, cd := range codings(o["code"]) {
		sys, _ := cd["system"].(string)
		switch {
		case sys == LOINC:
			loinc, _ = cd["code"].(string)
		case strings.HasSuffix(sys, PSFSPath) && cd["code"] == CodePSFS:
			psfs = true
		}
	}
	switch {
	case o["code"] == nil:
		bad("%s has no code", where)
	case psfs && loinc == "":
		loinc = CodePSFS
	case loinc == "":
		bad("%s.code has no coding with system %s and a code (nor the PSFS code of %s)", where, LOINC, PSFSPath)
	case !loincRE.MatchString(loinc):
		bad("%s.code %q is not a LOINC code", where, loinc)
	}
	// subject: resolves to a Patient (or Group, Device, Location) in the bundle.
	subj, _ := o["subject"].(obj)
	ref, _ := subj["reference"].(string)
	switch target := byURL[ref]; {
	case ref == "":
		bad("%s has no subject reference", where)
	case target == nil:
		bad("%s.subject %q does not resolve inside the bundle", where, ref)
	case !slices.Contains(subjectTypes, fmt.Sprint(target["resourceType"])):
		bad("%s.subject %q is a %v, not a Patient", where, ref, target["resourceType"])
	}
	// effective[x]: exactly one, a valid time.
	var eff []string
	for _, f := range effectiveFields {
		if _, ok := o[f]; ok {
			eff = append(eff, f)
		}
	}
	switch {
	case len(eff) == 0:
		bad("%s has no effective[x]", where)
	case len(eff) > 1:
		bad("%s has %d effective[x] (%s); at most one", where, len(eff), strings.Join(eff, ", "))
	case eff[0] == "effectiveDateTime":
		if s, _ := o[eff[0]].(string); !validDateTime(s) {
			bad("%s.effectiveDateTime %v is not a FHIR dateTime", where, o[eff[0]])
		}
	case eff[0] == "effectiveInstant":
		if s, _ := o[eff[0]].(string); !instantRE.MatchString(s) {
			bad("%s.effectiveInstant %v is not a FHIR instant", where, o[eff[0]])
		}
	case eff[0] == "effectivePeriod":
		per, _ := o[eff[0]].(obj)
		start, _ := per["start"].(string)
		if !validDateTime(start) {
			bad("%s.effectivePeriod.start %v is not a FHIR dateTime", where, per["start"])
		}
	}
	// value[x]: exactly one, of the type the code needs.
	var vals []string
	for k := range o {
		if strings.HasPrefix(k, "value") {
			vals = append(vals, k)
		}
	}
	slices.Sort(vals)
	if len(vals) != 1 {
		bad("%s has %d value[x] (%s); want exactly one", where, len(vals), strings.Join(vals, ", "))
		return
	}
	if !slices.Contains(valueFields, vals[0]) {
		bad("%s.%s is not an Observation value[x] type", where, vals[0])
		return
	}
	v := o[vals[0]]
	switch loinc {
	case CodePain:
		n, ok := v.(json.Number)
		i, err := n.Int64()
		switch {
		case vals[0] != "valueInteger":
			bad("%s: a 0-10 pain score (%s) needs valueInteger, not %s", where, CodePain, vals[0])
		case !ok || err != nil:
			bad("%s.valueInteger %v is not an integer", where, v)
		case i < 0 || i > 10:
			bad("%s.valueInteger %d is outside 0-10", where, i)
		}
	case CodePSFS:
		checkPSFS(o, vals[0], v, where, bad)
	case CodeExerciseMinutes:
		q, _ := v.(obj)
		n, ok := q["value"].(json.Number)
		f, err := n.Float64()
		switch {
		case vals[0] != "valueQuantity":
			bad("%s: exercise duration (%s) needs valueQuantity, not %s", where, CodeExerciseMinutes, vals[0])
		case q["system"] != UCUM || q["code"] != "min":
			bad("%s.valueQuantity must be in minutes: system %s, code min", where, UCUM)
		case !ok || err != nil || f < 0:
			bad("%s.valueQuantity.value %v is not a number of minutes", where, q["value"])
		}
	}
}

// checkPSFS checks a PSFS Observation: the mean of its activities as a
// {score} quantity from 0 to 10, and each activity a component with its
// name as the code's text and an integer score from 0 to 10.
func checkPSFS(o obj, field string, v any, where string, bad func(string, ...any)) {
	q, _ := v.(obj)
	n, ok := q["value"].(json.Number)
	f, err := n.Float64()
	switch {
	case field != "valueQuantity":
		bad("%s: the PSFS mean needs valueQuantity, not %s", where, field)
	case q["system"] != UCUM || q["code"] != "{score}":
		bad("%s.valueQuantity must be a score: system %s, code {score}", where, UCUM)
	case !ok || err != nil || f < 0 || f > 10:
		bad("%s.valueQuantity.value %v is not a score from 0 to 10", where, q["value"])
	}
	comps, _ := o["component"].([]any)
	if len(comps) == 0 {
		bad("%s: a PSFS has no activity components", where)
	}
	for i, c := range comps {
		cw := fmt.Sprintf("%s.component[%d]", where, i)
		co, _ := c.(obj)
		code, _ := co["code"].(obj)
		if text, _ := code["text"].(string); strings.TrimSpace(text) == "" {
			bad("%s.code has no text naming the activity", cw)
		}
		n, ok := co["valueInteger"].(json.Number)
		i, err := n.Int64()
		if !ok || err != nil || i < 0 || i > 10 {
			bad("%s.valueInteger %v is not a score from 0 to 10", cw, co["valueInteger"])
		}
	}
}

// codings returns the codings of a CodeableConcept.
func codings(cc any) []obj {
	c, _ := cc.(obj)
	list, _ := c["coding"].([]any)
	var out []obj
	for _, x := range list {
		if o, ok := x.(obj); ok {
			out = append(out, o)
		}
	}
	return out
}

// validDateTime checks the R4 pattern and that the date exists.
func validDateTime(s string) bool {
	if !dateTimeRE.MatchString(s) {
		return false
	}
	if len(s) >= 10 {
		if _, err := time.Parse(time.DateOnly, s[:10]); err != nil {
			return false
		}
	}
	return true
}
