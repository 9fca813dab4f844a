package fhir

// supple's own FHIR definitions, published on the site so that every
// URL the export uses resolves: the pain-timing extension (its
// StructureDefinition, CodeSystem and ValueSet) and the local code
// system of the Patient-Specific Functional Scale, whose LOINC code was
// not verified (clinical.md section 8).

// Paths of the definitions under the site's base URL.
const (
	PainTimingPath         = "/fhir/StructureDefinition/pain-timing"
	PainTimingCodesPath    = "/fhir/CodeSystem/pain-timing"
	PainTimingValueSetPath = "/fhir/ValueSet/pain-timing"
	PSFSPath               = "/fhir/CodeSystem/psfs"
)

// Codes of the PSFS code system.
const (
	CodePSFS         = "psfs"          // the scale: the mean of the activity scores
	CodePSFSActivity = "psfs-activity" // one activity's score
	PSFSText         = "Patient-Specific Functional Scale"
)

// ElementDefinition is one element of a StructureDefinition's
// differential.
type ElementDefinition struct {
	ID         string          `json:"id"`
	Path       string          `json:"path"`
	Short      string          `json:"short,omitempty"`
	Definition string          `json:"definition,omitempty"`
	Min        *int            `json:"min,omitempty"`
	Max        string          `json:"max,omitempty"`
	Type       []ElementType   `json:"type,omitempty"`
	FixedURI   string          `json:"fixedUri,omitempty"`
	Binding    *ElementBinding `json:"binding,omitempty"`
}

// UsageContext says where an extension may be used.
type UsageContext struct {
	Type       string `json:"type"`
	Expression string `json:"expression"`
}

// Include is one code system a value set takes codes from.
type Include struct {
	System string `json:"system"`
}

// ElementType is an element's data type.
type ElementType struct {
	Code string `json:"code"`
}

// ElementBinding binds a coded element to a value set.
type ElementBinding struct {
	Strength string `json:"strength"`
	ValueSet string `json:"valueSet"`
}

// Canonical is the metadata every definition carries; URL is where it
// is published.
type Canonical struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	URL          string `json:"url"`
	Version      string `json:"version"`
	Name         string `json:"name"`
	Title        string `json:"title"`
	Status       string `json:"status"`
	Publisher    string `json:"publisher"`
	Description  string `json:"description"`
}

// StructureDefinition defines an extension. It leaves out fhirVersion
// (optional): R4 is 4.0.1, but HL7's official R4 JSON schema that CI
// checks against allows only the versions up to 4.0.0 there.
type StructureDefinition struct {
	Canonical
	Kind           string         `json:"kind"`
	Abstract       bool           `json:"abstract"`
	Context        []UsageContext `json:"context"`
	Type           string         `json:"type"`
	BaseDefinition string         `json:"baseDefinition"`
	Derivation     string         `json:"derivation"`
	Differential   struct {
		Element []ElementDefinition `json:"element"`
	} `json:"differential"`
}

// Concept is one code of a CodeSystem.
type Concept struct {
	Code       string `json:"code"`
	Display    string `json:"display"`
	Definition string `json:"definition"`
}

// CodeSystem is a set of codes defined by supple.
type CodeSystem struct {
	Canonical
	CaseSensitive bool      `json:"caseSensitive"`
	ValueSet      string    `json:"valueSet,omitempty"`
	Content       string    `json:"content"`
	Count         int       `json:"count"`
	Concept       []Concept `json:"concept"`
}

// ValueSet is every code of one of supple's code systems.
type ValueSet struct {
	Canonical
	Compose struct {
		Include []Include `json:"include"`
	} `json:"compose"`
}

// Definitions are supple's FHIR definitions by path; abs makes a path an
// absolute URL under the site's base URL.
func Definitions(abs func(path string) string, publisher string) map[string]any {
	one, zero := 1, 0
	canon := func(rt, id, path, name, title, description string) Canonical {
		return Canonical{ResourceType: rt, ID: id, URL: abs(path), Version: "1", Name: name, Title: title, Status: "active",
			Publisher: publisher, Description: description}
	}
	sd := StructureDefinition{
		Canonical: canon("StructureDefinition", "pain-timing", PainTimingPath, "PainTiming", "Pain timing",
			"When a 0-10 pain score (LOINC 72514-3) was taken relative to an exercise session: before, during, after, or the next morning. The pain-monitoring rule compares them."),
		Kind: "complex-type", Type: "Extension",
		BaseDefinition: "http://hl7.org/fhir/StructureDefinition/Extension", Derivation: "constraint",
	}
	sd.Context = []UsageContext{{Type: "element", Expression: "Observation"}}
	sd.Differential.Element = []ElementDefinition{
		{ID: "Extension", Path: "Extension", Short: "When the pain score was taken", Definition: sd.Description, Min: &zero, Max: "1"},
		{ID: "Extension.extension", Path: "Extension.extension", Max: "0"},
		{ID: "Extension.url", Path: "Extension.url", FixedURI: abs(PainTimingPath)},
		{ID: "Extension.value[x]", Path: "Extension.value[x]", Min: &one, Type: []ElementType{{Code: "code"}},
			Binding: &ElementBinding{Strength: "required", ValueSet: abs(PainTimingValueSetPath)}},
	}
	timing := CodeSystem{
		Canonical:     canon("CodeSystem", "pain-timing", PainTimingCodesPath, "PainTiming", "Pain timing", "When a pain score was taken relative to its session."),
		CaseSensitive: true, ValueSet: abs(PainTimingValueSetPath), Content: "complete",
	}
	for _, t := range timings {
		timing.Concept = append(timing.Concept, Concept{Code: t.code, Display: t.text, Definition: t.text + ", on a 0-10 numeric rating scale."})
	}
	timing.Count = len(timing.Concept)
	vs := ValueSet{Canonical: canon("ValueSet", "pain-timing", PainTimingValueSetPath, "PainTiming", "Pain timing", "Every code of the pain-timing code system.")}
	vs.Compose.Include = []Include{{System: abs(PainTimingCodesPath)}}
	psfs := CodeSystem{
		Canonical: canon("CodeSystem", "psfs", PSFSPath, "PatientSpecificFunctionalScale", PSFSText,
			"Local codes for the Patient-Specific Functional Scale (Stratford 1995): up to three activities the person chooses, each scored from 0 (unable) to 10 (as before the problem). A LOINC code for it was not verified, so the export uses these codes with the text \""+PSFSText+"\"."),
		CaseSensitive: true, Content: "complete",
		Concept: []Concept{
			{Code: CodePSFS, Display: PSFSText, Definition: "The mean of the activity scores, 0 (unable) to 10 (as before the problem)."},
			{Code: CodePSFSActivity, Display: "PSFS activity score", Definition: "One chosen activity's score, 0 (unable) to 10 (as before the problem); the activity is the text of the component's code."},
		},
	}
	psfs.Count = len(psfs.Concept)
	return map[string]any{PainTimingPath: sd, PainTimingCodesPath: timing, PainTimingValueSetPath: vs, PSFSPath: psfs}
}
